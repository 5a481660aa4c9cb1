#include "cli/run_setup.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>

#include "audit/store.hpp"
#include "azure/az_runner.hpp"
#include "cli/options.hpp"
#include "git/repository.hpp"
#include "github/conversation.hpp"
#include "github/log_sink.hpp"
#include "pipeline/run.hpp"
#include "report/fix_request.hpp"
#include "report/markdown.hpp"
#include "report/pr_comment.hpp"
#include "util/files.hpp"
#include "version.hpp"

namespace bicepgate::cli {

std::filesystem::path workspace_of(const github::EnvironmentMap& env) {
  if (auto ws = github::lookup(env, "GITHUB_WORKSPACE"); ws && !ws->empty()) return *ws;
  return std::filesystem::current_path();
}

std::string commit_of(const github::EnvironmentMap& env, const std::filesystem::path& workspace) {
  if (auto sha = github::lookup(env, "GITHUB_SHA"); sha && !sha->empty()) return *sha;
  auto repo = git::Repository::open_workspace(workspace);
  if (!repo) {
    spdlog::debug("git: no commit for the audit record ({})", repo.error().message);
    return {};
  }
  auto head = repo->head_sha();
  return head ? *head : std::string{};
}

std::filesystem::path fresh_work_dir(const github::EnvironmentMap& env) {
  std::filesystem::path base = std::filesystem::temp_directory_path();
  if (auto temp = github::lookup(env, "RUNNER_TEMP"); temp && !temp->empty()) base = *temp;
  auto dir = base / ("bicepgate-" + util::random_hex(6));
  std::filesystem::create_directories(dir);
  return dir;
}

std::filesystem::path data_dir(const github::EnvironmentMap& env) {
  if (auto dir = github::lookup(env, "BICEPGATE_DATA_DIR"); dir && !dir->empty()) return *dir;
  std::error_code ec;
  if (std::filesystem::is_directory(BICEPGATE_DATA_DIR, ec)) return BICEPGATE_DATA_DIR;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  return exe.parent_path().parent_path() / "share" / "bicepgate";
}

Result<std::vector<azure::NoiseRule>> load_noise_rules(const github::EnvironmentMap& env,
                                                       const std::string& extra) {
  auto path = data_dir(env) / "whatif-noise.txt";
  auto text = util::read_file(path);
  if (!text)
    return fail(text.error().message +
                " (the what-if noise list ships in data/; set BICEPGATE_DATA_DIR)");
  auto rules = azure::parse_noise_rules(*text, path.string());
  if (!rules) return fail(rules.error());
  auto more = azure::parse_noise_rules(extra, "input what-if-noise");
  if (!more) return fail(more.error());
  rules->insert(rules->end(), more->begin(), more->end());
  return rules;
}

namespace {

// A table shipped in data/ (Table::load reads and validates it); the error says where it lives.
template <typename Table>
Result<Table> load_shipped(const github::EnvironmentMap& env, const char* file, const char* what) {
  auto path = data_dir(env) / file;
  auto table = Table::load(path.string());
  if (!table)
    return fail(table.error().message + " (the " + what +
                " ship in data/; set BICEPGATE_DATA_DIR)");
  return table;
}

}  // namespace

Result<classify::RuleTable> load_rules(const github::EnvironmentMap& env) {
  return load_shipped<classify::RuleTable>(env, "error-rules.yml", "classification rules");
}

Result<azure::RegionTable> load_regions(const github::EnvironmentMap& env) {
  return load_shipped<azure::RegionTable>(env, "regions.yml", "region capabilities");
}

void configure_logging(const github::EnvironmentMap& env) {
  // Through the channel: masked and neutralised, and under Actions on stdout with the commands.
  auto logger = github::channel_logger("bicepgate", github::process_commands());
  logger->set_pattern("%^[%l]%$ %v");
  spdlog::set_default_logger(logger);
  auto level = github::lookup(env, "BICEPGATE_LOG_LEVEL").value_or("info");
  spdlog::set_level(spdlog::level::from_str(level));
  if (github::lookup(env, "RUNNER_DEBUG").value_or("") == "1")
    spdlog::set_level(spdlog::level::debug);
}

bool is_scratch_path(const std::string& workspace_relative) {
  const std::string prefix = std::string(kScratchDir) + "/";
  return workspace_relative == kScratchDir || workspace_relative.rfind(prefix, 0) == 0;
}

void prepare_scratch_dir(const std::filesystem::path& workspace,
                         const std::filesystem::path& about_to_write) {
  const auto dir = workspace / kScratchDir;
  auto relative = about_to_write.lexically_normal().lexically_relative(workspace);
  if (!is_scratch_path(relative.generic_string())) return;
  std::error_code ec;
  // A folder the repository already has (say, an audit trail it commits) is left as it is.
  if (std::filesystem::exists(dir, ec)) return;
  // As pytest and mypy do for their caches: the folder ignores itself, so nothing we write
  // shows up in `git status` or gets committed by a later step's `git add -A`.
  if (auto ok = util::write_file_atomic(
          dir / ".gitignore", "# Written by bicepgate: its audit trail and fix-requests.\n*\n");
      !ok) {
    spdlog::warn("{}: {}", kScratchDir, ok.error().message);
  }
}

std::string default_fix_request_file(const std::string& record_id) {
  return std::string(kScratchDir) + "/fix-request-" + record_id.substr(0, 12) + ".json";
}

std::string path_for_output(const std::filesystem::path& file,
                            const std::filesystem::path& workspace, bool under_actions) {
  if (!under_actions) return file.string();
  std::error_code ec;
  auto relative = std::filesystem::weakly_canonical(file, ec).lexically_relative(
      std::filesystem::weakly_canonical(workspace, ec));
  if (ec || relative.empty() || *relative.begin() == "..") return file.string();
  return relative.generic_string();
}

std::string path_for_output(const std::filesystem::path& file,
                            const std::filesystem::path& workspace,
                            const github::EnvironmentMap& env) {
  return path_for_output(file, workspace,
                         github::lookup(env, "GITHUB_ACTIONS").value_or("") == "true");
}

audit::Location audit_location(const std::string& dir, const std::string& db,
                               const std::filesystem::path& workspace) {
  audit::Location where;
  where.dir = workspace / (dir.empty() ? std::string(kScratchDir) + "/audit" : dir);
  where.db = db.empty() ? where.dir / "audit.db" : workspace / db;
  return where;
}

std::vector<util::AllowedRoot> readable_roots(const std::filesystem::path& workspace) {
  return {{workspace, "the workspace"}};
}

std::vector<util::AllowedRoot> writable_roots(const github::EnvironmentMap& env,
                                              const std::filesystem::path& workspace) {
  auto roots = readable_roots(workspace);
  if (auto temp = github::lookup(env, "RUNNER_TEMP"); temp && !temp->empty())
    roots.push_back({*temp, "RUNNER_TEMP"});
  return roots;
}

Result<audit::Location> checked_audit_location(const std::string& dir, const std::string& db,
                                               const std::filesystem::path& workspace,
                                               const github::EnvironmentMap& env) {
  const auto roots = writable_roots(env, workspace);
  const std::string dir_value = dir.empty() ? std::string(kScratchDir) + "/audit" : dir;
  const std::string dir_name = dir.empty() ? "the audit folder" : "input 'audit-dir'";
  audit::Location where;
  auto checked_dir = util::contained_path(dir_value, roots, dir_name);
  if (!checked_dir) return fail(checked_dir.error());
  where.dir = *checked_dir;
  // A link committed inside the folder leads as far as one in its path.
  auto runs =
      util::contained_path((where.dir / "runs").string(), roots, dir_name + " (its runs/ folder)");
  if (!runs) return fail(runs.error());
  const std::string db_value = db.empty() ? (where.dir / "audit.db").string() : db;
  const std::string db_name = db.empty() ? "the audit database" : "input 'audit-db'";
  auto checked_db = util::contained_path(db_value, roots, db_name);
  if (!checked_db) return fail(checked_db.error());
  for (const char* suffix : {"-wal", "-shm", "-journal"}) {
    auto beside = util::contained_path(checked_db->string() + suffix, roots, db_name);
    if (!beside) return fail(beside.error());
  }
  where.db = *checked_db;
  return where;
}

audit::DeploymentRecord new_record(const github::EventContext& event, const std::string& git_sha,
                                   const std::string& environment) {
  audit::DeploymentRecord record;
  record.id = util::random_hex(16);
  record.git_sha = git_sha;
  record.ref = event.ref;
  record.environment = environment;
  record.started = audit::now_iso8601();
  record.details = {
      {"event", event.event_name}, {"run_url", event.run_url()}, {"actor", event.actor}};
  return record;
}

namespace {

// The files the change touched: a pull request's against its base (merge-base diff), a push's
// against the previous commit. A shallow clone may not have them; the request says so by
// listing none. What bicepgate itself wrote into the workspace is not the change.
std::vector<git::ChangedFile> changed_files_of(const pipeline::RunContext& ctx,
                                               const git::Repository& repo) {
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
int attempt_of(const pipeline::RunContext& ctx, const git::Repository& repo) {
  std::string base = ctx.event.pull_request ? ctx.event.pull_request->base_ref : std::string();
  for (const auto& candidate : {"origin/" + base, base}) {
    if (base.empty()) break;
    if (auto n = repo.count_trailer(candidate, "HEAD", "Fix-Request-Id")) return *n + 1;
  }
  auto n = repo.count_trailer("", "HEAD", "Fix-Request-Id");
  if (!n) spdlog::warn("fix-request: earlier fix attempts not counted ({})", n.error().message);
  return n ? *n + 1 : 1;
}

github::GitHubApi api_of(const pipeline::RunContext& ctx) {
  github::ApiSettings api;
  api.base_url = ctx.event.api_url;
  api.token = ctx.settings.github_token;
  api.user_agent = std::string("bicepgate/") + kVersion;
  return github::GitHubApi(api);
}

// A failure to talk to GitHub never changes the run's result; it is said next to it.
void report_api_problem(pipeline::RunContext& ctx, const std::string& what,
                        const std::string& problem) {
  std::string message = what + ": " + problem;
  if (ctx.machine.current() == pipeline::State::kFailed) {
    message = "The run failed (" + ctx.outcome.failure_class + " in " + ctx.outcome.stage + ": " +
              ctx.outcome.code + "); in addition, " + message;
  }
  github::Annotation warning;
  warning.level = github::AnnotationLevel::kWarning;
  warning.title = "bicepgate: GitHub API";
  warning.message = ctx.commands.redact(message);
  ctx.commands.annotate(warning);
  (void)ctx.files.append_summary("\n> **GitHub API:** " +
                                 report::markdown_text(ctx.commands.redact(message)) + "\n");
}

void dispatch(pipeline::RunContext& ctx, const nlohmann::json& doc,
              const std::filesystem::path& path, report::FixRequestStatus& status) {
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

// Writes the fix-request for the agent, exposes it as an output and in the summary, and
// dispatches it when asked.
report::FixRequestStatus deliver_fix_request(pipeline::RunContext& ctx, const std::string& id,
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
void comment_on_pull_request(pipeline::RunContext& ctx, const report::FixRequestStatus& fix) {
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

}  // namespace

int run_pipeline(pipeline::RunSettings settings, github::EventContext event,
                 const github::EnvironmentMap& env, const audit::Location& audit_at) {
  auto& commands = github::process_commands();
  github::RunnerFiles files(env);
  azure::ProcessAzRunner az;
  auto rules = load_rules(env);
  if (!rules) {
    spdlog::error("{}", rules.error().message);
    return 1;
  }
  if (auto seconds = github::lookup(env, "BICEPGATE_PROGRESS_SECONDS");
      seconds && !seconds->empty()) {
    // For tests and impatient people; the default keeps to at most one poll per 30 s.
    settings.progress_interval =
        std::chrono::seconds(std::clamp(std::atoi(seconds->c_str()), 1, 3600));
  }
  settings.print_plan = commands.audience() == github::Audience::kTerminal;
  settings.colour = settings.print_plan && wants_colour(env, STDERR_FILENO);
  auto record = new_record(event, settings.git_sha, settings.target.name);
  record.resource_group = settings.target.resource_group;
  record.template_file = settings.target.template_file;
  record.parameters_file = settings.target.parameters_file;
  // The row is opened before anything runs, so even a killed run leaves a trace.
  auto trail = audit::Trail::open(audit_at, std::move(record));
  if (!trail.database_problem().empty()) {
    // No deployment without its audit row; the JSON record still tells what happened.
    std::string message = "the audit trail cannot be written: " + trail.database_problem() +
                          ". Repair or move the database (input audit-db), then run again.";
    github::Annotation annotation;
    annotation.title = "bicepgate: audit trail";
    annotation.message = message;
    commands.annotate(annotation);
    spdlog::error("{}", message);
    (void)files.set_output("state", "failed");
    (void)files.set_output("failure-class", "configuration");
    if (auto written = trail.finish_early("failed", "configuration", message)) {
      (void)files.set_output("audit-record", path_for_output(*written, settings.workspace, env));
      spdlog::info("audit: {} (JSON record only)", written->string());
    } else {
      spdlog::error("audit: {}", written.error().message);
    }
    return 1;
  }
  if (!settings.github_token.empty()) commands.add_mask(settings.github_token);
  settings.plan_dir = audit_at.dir;
  settings.plan_dir_shown = path_for_output(audit_at.dir, settings.workspace, env);
  pipeline::RunContext ctx(std::move(settings), std::move(event), commands, files, az, *rules);
  ctx.machine.on_transition = [&](const pipeline::Transition& t) { trail.transition(t); };
  az.on_call = [&](const azure::AzCallRecord& call) {
    auto redacted = call;
    for (auto& arg : redacted.call.args) arg = commands.redact(arg);
    trail.az_call(redacted);
  };
  // Stages catch their own faults; what escapes here (the report, delivery) must not skip the
  // audit record: the run is then failed as internal and still closed below.
  auto internal_fault = [&](const char* step, const std::exception& e) {
    spdlog::error("{}: internal error: {}", step, commands.redact(e.what()));
    if (pipeline::is_terminal(ctx.machine.current()) &&
        ctx.machine.current() != pipeline::State::kFailed) {
      return;  // the run's own verdict stands; the log says what went wrong after it
    }
    if (ctx.machine.current() != pipeline::State::kFailed) {
      ctx.outcome = {};
      ctx.outcome.failure_class = "unknown";
      ctx.outcome.code = std::string(pipeline::kInternalErrorCode);
      ctx.outcome.stage = to_string(ctx.machine.current());
      ctx.outcome.message = std::string("internal error: ") + commands.redact(e.what());
      ctx.machine.move_to(pipeline::State::kFailed, ctx.outcome.message);
    }
  };
  int code = 1;
  try {
    code = pipeline::execute(ctx);
  } catch (const std::exception& e) {
    internal_fault("run", e);
    (void)files.set_output("state", to_string(ctx.machine.current()));
    (void)files.set_output("failure-class", ctx.outcome.failure_class);
    (void)files.set_output("failure-code", ctx.outcome.code);
  }
  report::FixRequestStatus fix;
  try {
    if (report::wants_fix_request(ctx)) fix = deliver_fix_request(ctx, trail.record().id, env);
    comment_on_pull_request(ctx, fix);
  } catch (const std::exception& e) {
    internal_fault("delivery", e);
  }
  if (ctx.machine.current() == pipeline::State::kFailed && code == 0) code = 1;
  auto written = trail.finish(ctx);
  if (written) {
    (void)files.set_output("audit-record", path_for_output(*written, ctx.settings.workspace, env));
    (void)files.set_output("run-id", trail.record().id);
    spdlog::info("audit: {} ({})", written->string(), trail.record().id);
  } else {
    spdlog::error("audit: {}", written.error().message);
    code = code == 0 ? 1 : code;
  }
  std::error_code ec;
  std::filesystem::remove_all(ctx.settings.work_dir, ec);
  return code;
}

}  // namespace bicepgate::cli
