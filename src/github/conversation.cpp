#include "github/conversation.hpp"

#include <cctype>

#include "util/json.hpp"

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
  // Nothing in the name may end the HTML comment early.
  std::string safe;
  for (char c : environment) {
    bool plain = std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' ||
                 (c == '-' && (safe.empty() || safe.back() != '-'));
    safe += plain ? c : '_';
  }
  return "<!-- bicepgate:pr-comment environment=" + safe + " -->";
}

Result<StickyComment> upsert_comment(const GitHubApi& api, const std::string& repository,
                                     int pull_request, const std::string& marker,
                                     const std::string& body) {
  const std::string issue = "/repos/" + repository + "/issues/" + std::to_string(pull_request);
  constexpr int kMaxPages = 10;
  for (int page = 1; page <= kMaxPages; ++page) {
    auto listed = api.call("GET", issue + "/comments?per_page=100&page=" + std::to_string(page));
    if (!listed) return fail(listed.error());
    if (!listed->body.is_array()) return fail("GET " + issue + "/comments: expected a JSON array");
    for (const auto& comment : listed->body) {
      auto text = util::text_member(comment, "body");
      if (text.find(marker) == std::string::npos) continue;
      long long id = comment.contains("id") && comment["id"].is_number_integer()
                         ? comment["id"].get<long long>()
                         : 0;
      if (id == 0) continue;
      auto edited =
          api.call("PATCH", "/repos/" + repository + "/issues/comments/" + std::to_string(id),
                   json{{"body", body}});
      if (!edited) return fail(edited.error());
      return StickyComment{id, false};
    }
    if (listed->body.size() < 100) break;
  }
  auto created = api.call("POST", issue + "/comments", json{{"body", body}});
  if (!created) return fail(created.error());
  const auto& made = created->body;
  long long id = made.is_object() && made.contains("id") && made["id"].is_number_integer()
                     ? made["id"].get<long long>()
                     : 0;
  return StickyComment{id, true};
}

}  // namespace bicepgate::github
