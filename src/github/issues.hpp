#pragma once
// One issue bicepgate keeps about a standing condition (drift of an environment): found by a
// hidden marker among the open issues with its label, opened when the condition appears, edited
// when it changes, closed with a comment when it is gone. Like the sticky pull-request comment,
// only an issue the token's own account wrote is touched.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "github/api.hpp"
#include "util/result.hpp"

namespace bicepgate::github {

struct OwnIssue {
  int number = 0;  // 0: none on this page
  std::string body;
  int foreign = 0;  // open issues with the marker that someone else wrote, left alone
};

// Pure. On one page of GET /repos/{repository}/issues, the first issue (pull requests, which
// the list includes with a "pull_request" key, are skipped) whose body carries `marker` and
// whose user.login is `login` (compared without case).
OwnIssue find_own_issue(const nlohmann::json& page, const std::string& marker,
                        const std::string& login);

enum class IssueAction { kNone, kOpen, kUpdate, kKeep, kClose };
std::string to_string(IssueAction action);

// Pure. What to do with the tracking issue: the condition holds (`present`) or not; an open
// issue of ours (`open.number` != 0) already says `fingerprint` or not.
IssueAction issue_action(const OwnIssue& open, bool present, const std::string& fingerprint);

// The issue as it should be. `body` must carry `marker` and `fingerprint`; the fingerprint
// names the condition (a hash of the drift), so an unchanged condition is not edited again.
struct TrackingIssue {
  std::string label;  // the issues are listed by it; a new issue gets it
  std::string marker;
  std::string fingerprint;
  bool present = false;
  std::string title;
  std::string body;
  std::string closing_comment;  // said on the issue before it is closed
};

struct IssueSync {
  IssueAction action = IssueAction::kNone;
  int number = 0;
  std::string url;  // html_url, when GitHub gave one
  int foreign = 0;
};

// Lists the open issues with the label (at most 10 pages of 100), then opens, edits or closes
// (state_reason "completed") ours. When the token's account cannot be told, nothing is changed.
Result<IssueSync> sync_tracking_issue(const GitHubApi& api, const std::string& repository,
                                      const TrackingIssue& wanted);

// Pure. `text` with every byte outside RFC 3986's unreserved set percent-encoded (a query value).
std::string query_escape(const std::string& text);

}  // namespace bicepgate::github
