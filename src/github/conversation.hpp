#pragma once
// What bicepgate says back to GitHub through the API: the repository_dispatch event that wakes
// the deployment-error-fixer, and the one sticky comment per pull request and environment.

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>

#include "github/api.hpp"
#include "util/result.hpp"

namespace bicepgate::github {

inline constexpr const char* kDefaultDispatchEventType = "deployment-fix-request";
// GitHub takes client_payload below 64 KB and with at most 10 top-level properties.
inline constexpr std::size_t kDispatchPayloadMaxBytes = std::size_t{60} * 1024;

// Where the agent finds a fix-request too large to travel in the event.
struct FixRequestPointer {
  std::string artifact = "bicepgate-fix-request";  // the workflow uploads the file under this name
  std::string file;                                // the file name inside the artifact
  std::string run_id;
  std::string run_url;
};

// Pure. {"event_type", "client_payload"}: the fix-request itself when it fits, else a pointer
// to it (client_payload.fix_request_pointer) with the facts the agent needs to decide.
nlohmann::json dispatch_body(const std::string& event_type, const nlohmann::json& fix_request,
                             const FixRequestPointer& pointer,
                             std::size_t max_bytes = kDispatchPayloadMaxBytes);

// POST /repos/{repository}/dispatches.
Status send_dispatch(const GitHubApi& api, const std::string& repository,
                     const nlohmann::json& body);

// The hidden line that identifies our comment for one environment.
std::string comment_marker(const std::string& environment);
// `<!-- bicepgate:KIND environment=NAME -->`, the name made safe inside an HTML comment
// (comment_marker is kind "pr-comment").
std::string hidden_marker(const std::string& kind, const std::string& environment);

// Pure. The login in an answer to the GraphQL query `{ viewer { login } }` or to GET /user.
Result<std::string> login_in(const nlohmann::json& answer);

// The account the API's token acts as, spelled as GitHub spells a comment's `user.login`: a
// person's login for a personal access token, `github-actions[bot]` for the workflow's
// GITHUB_TOKEN, `<app-slug>[bot]` for another GitHub App's installation token.
Result<std::string> token_login(const GitHubApi& api);

struct OwnComment {
  long long id = 0;  // 0: none on this page
  int foreign = 0;   // comments carrying the marker that someone else wrote
};

// Pure. On one page of GET /repos/{repository}/issues/{n}/comments, the first comment that
// carries `marker` and was written by `login`. Anyone can paste the marker into a comment of
// their own; such comments are counted, never chosen.
OwnComment find_own_comment(const nlohmann::json& page, const std::string& marker,
                            const std::string& login);

struct StickyComment {
  long long id = 0;
  bool created = false;  // false: an existing comment was edited
  int foreign = 0;       // comments with our marker by someone else, left alone
};

// Finds the pull request's comment carrying `marker` that the token's own account wrote
// (reading at most 10 pages of 100) and edits it, or creates one. `body` must contain the
// marker. When the token's account cannot be told, nothing is edited or created.
Result<StickyComment> upsert_comment(const GitHubApi& api, const std::string& repository,
                                     int pull_request, const std::string& marker,
                                     const std::string& body);

}  // namespace bicepgate::github
