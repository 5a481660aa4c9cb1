#include "github/event_context.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "util/files.hpp"
#include "util/strings.hpp"

namespace bicepgate::github {
namespace {

using nlohmann::json;

std::string string_at(const json& node, const json::json_pointer& pointer) {
  if (!node.contains(pointer)) return {};
  const auto& value = node.at(pointer);
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number_integer()) return std::to_string(value.get<long long>());
  return {};
}

std::string env_or(const EnvironmentMap& env, const std::string& name,
                   const std::string& fallback = {}) {
  auto value = lookup(env, name);
  return value && !value->empty() ? *value : fallback;
}

PullRequest parse_pull_request(const json& pr, const EnvironmentMap& env) {
  PullRequest out;
  if (pr.contains("number") && pr["number"].is_number_integer())
    out.number = pr["number"].get<int>();
  out.head_ref = env_or(env, "GITHUB_HEAD_REF", string_at(pr, "/head/ref"_json_pointer));
  out.base_ref = env_or(env, "GITHUB_BASE_REF", string_at(pr, "/base/ref"_json_pointer));
  out.head_sha = string_at(pr, "/head/sha"_json_pointer);
  out.head_repository = string_at(pr, "/head/repo/full_name"_json_pointer);
  out.base_repository = string_at(pr, "/base/repo/full_name"_json_pointer);
  // A PR is from a fork when its head lives in another repository, or the fork is gone (null).
  out.from_fork = out.head_repository.empty() ||
                  util::to_lower(out.head_repository) != util::to_lower(out.base_repository);
  out.draft = pr.contains("draft") && pr["draft"].is_boolean() && pr["draft"].get<bool>();
  if (pr.contains("labels") && pr["labels"].is_array()) {
    for (const auto& label : pr["labels"]) {
      if (label.is_object() && label.contains("name") && label["name"].is_string()) {
        out.labels.push_back(label["name"].get<std::string>());
      }
    }
  }
  return out;
}

}  // namespace

bool is_pull_request_like(const std::string& event_name) {
  // GitHub's "Events that trigger workflows": the review events run on the PR's merge branch
  // (refs/pull/N/merge), like pull_request; issue_comment is how a comment on a pull request
  // arrives ("pull_request_comment (use issue_comment)").
  static const std::vector<std::string> kEvents = {"pull_request", "pull_request_target",
                                                   "pull_request_review",
                                                   "pull_request_review_comment", "issue_comment"};
  return std::find(kEvents.begin(), kEvents.end(), event_name) != kEvents.end();
}

bool EventContext::is_pull_request_event() const {
  return is_pull_request_like(event_name);
}

std::string EventContext::run_url() const {
  if (repository.empty() || run_id.empty()) return {};
  return server_url + "/" + repository + "/actions/runs/" + run_id;
}

Result<EventContext> parse_event_context(const EnvironmentMap& env, const std::string& payload,
                                         const std::string& payload_name) {
  EventContext ctx;
  ctx.event_name = env_or(env, "GITHUB_EVENT_NAME");
  ctx.ref = env_or(env, "GITHUB_REF");
  ctx.sha = env_or(env, "GITHUB_SHA");
  ctx.repository = env_or(env, "GITHUB_REPOSITORY");
  ctx.run_id = env_or(env, "GITHUB_RUN_ID");
  ctx.run_attempt = env_or(env, "GITHUB_RUN_ATTEMPT");
  ctx.workflow = env_or(env, "GITHUB_WORKFLOW");
  ctx.actor = env_or(env, "GITHUB_ACTOR");
  ctx.server_url = env_or(env, "GITHUB_SERVER_URL", ctx.server_url);
  ctx.api_url = env_or(env, "GITHUB_API_URL", ctx.api_url);
  ctx.workspace = env_or(env, "GITHUB_WORKSPACE");
  ctx.in_actions = env_or(env, "GITHUB_ACTIONS") == "true";

  json event = json::object();
  if (!util::trim(payload).empty()) {
    try {
      event = json::parse(payload);
    } catch (const json::exception& e) {
      return fail(payload_name + ": not valid JSON (" + std::string(e.what()) +
                      "); expected the webhook payload the runner writes to GITHUB_EVENT_PATH",
                  "event.json");
    }
    if (!event.is_object()) {
      return fail(
          payload_name + ": expected a JSON object, found " + std::string(event.type_name()),
          "event.json");
    }
  }

  if (util::starts_with(ctx.ref, "refs/heads/")) ctx.branch = ctx.ref.substr(11);
  if (util::starts_with(ctx.ref, "refs/tags/")) ctx.tag = ctx.ref.substr(10);
  if (ctx.repository.empty())
    ctx.repository = string_at(event, "/repository/full_name"_json_pointer);

  if (ctx.event_name == "issue_comment") {
    // On a pull request the payload's issue has a pull_request member (url, html_url, diff_url,
    // patch_url, merged_at: octokit/webhooks' issue schema) that names neither head branch nor
    // head repository, so it counts as a fork: whoever can comment is not who can push.
    if (event.contains("issue") && event["issue"].is_object() &&
        event["issue"].contains("pull_request") && !event["issue"]["pull_request"].is_null()) {
      PullRequest pr;
      if (event["issue"].contains("number") && event["issue"]["number"].is_number_integer())
        pr.number = event["issue"]["number"].get<int>();
      pr.base_repository = ctx.repository;
      pr.from_fork = true;
      pr.head_unknown = true;
      ctx.pull_request = pr;
    }
  } else if (ctx.is_pull_request_event()) {
    if (!event.contains("pull_request") || !event["pull_request"].is_object()) {
      return fail(payload_name + ": a " + ctx.event_name +
                      " event needs a 'pull_request' object (is GITHUB_EVENT_PATH the right file?)",
                  "event.pull_request");
    }
    ctx.pull_request = parse_pull_request(event["pull_request"], env);
    ctx.branch = ctx.pull_request->head_ref;
  }
  if (ctx.sha.empty()) ctx.sha = string_at(event, "/after"_json_pointer);
  return ctx;
}

Result<EventContext> load_event_context(const EnvironmentMap& env) {
  std::string payload;
  std::string name = "event payload";
  if (auto path = lookup(env, "GITHUB_EVENT_PATH"); path && !path->empty()) {
    auto text = util::read_file(*path);
    if (!text) {
      return fail("GITHUB_EVENT_PATH=" + *path + ": " + text.error().message, "event.read");
    }
    payload = std::move(*text);
    name = *path;
  }
  return parse_event_context(env, payload, name);
}

}  // namespace bicepgate::github
