#include "github/issues.hpp"

#include <cctype>
#include <cstdio>

#include "github/conversation.hpp"
#include "util/json.hpp"
#include "util/strings.hpp"

namespace bicepgate::github {

using nlohmann::json;

OwnIssue find_own_issue(const json& page, const std::string& marker, const std::string& login) {
  OwnIssue found;
  if (!page.is_array()) return found;
  for (const auto& issue : page) {
    // GET /repos/{owner}/{repo}/issues lists pull requests too, told apart by their
    // "pull_request" key (docs.github.com/en/rest/issues/issues#list-repository-issues).
    if (!issue.is_object() || issue.contains("pull_request")) continue;
    const auto body = util::text_member(issue, "body");
    if (body.find(marker) == std::string::npos) continue;
    const auto& user = issue.contains("user") ? issue["user"] : json();
    if (login.empty() ||
        util::to_lower(util::text_member(user, "login")) != util::to_lower(login)) {
      ++found.foreign;
      continue;
    }
    const int number = issue.contains("number") && issue["number"].is_number_integer()
                           ? issue["number"].get<int>()
                           : 0;
    if (number != 0 && found.number == 0) {
      found.number = number;
      found.body = body;
    }
  }
  return found;
}

std::string to_string(IssueAction action) {
  switch (action) {
    case IssueAction::kOpen: return "opened";
    case IssueAction::kUpdate: return "updated";
    case IssueAction::kKeep: return "unchanged";
    case IssueAction::kClose: return "closed";
    case IssueAction::kNone: break;
  }
  return "none";
}

IssueAction issue_action(const OwnIssue& open, bool present, const std::string& fingerprint) {
  if (!present) return open.number != 0 ? IssueAction::kClose : IssueAction::kNone;
  if (open.number == 0) return IssueAction::kOpen;
  return open.body.find(fingerprint) != std::string::npos ? IssueAction::kKeep
                                                          : IssueAction::kUpdate;
}

std::string query_escape(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", c);
      out += hex;
    }
  }
  return out;
}

Result<IssueSync> sync_tracking_issue(const GitHubApi& api, const std::string& repository,
                                      const TrackingIssue& wanted) {
  if (repository.find('/') == std::string::npos)
    return fail("GITHUB_REPOSITORY is '" + repository + "', expected owner/name");
  // The marker alone says nothing about who wrote an issue: only our own account's is touched.
  auto login = token_login(api);
  if (!login) return fail(login.error().message + "; no issue was opened, edited or closed");
  const std::string issues = "/repos/" + repository + "/issues";
  OwnIssue open;
  int foreign = 0;
  // The open issues `query` lists, at most 10 pages of 100, until ours is found.
  auto search = [&](const std::string& query) -> Status {
    constexpr int kMaxPages = 10;
    foreign = 0;
    for (int page = 1; page <= kMaxPages && open.number == 0; ++page) {
      auto listed = api.call(
          "GET", issues + "?state=open" + query + "&per_page=100&page=" + std::to_string(page));
      if (!listed) return fail(listed.error());
      if (!listed->body.is_array()) return fail("GET " + issues + ": expected a JSON array");
      auto own = find_own_issue(listed->body, wanted.marker, *login);
      foreign += own.foreign;
      if (own.number != 0) open = own;
      if (listed->body.size() < 100) break;
    }
    return {};
  };
  if (auto searched = search("&labels=" + query_escape(wanted.label)); !searched)
    return fail(searched.error());
  // GitHub drops the labels of a new issue silently when the token may not set them ("Create an
  // issue": labels, docs.github.com/en/rest/issues/issues): before opening another, ours is
  // looked for among all open issues.
  if (open.number == 0 && wanted.present) {
    if (auto searched = search(""); !searched) return fail(searched.error());
  }
  IssueSync result;
  result.foreign = foreign;
  result.action = issue_action(open, wanted.present, wanted.fingerprint);
  result.number = open.number;
  auto url_of = [](const ApiResponse& answer) {
    return answer.body.is_object() ? util::text_member(answer.body, "html_url") : std::string();
  };
  const std::string one = issues + "/" + std::to_string(open.number);
  switch (result.action) {
    case IssueAction::kNone:
    case IssueAction::kKeep: return result;
    case IssueAction::kOpen: {
      auto created = api.call(
          "POST", issues,
          json{{"title", wanted.title}, {"body", wanted.body}, {"labels", {wanted.label}}});
      if (!created) return fail(created.error());
      const auto& made = created->body;
      result.number =
          made.is_object() && made.contains("number") && made["number"].is_number_integer()
              ? made["number"].get<int>()
              : 0;
      result.url = url_of(*created);
      return result;
    }
    case IssueAction::kUpdate: {
      auto edited = api.call("PATCH", one, json{{"title", wanted.title}, {"body", wanted.body}});
      if (!edited) return fail(edited.error());
      result.url = url_of(*edited);
      return result;
    }
    case IssueAction::kClose: {
      if (!wanted.closing_comment.empty()) {
        auto said = api.call("POST", one + "/comments", json{{"body", wanted.closing_comment}});
        if (!said) return fail(said.error());
      }
      // Update an issue: state "closed" with state_reason "completed" (the condition is over).
      auto closed =
          api.call("PATCH", one, json{{"state", "closed"}, {"state_reason", "completed"}});
      if (!closed) return fail(closed.error());
      result.url = url_of(*closed);
      return result;
    }
  }
  return result;
}

}  // namespace bicepgate::github
