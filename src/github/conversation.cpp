#include "github/conversation.hpp"

#include <cctype>

#include "util/json.hpp"
#include "util/strings.hpp"

namespace bicepgate::github {

using nlohmann::json;

json dispatch_body(const std::string& event_type, const json& fix_request,
                   const FixRequestPointer& pointer, std::size_t max_bytes) {
  json payload = {{"schema_version", fix_request.value("schema_version", "")},
                  {"fix_request_id", fix_request.value("id", "")},
                  {"failure_class", fix_request.value("/failure/class"_json_pointer, "")},
                  {"environment", fix_request.value("/environment/name"_json_pointer, "")},
                  {"attempt", fix_request.value("attempt", 1)}};
  if (fix_request.contains("run")) payload["run"] = fix_request["run"];
  payload["fix_request"] = fix_request;
  if (payload.dump().size() > max_bytes) {
    payload.erase("fix_request");
    payload["fix_request_pointer"] = {{"artifact", pointer.artifact},
                                      {"file", pointer.file},
                                      {"run_id", pointer.run_id},
                                      {"run_url", pointer.run_url},
                                      {"bytes", fix_request.dump().size()}};
  }
  return {{"event_type", event_type}, {"client_payload", payload}};
}

Status send_dispatch(const GitHubApi& api, const std::string& repository, const json& body) {
  if (repository.find('/') == std::string::npos)
    return fail("repository_dispatch: GITHUB_REPOSITORY is '" + repository +
                "', expected owner/name");
  auto sent = api.call("POST", "/repos/" + repository + "/dispatches", body);
  if (!sent) return fail(sent.error());
  return {};
}

std::string comment_marker(const std::string& environment) {
  return hidden_marker("pr-comment", environment);
}

std::string hidden_marker(const std::string& kind, const std::string& environment) {
  // Nothing in the name may end the HTML comment early.
  std::string safe;
  for (char c : environment) {
    bool plain = std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' ||
                 (c == '-' && (safe.empty() || safe.back() != '-'));
    safe += plain ? c : '_';
  }
  return "<!-- bicepgate:" + kind + " environment=" + safe + " -->";
}

Result<std::string> login_in(const json& answer) {
  const json* holder = &answer;
  if (answer.is_object() && answer.contains("data")) {
    holder = &answer["data"];
    if (holder->is_object() && holder->contains("viewer")) holder = &(*holder)["viewer"];
  }
  auto login = util::text_member(*holder, "login");
  if (login.empty()) return fail("the answer names no login");
  return login;
}

Result<std::string> token_login(const GitHubApi& api) {
  // GET /user answers 403 "Resource not accessible by integration" for the workflow's
  // GITHUB_TOKEN and every GitHub App installation token (docs.github.com/en/rest/users/users#
  // get-the-authenticated-user; e.g. actions/create-github-app-token#258,
  // anthropics/claude-code-action#538), and GET /app needs the app's JWT. The GraphQL `viewer`
  // answers for both kinds: a person's login for a user token, `<app-slug>[bot]` for an app
  // (joshjohanning/bulk-github-repo-settings-sync-action#194, fullsend-ai/fullsend#1953), the
  // same login the REST API puts in a comment's user.login (marocchino/sticky-pull-request-comment
  // compares the two). So GraphQL first; GET /user only when GraphQL is unavailable.
  auto viewer = api.graphql("query { viewer { login } }");
  if (viewer) {
    if (auto login = login_in(viewer->body)) return login;
  }
  auto user = api.call("GET", "/user");
  if (user) {
    if (auto login = login_in(user->body)) return login;
  }
  return fail(
      "cannot tell which account github-token belongs to: " +
      (viewer ? std::string("POST /graphql: the answer names no login") : viewer.error().message) +
      "; " + (user ? std::string("GET /user: the answer names no login") : user.error().message));
}

OwnComment find_own_comment(const json& page, const std::string& marker, const std::string& login) {
  OwnComment found;
  if (!page.is_array()) return found;
  for (const auto& comment : page) {
    if (!comment.is_object()) continue;
    if (util::text_member(comment, "body").find(marker) == std::string::npos) continue;
    const auto& user = comment.contains("user") ? comment["user"] : json();
    // GitHub logins are unique regardless of case.
    if (login.empty() ||
        util::to_lower(util::text_member(user, "login")) != util::to_lower(login)) {
      ++found.foreign;
      continue;
    }
    long long id = comment.contains("id") && comment["id"].is_number_integer()
                       ? comment["id"].get<long long>()
                       : 0;
    if (id != 0 && found.id == 0) found.id = id;
  }
  return found;
}

Result<StickyComment> upsert_comment(const GitHubApi& api, const std::string& repository,
                                     int pull_request, const std::string& marker,
                                     const std::string& body) {
  // The marker alone says nothing about who wrote a comment: only our own account's is edited.
  auto login = token_login(api);
  if (!login) return fail(login.error().message + "; no comment was edited or created");
  const std::string issue = "/repos/" + repository + "/issues/" + std::to_string(pull_request);
  constexpr int kMaxPages = 10;
  StickyComment result;
  for (int page = 1; page <= kMaxPages; ++page) {
    auto listed = api.call("GET", issue + "/comments?per_page=100&page=" + std::to_string(page));
    if (!listed) return fail(listed.error());
    if (!listed->body.is_array()) return fail("GET " + issue + "/comments: expected a JSON array");
    auto own = find_own_comment(listed->body, marker, *login);
    result.foreign += own.foreign;
    if (own.id != 0) {
      auto edited =
          api.call("PATCH", "/repos/" + repository + "/issues/comments/" + std::to_string(own.id),
                   json{{"body", body}});
      if (!edited) return fail(edited.error());
      result.id = own.id;
      return result;
    }
    if (listed->body.size() < 100) break;
  }
  auto created = api.call("POST", issue + "/comments", json{{"body", body}});
  if (!created) return fail(created.error());
  const auto& made = created->body;
  result.id = made.is_object() && made.contains("id") && made["id"].is_number_integer()
                  ? made["id"].get<long long>()
                  : 0;
  result.created = true;
  return result;
}

}  // namespace bicepgate::github
