#include "pipeline/delivery.hpp"

#include <spdlog/spdlog.h>

#include "audit/store.hpp"
#include "git/repository.hpp"
#include "github/api.hpp"
#include "github/conversation.hpp"
#include "github/workspace.hpp"
#include "report/fix_request.hpp"
#include "report/markdown.hpp"
#include "report/pr_comment.hpp"
#include "util/files.hpp"
#include "util/paths.hpp"
#include "version.hpp"

namespace bicepgate::pipeline {
namespace {

using github::default_fix_request_file;
using github::is_scratch_path;
using github::path_for_output;
using github::prepare_scratch_dir;
using github::writable_roots;

// The files the change touched: a pull request's against its base (merge-base diff), a push's
// against the previous commit. A shallow clone may not have them; the request says so by
// listing none. What bicepgate itself wrote into the workspace is not the change.
std::vector<git::ChangedFile> changed_files_of(const RunContext& ctx, const git::Repository& repo) {
  std::vector<std::string> bases;
  if (ctx.event.pull_request) {
    bases = {"origin/" + ctx.event.pull_request->base_ref, ctx.event.pull_request->base_ref};
  } else {
    bases = {"HEAD~1"};
  }
  for (const auto& base : bases) {
    if (auto files = repo.changed_files(base, "HEAD")) {
      std::erase_if(*files, [](const git::ChangedFile& file) {
        return is_scratch_path(file.path) && is_scratch_path(file.old_path);
      });
      return *files;
    }
  }
  spdlog::warn(
      "fix-request: the changed files could not be read (fetch-depth: 0 in actions/checkout "
      "helps)");
  return {};
}

// The fix loop's attempt: one more than the fix commits (Fix-Request-Id trailers) on the branch.
int attempt_of(const RunContext& ctx, const git::Repository& repo) {
  std::string base = ctx.event.pull_request ? ctx.event.pull_request->base_ref : std::string();
  for (const auto& candidate : {"origin/" + base, base}) {
    if (base.empty()) break;
    if (auto n = repo.count_trailer(candidate, "HEAD", "Fix-Request-Id")) return *n + 1;
  }
  auto n = repo.count_trailer("", "HEAD", "Fix-Request-Id");
  if (!n) spdlog::warn("fix-request: earlier fix attempts not counted ({})", n.error().message);
  return n ? *n + 1 : 1;
}

void dispatch(RunContext& ctx, const nlohmann::json& doc, const std::filesystem::path& path,
              report::FixRequestStatus& status) {
  if (!ctx.settings.dispatch_fix_request) return;
  if (ctx.settings.github_token.empty()) {
    status.state = report::FixRequestStatus::State::kDispatchFailed;
    status.detail = "input dispatch-fix-request is true but github-token is empty";
    report_api_problem(ctx, "repository_dispatch", status.detail);
    return;
  }
  github::FixRequestPointer pointer;
  pointer.file = path.filename().string();
  pointer.run_id = ctx.event.run_id;
  pointer.run_url = ctx.event.run_url();
  auto body = github::dispatch_body(ctx.settings.dispatch_event_type, doc, pointer);
  auto sent = github::send_dispatch(api_of(ctx), ctx.event.repository, body);
  if (!sent) {
    status.state = report::FixRequestStatus::State::kDispatchFailed;
    status.detail = sent.error().message;
    report_api_problem(ctx, "repository_dispatch", status.detail);
    return;
  }
  status.state = report::FixRequestStatus::State::kDispatched;
  bool inline_payload = body["client_payload"].contains("fix_request");
  (void)ctx.files.append_summary(
      "\nDispatched as `repository_dispatch` event " +
      report::markdown_code(ctx.settings.dispatch_event_type) + " (" +
      (inline_payload ? "the whole request" : "a pointer to the uploaded file: too large") +
      ").\n");
  spdlog::info("fix-request: dispatched as {}", ctx.settings.dispatch_event_type);
}

}  // namespace

github::GitHubApi api_of(const RunContext& ctx) {
  github::ApiSettings api;
  api.base_url = ctx.event.api_url;
  api.token = ctx.settings.github_token;
  api.user_agent = std::string("bicepgate/") + kVersion;
  return github::GitHubApi(api);
}

// A failure to talk to GitHub never changes the run's result; it is said next to it.
void report_api_problem(RunContext& ctx, const std::string& what, const std::string& problem) {
  std::string message = what + ": " + problem;
  if (model::is_failure(ctx.record.machine.current())) {
    message = "The run failed (" + model::class_name(ctx.record.outcome) + " in " +
              ctx.record.outcome.stage + ": " + ctx.record.outcome.code + "); in addition, " +
              message;
  }
  github::Annotation warning;
  warning.level = github::AnnotationLevel::kWarning;
  warning.title = "bicepgate: GitHub API";
  warning.message = ctx.commands.redact(message);
  ctx.commands.annotate(warning);
  (void)ctx.files.append_summary("\n> **GitHub API:** " +
                                 report::markdown_text(ctx.commands.redact(message)) + "\n");
}

// Writes the fix-request for the agent, exposes it as an output and in the summary, and
// dispatches it when asked.
report::FixRequestStatus deliver_fix_request(RunContext& ctx, const std::string& id,
                                             const github::EnvironmentMap& env) {
  report::FixRequestStatus status;
  report::FixRequestFacts facts;
  facts.id = id;
  facts.created = audit::now_iso8601();
  // Without the repository the agent gets no changed files and the loop guard cannot count.
  auto repo = git::Repository::open_workspace(ctx.settings.workspace);
  if (!repo) {
    spdlog::warn(
        "fix-request: {}; it lists no changed files and counts this as attempt 1, so "
        "max-fix-attempts cannot stop a fix loop",
        repo.error().message);
  }
  facts.attempt = repo ? attempt_of(ctx, *repo) : 1;
  facts.protected_files = ctx.settings.protected_files;
  status.attempt = facts.attempt;
  if (facts.attempt > ctx.settings.max_fix_attempts) {
    status.state = report::FixRequestStatus::State::kRefused;
    status.detail = "this branch already carries " + std::to_string(facts.attempt - 1) +
                    " fix attempt(s) (max-fix-attempts " +
                    std::to_string(ctx.settings.max_fix_attempts) + ").";
    (void)ctx.files.append_summary("### Fix request\n\nNo fix-request was written: " +
                                   status.detail + " A human is needed.\n");
    spdlog::warn("fix-request: refused, {}", status.detail);
    return status;
  }
  if (repo) facts.changed_files = changed_files_of(ctx, *repo);
  auto doc = report::build_fix_request(ctx, facts);
  // In the workspace by default: a later step on the host cannot open the container's RUNNER_TEMP.
  const bool chosen = !ctx.settings.fix_request_file.empty();
  // The input was checked with the settings; the default is checked here, as a committed
  // .bicepgate link would carry it out of the workspace just the same.
  auto contained =
      util::contained_path(chosen ? ctx.settings.fix_request_file : default_fix_request_file(id),
                           writable_roots(env, ctx.settings.workspace),
                           chosen ? "input 'fix-request-file'" : "the fix-request file");
  if (!contained) {
    spdlog::error("fix-request: not written: {}", contained.error().message);
    return status;
  }
  const auto path =
      ctx.in_workspace(chosen ? ctx.settings.fix_request_file : default_fix_request_file(id));
  prepare_scratch_dir(ctx.settings.workspace, path);
  if (auto ok = util::write_file_atomic(path, doc.dump(2) + "\n"); !ok) {
    spdlog::error("fix-request: {}", ok.error().message);
    return status;
  }
  const auto shown = path_for_output(path, ctx.settings.workspace, env);
  status.state = report::FixRequestStatus::State::kWritten;
  status.path = shown;
  (void)ctx.files.set_output("fix-request", shown);
  (void)ctx.files.append_summary(
      "### Fix request\n\nWritten to " + report::markdown_code(shown) +
      " for the deployment-error-fixer (attempt " + std::to_string(facts.attempt) + " of " +
      std::to_string(ctx.settings.max_fix_attempts) + "), with " +
      std::to_string(doc["errors"].size()) + " error(s) and " +
      std::to_string(doc["changed_files"].size()) + " changed file(s).\n");
  spdlog::info("fix-request: {}", shown);
  dispatch(ctx, doc, path, status);
  return status;
}

// One comment per pull request and environment, edited in place on every run.
void comment_on_pull_request(RunContext& ctx, const report::FixRequestStatus& fix) {
  if (!ctx.settings.comment_on_pr || !ctx.event.pull_request) return;
  if (ctx.settings.github_token.empty()) {
    spdlog::info("pull-request comment: skipped, no github-token");
    return;
  }
  auto marker = github::comment_marker(ctx.settings.target.name);
  auto body = report::render_pr_comment(ctx, fix, marker);
  auto posted = github::upsert_comment(api_of(ctx), ctx.event.repository,
                                       ctx.event.pull_request->number, marker, body);
  if (!posted) {
    report_api_problem(ctx, "pull-request comment", posted.error().message);
    return;
  }
  if (posted->foreign > 0) {
    spdlog::warn(
        "pull-request comment: {} comment(s) carrying bicepgate's marker were written by someone "
        "else than the github-token's account and were left alone",
        posted->foreign);
  }
  spdlog::info("pull-request comment {} ({})", posted->created ? "created" : "updated", posted->id);
}

}  // namespace bicepgate::pipeline
