#include "pipeline/run.hpp"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>

#include "audit/team_store.hpp"
#include "azure/deployment_history.hpp"
#include "github/workspace.hpp"
#include "pipeline/delivery.hpp"
#include "pipeline/drift.hpp"
#include "pipeline/preview.hpp"
#include "pipeline/stage.hpp"
#include "report/blast_radius.hpp"
#include "report/fix_request.hpp"
#include "report/plan.hpp"
#include "report/summary.hpp"
#include "stages/deploy.hpp"
#include "stages/failure.hpp"
#include "stages/gate.hpp"
#include "stages/health.hpp"
#include "stages/lint.hpp"
#include "stages/login.hpp"
#include "stages/parameters_file.hpp"
#include "stages/regions.hpp"
#include "stages/rollback.hpp"
#include "stages/stack.hpp"
#include "stages/whatif.hpp"
#include "util/files.hpp"
#include "util/json.hpp"
#include "util/retry.hpp"
#include "util/subprocess.hpp"

namespace bicepgate::pipeline {

Status validate_files(RunContext& ctx) {
  const auto& env = ctx.settings.target;
  std::error_code ec;
  if (env.template_file.empty())
    return fail("environment '" + env.name + "' names no template (input 'template')");
  if (!std::filesystem::exists(ctx.in_workspace(env.template_file), ec)) {
    return fail("template " + env.template_file + " does not exist in the workspace " +
                ctx.settings.workspace.string() + " (input 'template' or the config's 'template')");
  }
  if (!env.parameters_file.empty()) {
    if (!std::filesystem::exists(ctx.in_workspace(env.parameters_file), ec)) {
      return fail("parameters file " + env.parameters_file +
                  " does not exist in the workspace (input "
                  "'parameters' or the config's 'parameters')");
    }
    auto extension = ctx.in_workspace(env.parameters_file).extension();
    if (extension != ".json" && extension != ".bicepparam") {
      return fail(
          "parameters file " + env.parameters_file +
          " must be an ARM parameters file (.json) or a Bicep parameters file (.bicepparam)");
    }
    // Read as az reads it, before any az call: its secure values are masked from it.
    if (auto readable = stages::check_parameters_file(ctx); !readable) return readable;
  }
  if (ctx.scope() == "resourceGroup" && env.resource_group.empty()) {
    return fail("environment '" + env.name +
                "' has no resource group (input 'resource-group'); a template of another scope "
                "says so with input 'scope' (a management group's also needs input "
                "'management-group-id')");
  }
  if (ctx.scope() == "managementGroup" && env.management_group.empty()) {
    return fail("environment '" + env.name +
                "' has no management group (config key management-group, input "
                "'management-group-id')");
  }
  return {};
}

namespace {

// An input the az in use cannot honour is refused before any az call that costs time.
Status check_az_supports_inputs(RunContext& ctx) {
  if (auto stacks = stages::check_az_supports_stacks(ctx); !stacks) return stacks;
  const auto& level = ctx.settings.validation_level;
  if (level.empty() || ctx.record.az_version.empty() ||
      azure::version_at_least(ctx.record.az_version, azure::kValidationLevelSince)) {
    return {};
  }
  ctx.record.outcome.failure_class = classify::FailureClass::kConfiguration;
  ctx.record.outcome.hint =
      std::string("Run with azure-cli ") + azure::kValidationLevelSince +
      " or newer (the bicepgate image has one), or leave validation-level empty.";
  return fail("input 'validation-level' is " + level + ", which needs azure-cli " +
                  azure::kValidationLevelSince +
                  " or newer (az deployment --validation-level); this az is " +
                  ctx.record.az_version,
              "az.version");
}

// Catches what is wrong before anything runs: an input this az cannot honour, missing files,
// a missing resource group.
Status validate_parameters(RunContext& ctx) {
  if (auto supported = check_az_supports_inputs(ctx); !supported) return supported;
  return validate_files(ctx);
}

// Never fails: what the region check finds are warnings; what-if then plans where it chose.
Status check_regions(RunContext& ctx) {
  stages::check_regions(ctx);
  ctx.record.regions_checked = true;
  return {};
}

// Which az answers matters for support and for the audit; one cheap call.
void record_az_version(RunContext& ctx) {
  auto result =
      ctx.az.run({"initialized", {"version", "--output", "json"}, std::chrono::minutes(2)});
  if (!result || !result->ok()) return;
  try {
    ctx.record.az_version = util::text_member(nlohmann::json::parse(result->out), "azure-cli");
  } catch (const nlohmann::json::exception&) {
  }
  if (!ctx.record.az_version.empty()) spdlog::info("azure-cli {}", ctx.record.az_version);
}

// The failure of an exception that escaped bicepgate's own code: unknown, not retried, no
// fix-request; `after` ends the hint with what it stopped.
model::RunOutcome internal_outcome(const std::string& what, const char* after) {
  model::RunOutcome out;
  out.failure_class = classify::FailureClass::kUnknown;
  out.code = std::string(model::kInternalErrorCode);
  out.message = "internal error: " + what;
  out.hint = std::string(
                 "This is a fault in bicepgate, not in the template or in Azure: please report "
                 "it with the audit record.") +
             after;
  return out;
}

// An exception that escapes a stage is a bug of bicepgate's, not a verdict on the template: it
// fails that stage like any failure (so the record, summary and outputs are still written),
// named as internal, with no retry and no fix-request.
Status guarded(RunContext& ctx, Status (*body)(RunContext&)) {
  try {
    return body(ctx);
  } catch (const std::exception& e) {
    ctx.record.outcome = internal_outcome(e.what(), " Nothing after this stage ran.");
    return fail(ctx.record.outcome.message, ctx.record.outcome.code);
  }
}

// Runs one stage between two states. An environmental, retryable failure runs the stage
// again (not the whole run) after a backoff; anything else records the failure and moves to
// failed. Once the runner has sent SIGINT/SIGTERM (a cancel), the stage ends interrupted
// whatever it returned: az, stopped by the forwarded signal, fails in words of its own.
constexpr int kMaxRenewals = 2;

}  // namespace

bool run_stage(RunContext& ctx, State state, const std::string& name, Status (*body)(RunContext&)) {
  // Several stages may share a state (validating: the files, then the login).
  if (ctx.record.machine.current() != state) ctx.record.machine.move_to(state);
  ctx.commands.begin_group(name);
  // An environmental, retryable failure runs the stage again after the backoff or the
  // Retry-After asked for; a cancel ends the wait and any further attempt.
  const auto& policy = ctx.settings.retry;
  util::RetryHooks hooks;
  hooks.wait = ctx.wait_before_retry;  // empty: a real wait, ended early by a cancel
  Status status;
  // A login that expired on a long run is renewed and the stage run again, at most twice and
  // whatever max-retries says: a fresh login cures it, a retry without one never does.
  int renewals = 0;
  int ordinary_retries = 0;
  util::retry(
      {policy.max_retries + kMaxRenewals + 1, classify::stage_backoff(policy)}, hooks,
      [&](int attempt) {
        const std::string expired =
            attempt > 1 && stages::expired_login(ctx.record.outcome) ? ctx.record.outcome.code : "";
        // The deployment az stopped waiting for goes on in Azure: followed, not sent again.
        if (!expired.empty() && state == State::kDeploying) ctx.follow_deployment = true;
        ctx.record.outcome = {};
        status = stages::renew_login_if_due(ctx, to_string(state), expired);
        if (status) status = guarded(ctx, body);
        util::AttemptVerdict verdict;
        if (!status && ctx.login.renewable && stages::expired_login(ctx.record.outcome)) {
          verdict.retry = renewals++ < kMaxRenewals;
        } else {
          verdict.retry =
              !status && ctx.record.outcome.retryable && ordinary_retries++ < policy.max_retries;
        }
        if (ctx.record.outcome.retry_after_seconds && *ctx.record.outcome.retry_after_seconds >= 0)
          verdict.retry_after = std::chrono::seconds(*ctx.record.outcome.retry_after_seconds);
        return verdict;
      },
      [&](int attempt, std::chrono::milliseconds delay) {
        ctx.record.retries.push_back({to_string(state), attempt, ctx.record.outcome.code, delay});
        const double seconds = static_cast<double>(delay.count()) / 1000.0;
        if (stages::expired_login(ctx.record.outcome)) {
          spdlog::warn("{}: the login expired ({}); logging in again and retrying in {:.1f} s",
                       name, ctx.record.outcome.code, seconds);
          return;
        }
        spdlog::warn("{}: {} is environmental; retrying in {:.1f} s (attempt {} of {}){}", name,
                     ctx.record.outcome.code, seconds, ordinary_retries + 1, policy.max_retries + 1,
                     ctx.record.outcome.retry_after_seconds ? " as Retry-After asked" : "");
      });
  const int signal_number = util::interrupt_signal();
  if (signal_number != 0) status = stages::interrupted(ctx, signal_number, status);
  ctx.commands.end_group();
  if (status) return true;
  if (!ctx.record.outcome.failure_class && signal_number == 0)
    ctx.record.outcome.failure_class = classify::FailureClass::kConfiguration;
  ctx.record.outcome.stage = to_string(state);
  ctx.record.outcome.message = ctx.commands.redact(ctx.settings.worded(status.error().message));
  ctx.record.outcome.hint = ctx.settings.worded(ctx.record.outcome.hint);
  if (ctx.record.outcome.code.empty()) ctx.record.outcome.code = status.error().code;
  ctx.record.machine.move_to(signal_number != 0 ? State::kCancelled : State::kFailed,
                             ctx.record.outcome.message);
  return false;
}

namespace {

void warn_unmanaged(RunContext& ctx) {
  if (ctx.record.unmanaged.empty()) return;
  github::Annotation annotation;
  annotation.level = github::AnnotationLevel::kWarning;
  annotation.title = "bicepgate: " + std::to_string(ctx.record.unmanaged.size()) +
                     " resource(s) left running, no longer managed by the template";
  for (const auto& d : ctx.record.unmanaged) {
    annotation.message += (annotation.message.empty() ? "" : "\n") + d.resource_type + " " +
                          d.resource_name + ": " + d.why;
  }
  annotation.message += ctx.settings.worded(
      "\nDelete them by hand or declare them again; unmanaged-policy: approve or block stops for "
      "them.");
  ctx.commands.annotate(annotation);
}

bool stage(RunContext& ctx, State state, const char* name, Status (*body)(RunContext&)) {
  return run_stage(ctx, state, name, body);
}

// Unchanged content, not deployed again, verified as deployed: the health check reads the
// succeeded deployment of this content from the history, as if it had just been made.
bool verify_unchanged(RunContext& ctx) {
  if (auto same = azure::succeeded_named(ctx.record.history, ctx.record.deployment_name)) {
    ctx.record.deployment = *same;
    // Its outputs become this run's: masked and withheld as a deploy's are.
    stages::protect_outputs(ctx);
  }
  return stage(ctx, State::kVerifyingHealth, "verify health", stages::verify_health);
}

// A deployment that failed with rollback-on-failure: ARM redeployed an earlier one. Redeployed,
// the run ends rolled_back, still a failure with its cause kept; otherwise it stays failed.
void settle_rollback(RunContext& ctx) {
  if (ctx.record.machine.current() != State::kFailed ||
      ctx.record.outcome.stage != to_string(State::kDeploying) ||
      ctx.record.outcome.code == "DeploymentTimeout" ||
      ctx.record.outcome.code == "config.rollback")
    return;
  ctx.commands.begin_group("rollback");
  stages::read_rollback(ctx);
  ctx.commands.end_group();
  if (ctx.record.rollback.succeeded())
    ctx.record.machine.move_to(State::kRolledBack,
                               "rolled back to " + ctx.record.rollback.deployment);
}

// The failure's annotation says what became of the rollback, when one was asked for.
std::string rollback_line(const model::RollbackRecord& rollback) {
  if (!rollback.requested) return "";
  if (rollback.succeeded()) return "\nRolled back: ARM redeployed " + rollback.deployment + ".";
  return "\nRollback failed: " + rollback.detail;
}

// The full plan, with no byte budget, next to the audit record: the comment and the summary are
// cut to fit GitHub and point here. Only once what-if has answered.
void write_plan(RunContext& ctx) {
  if (ctx.settings.plan_dir.empty() || ctx.record.deployment_name.empty() ||
      (ctx.record.what_if.changes.empty() && ctx.record.what_if.counts.empty() &&
       ctx.record.what_if.status.empty()))
    return;
  const std::string name = ctx.record.deployment_name + ".plan.md";
  auto text = report::render_plan(
      ctx.record.shown_what_if(),
      "bicepgate plan: " + ctx.settings.target.name + " (" + ctx.record.deployment_name + ")",
      ctx.record.destructive.size() + ctx.record.unmanaged.size(),
      ctx.settings.delete_approval_label,
      [&](const std::string& t) { return ctx.commands.redact(t); });
  std::error_code ec;
  std::filesystem::create_directories(ctx.settings.plan_dir, ec);
  if (auto written =
          util::write_file_atomic(ctx.settings.plan_dir / name, ctx.commands.redact(text));
      !written) {
    spdlog::warn("plan file: {}", written.error().message);
    return;
  }
  ctx.record.plan_file =
      (std::filesystem::path(ctx.settings.plan_dir_shown) / name).generic_string();
}

void publish(RunContext& ctx) {
  write_plan(ctx);
  (void)ctx.files.set_output("environment", ctx.settings.target.name);
  publish_verdict(ctx.files, to_string(ctx.record.machine.current()),
                  model::class_name(ctx.record.outcome), ctx.record.outcome.code);
  (void)ctx.files.set_output("deployment-name", ctx.record.deployment_name);
  nlohmann::json counts = ctx.record.what_if.counts;
  (void)ctx.files.set_output("what-if", counts.dump());
  (void)ctx.files.set_output("destructive-changes", std::to_string(ctx.record.destructive.size()));
  (void)ctx.files.set_output("unmanaged-resources", std::to_string(ctx.record.unmanaged.size()));
  (void)ctx.files.set_output("previews", previews_json(ctx.record.previews).dump());
  (void)ctx.files.set_output("has-changes", ctx.record.what_if.has_changes() ? "true" : "false");
  (void)ctx.files.set_output(
      "blast-radius",
      report::assess_blast_radius(ctx.record.what_if,
                                  ctx.record.destructive.size() + ctx.record.unmanaged.size())
          .counts()
          .dump());
  (void)ctx.files.set_output("plan-file", ctx.record.plan_file);
  (void)ctx.files.set_output("rolled-back-to", ctx.record.machine.current() == State::kRolledBack
                                                   ? ctx.record.rollback.deployment
                                                   : "");
  // The deployment's outputs, once ARM says it succeeded: secure ones never, withheld ones not.
  if (ctx.record.deployment.succeeded()) {
    nlohmann::json visible = nlohmann::json::object();
    for (const auto& [name, output] : ctx.record.deployment.outputs) {
      if (!output.secure && !output.withheld) visible[name] = output.value;
    }
    (void)ctx.files.set_output("outputs", visible.dump());
    for (const auto& [name, value] : visible.items()) {
      (void)ctx.files.set_output("output-" + name,
                                 value.is_string() ? value.get<std::string>() : value.dump());
    }
  }
  (void)ctx.files.append_summary(report::render_summary(ctx));
  if (ctx.settings.drift) publish_drift(ctx);
  // A preview that could not be planned is said where the run's result is read; it fails the
  // job only when the workflow asks for it (input preview-required).
  for (const auto* preview : unplanned(ctx.record.previews)) {
    github::Annotation annotation;
    annotation.level = ctx.settings.preview_required ? github::AnnotationLevel::kError
                                                     : github::AnnotationLevel::kWarning;
    annotation.explains_failure = ctx.settings.preview_required;
    const auto& out = preview->outcome;
    annotation.title = "bicepgate: preview of " + preview->target.name + " not planned" +
                       (!out.failure_class ? std::string()
                                           : " (" + model::class_name(out) +
                                                 (out.code.empty() ? "" : ", " + out.code) + ")");
    annotation.message = preview->not_planned.empty()
                             ? out.message + (out.hint.empty() ? "" : "\n" + out.hint)
                             : preview->not_planned;
    annotation.file = out.file;
    if (out.line > 0) annotation.line = out.line;
    ctx.commands.annotate(annotation);
  }
  if (!ctx.settings.rollback_refused.empty()) {
    github::Annotation notice;
    notice.level = github::AnnotationLevel::kNotice;
    notice.title = "bicepgate: no rollback for production";
    notice.message = ctx.settings.rollback_refused;
    ctx.commands.annotate(notice);
  }
  if (model::is_failure(ctx.record.machine.current())) {
    github::Annotation annotation;
    annotation.title = "bicepgate: " + ctx.record.outcome.stage + " failed (" +
                       model::class_name(ctx.record.outcome) +
                       (ctx.record.outcome.code.empty() ? "" : ", " + ctx.record.outcome.code) +
                       ")" +
                       (ctx.record.machine.current() == State::kRolledBack
                            ? "; rolled back to " + ctx.record.rollback.deployment
                            : "");
    annotation.message = ctx.record.outcome.message +
                         (ctx.record.outcome.hint.empty() ? "" : "\n" + ctx.record.outcome.hint) +
                         rollback_line(ctx.record.rollback);
    annotation.file = ctx.record.outcome.file;
    if (ctx.record.outcome.line > 0) annotation.line = ctx.record.outcome.line;
    if (ctx.record.outcome.column > 0) annotation.column = ctx.record.outcome.column;
    annotation.explains_failure = true;
    ctx.commands.annotate(annotation);
  } else if (ctx.record.machine.current() == State::kCancelled) {
    github::Annotation annotation;
    annotation.level = github::AnnotationLevel::kWarning;
    annotation.title = "bicepgate: cancelled while " + ctx.record.outcome.stage;
    annotation.message = ctx.record.outcome.message +
                         (ctx.record.outcome.hint.empty() ? "" : "\n" + ctx.record.outcome.hint);
    ctx.commands.annotate(annotation);
  }
}

// The trail's row, opened before anything runs so that even a killed run leaves a trace.
audit::Trail open_trail(const RunContext& ctx, const audit::Location& audit_at) {
  const auto& settings = ctx.settings;
  auto record = audit::new_record(ctx.event, settings.git_sha, settings.target.name);
  record.resource_group = settings.target.resource_group;
  record.template_file = settings.target.template_file;
  record.parameters_file = settings.target.parameters_file;
  return audit::Trail::open(audit_at, std::move(record));
}

// No deployment without its audit row; the JSON record still tells what happened.
int refuse_without_audit(RunContext& ctx, audit::Trail& trail, const github::EnvironmentMap& env) {
  std::string message = "the audit trail cannot be written: " + trail.database_problem() +
                        ". Repair or move the database (input audit-db), then run again.";
  github::Annotation annotation;
  annotation.title = "bicepgate: audit trail";
  annotation.message = message;
  annotation.explains_failure = true;
  ctx.commands.annotate(annotation);
  spdlog::error("{}", message);
  publish_verdict(ctx.files, "failed", "configuration", "audit.database");
  if (auto written = trail.finish_early("failed", "configuration", message)) {
    (void)ctx.files.set_output("audit-record",
                               github::path_for_output(*written, ctx.settings.workspace, env));
    spdlog::info("audit: {} (JSON record only)", written->string());
  } else {
    spdlog::error("audit: {}", written.error().message);
  }
  return 1;
}

// Every transition and az call (its arguments redacted as the log shows them) goes to the
// trail as it happens, so a run killed midway leaves what it did.
void record_as_it_happens(RunContext& ctx, audit::Trail& trail) {
  ctx.record.machine.on_transition = [&trail](const model::Transition& t) { trail.transition(t); };
  ctx.az.on_call = [&ctx, &trail](const azure::AzCallRecord& call) {
    auto redacted = call;
    for (auto& arg : redacted.call.args) arg = ctx.commands.redact(arg);
    trail.az_call(redacted);
  };
}

// An exception that escaped a step outside the stages (which catch their own): the run fails
// as internal, unless it had already ended otherwise, and is still published and closed.
void internal_fault(RunContext& ctx, const char* step, const std::exception& e) {
  spdlog::error("{}: internal error: {}", step, ctx.commands.redact(e.what()));
  const auto at = ctx.record.machine.current();
  if (model::is_terminal(at)) return;  // the run's verdict (failed included) stands
  ctx.record.outcome = internal_outcome(ctx.commands.redact(e.what()), "");
  ctx.record.outcome.stage = to_string(at);
  ctx.record.machine.move_to(State::kFailed, ctx.record.outcome.message);
}

// The team store of input audit-store, when given: its writes go through this run's az (and
// so into its trail), with this run's retry waits.
std::optional<audit::TeamStore> team_store(RunContext& ctx) {
  if (!ctx.settings.audit_store) return std::nullopt;
  util::RetryHooks hooks;
  hooks.wait = ctx.wait_before_retry;
  auto scratch = ctx.settings.work_dir.empty() ? std::filesystem::temp_directory_path()
                                               : ctx.settings.work_dir;
  return audit::TeamStore(azure::BlobStore(ctx.az, *ctx.settings.audit_store,
                                           ctx.settings.audit_store_auth, "audit store"),
                          std::move(scratch), std::move(hooks));
}

// The open record in the team store, once az is logged in (--auth-mode login writes as the
// deployer). No deployment without the team's record: a store that cannot be written, after
// the bounded retries of an unreachable or busy one (audit::store_retry_policy), stops the run as a
// configuration failure naming the input. Nothing has been planned or changed yet.
bool open_team_record(RunContext& ctx, audit::Trail& trail, std::optional<audit::TeamStore>& team) {
  if (!team) return true;
  ctx.commands.begin_group("audit store");
  auto opened = team->open(trail.record(), trail.document(ctx.commands));
  ctx.commands.end_group();
  if (opened) {
    spdlog::info("audit store: {} (open)", team->url_of(trail.record()));
    return true;
  }
  auto& outcome = ctx.record.outcome;
  outcome = {};
  outcome.failure_class = classify::FailureClass::kConfiguration;
  outcome.stage = to_string(ctx.record.machine.current());
  outcome.code = "audit.store";
  outcome.message = ctx.commands.redact(
      "the team audit trail (input audit-store) cannot be written: " + opened.error().message);
  outcome.hint = ctx.settings.worded(
      opened.error().code == "blob.denied"
          ? "Give the deploying identity a data role on the container (Storage Blob Data "
            "Contributor) or fix input audit-store-auth, then run again; nothing was deployed."
      : opened.error().code == "blob.not_found"
          ? "Create the container named in input audit-store (or fix its URL), then run again; "
            "nothing was deployed."
          : "Check input audit-store (the container's URL) and that the store is reachable from "
            "the runner, then run again; nothing was deployed. Leave audit-store empty to keep "
            "the trail in the workspace only.");
  ctx.record.machine.move_to(State::kFailed, outcome.message);
  return false;
}

// The closed record in the team store. Its failure is said (an error annotation) but changes
// neither the verdict nor the local record: the deployment has happened, and the workspace's
// record tells it.
void close_team_record(RunContext& ctx, audit::Trail& trail, std::optional<audit::TeamStore>& team,
                       const std::filesystem::path& written) {
  if (!team || !team->opened()) return;
  if (auto closed = team->close(trail.record(), written); !closed) {
    github::Annotation annotation;
    annotation.title = "bicepgate: team audit trail";
    annotation.message =
        ctx.commands.redact("the closed record did not reach the team store (input audit-store): " +
                            closed.error().message +
                            ". The store still holds the open record (audit sync shows it "
                            "as interrupted); this run's record is " +
                            ctx.workspace_relative(written.string()) + ".");
    ctx.commands.annotate(annotation);
    spdlog::error("{}", annotation.message);
    (void)ctx.files.set_output("audit-store-record", "");
    return;
  }
  (void)ctx.files.set_output("audit-store-record", team->url_of(trail.record()));
  spdlog::info("audit store: {} (closed)", team->url_of(trail.record()));
}

// Closes the row and writes the JSON record; a record that cannot be written fails the run.
int close_trail(RunContext& ctx, audit::Trail& trail, std::optional<audit::TeamStore>& team,
                const github::EnvironmentMap& env, int code) {
  auto written = trail.finish(ctx.settings, ctx.record, ctx.commands);
  ctx.record.machine.on_transition = nullptr;
  ctx.az.on_call = nullptr;  // the record is closed: later calls are not part of it
  if (written) close_team_record(ctx, trail, team, *written);
  if (!written) {
    spdlog::error("audit: {}", written.error().message);
    return code == 0 ? 1 : code;
  }
  (void)ctx.files.set_output("audit-record",
                             github::path_for_output(*written, ctx.settings.workspace, env));
  (void)ctx.files.set_output("run-id", trail.record().id);
  spdlog::info("audit: {} ({})", written->string(), trail.record().id);
  return code;
}

// Cancelled: 128 + the signal, as a shell reports a process the signal ended (130 for the
// runner's SIGINT, 143 for its SIGTERM); failed, rolled back or not: 1; a preview that had to be
// planned and was not: 1.
int exit_code(const RunContext& ctx) {
  if (ctx.record.machine.current() == State::kCancelled) return 128 + util::interrupt_signal();
  if (model::is_failure(ctx.record.machine.current())) return 1;
  if (drift_exit_code(ctx) != 0) return drift_exit_code(ctx);
  return ctx.settings.preview_required && !model::unplanned(ctx.record.previews).empty() ? 1 : 0;
}

// The deploying run: validate, log in, lint, plan, gate, then deploy and verify (or end with the
// plan, or skip what already succeeded unchanged).
void plan_and_deploy(RunContext& ctx, const std::function<bool()>& after_login) {
  bool ok = plan_stages(ctx, after_login);
  // Destructive changes wait for approval, on pull requests too, so the PR shows the stop.
  const stages::GatePolicy gate_policy{ctx.settings.target.delete_policy,
                                       ctx.settings.target.unmanaged_policy};
  if (ok && stages::gate_needed(ctx.record.destructive, ctx.record.unmanaged, gate_policy)) {
    ok = stage(ctx, State::kAwaitingConfirmation, "confirm deletes", stages::confirm_deletes);
  }
  // Unmanaged resources under unmanaged-policy: warn are said, never stopped for (and said
  // too when deletes stopped the run).
  if (gate_policy.unmanaged == routing::UnmanagedPolicy::kWarn) warn_unmanaged(ctx);
  if (ok && ctx.settings.plan_only) {
    // Pull requests and plan-only routes end with the plan.
    ctx.record.machine.move_to(State::kCompleted, "plan only: " + ctx.settings.route_reason);
  } else if (ok && ctx.record.unchanged && !ctx.settings.force) {
    // Same content already succeeded here and what-if sees no change: nothing to deploy;
    // force: health still verifies what that deployment made.
    if (ctx.settings.force_health) ok = verify_unchanged(ctx);
    if (ok)
      ctx.record.machine.move_to(State::kSkipped, "unchanged since " + ctx.record.deployment_name);
  } else if (ok) {
    ok = stage(ctx, State::kDeploying, "deploy", stages::deploy) &&
         // Succeeded in ARM is not enough: every resource and probe must answer.
         stage(ctx, State::kVerifyingHealth, "verify health", stages::verify_health);
    if (ok) ctx.record.machine.move_to(State::kCompleted);
    // A failed deployment with rollback-on-failure: what ARM redeployed decides rolled_back.
    if (!ok) settle_rollback(ctx);
  }
}

}  // namespace

bool plan_stages(RunContext& ctx, const std::function<bool()>& after_login) {
  // Catch a wrong template, parameters file or scope before any az call that costs time.
  return stage(ctx, State::kValidatingParameters, "validate parameters", validate_parameters) &&
         // Inside the container az has no login of its own: the inputs say how to get one.
         stage(ctx, State::kValidatingParameters, "log in", stages::login) &&
         (!after_login || after_login()) &&
         // Compile once: errors stop here, and the ARM JSON is what is planned and applied.
         stage(ctx, State::kLinting, "lint", stages::lint) &&
         // Region first: auto-region may move the location, and so the content hash.
         stage(ctx, State::kPlanning, "regions", check_regions) &&
         // The history, the resource group when missing, then what would change, from the
         // compiled template the deploy will use.
         stage(ctx, State::kPlanning, "what-if", stages::what_if);
}

void publish_verdict(github::RunnerFiles& files, const std::string& state,
                     const std::string& failure_class, const std::string& failure_code) {
  (void)files.set_output("state", state);
  (void)files.set_output("failure-class", failure_class);
  (void)files.set_output("failure-code", failure_code);
}

int run(RunContext& ctx, const audit::Location& audit_at, const github::EnvironmentMap& env) {
  // The audit row first: every run is recorded, whatever happens next.
  auto trail = open_trail(ctx, audit_at);
  if (!trail.database_problem().empty()) return refuse_without_audit(ctx, trail, env);
  record_as_it_happens(ctx, trail);
  auto team = team_store(ctx);
  try {
    // Which az answers matters for support and for the audit; one cheap call.
    record_az_version(ctx);
    if (ctx.settings.drift) {
      // A drift check: what-if of the last successful deployment against Azure, never a deploy.
      check_drift(ctx);
    } else {
      // The team's record, open once az is logged in, before anything is planned or changed.
      plan_and_deploy(ctx, [&] { return open_team_record(ctx, trail, team); });
    }
    // What the deploying run would do elsewhere (a pull request's merge to prod): planned
    // read-only, each in its own section of the summary and the comment.
    plan_previews(ctx);
  } catch (const std::exception& e) {
    internal_fault(ctx, "run", e);
  }
  try {
    // The outputs, the plan file, the job summary and the annotation that explains the result,
    // whatever the ending.
    publish(ctx);
  } catch (const std::exception& e) {
    internal_fault(ctx, "publish", e);
    publish_verdict(ctx.files, to_string(ctx.record.machine.current()),
                    model::class_name(ctx.record.outcome), ctx.record.outcome.code);
  }
  spdlog::info(
      "bicepgate: {} ({})", to_string(ctx.record.machine.current()),
      ctx.record.outcome.message.empty() ? ctx.record.deployment_name : ctx.record.outcome.message);
  try {
    // A logic failure goes to the agent as a fix-request (written, dispatched when asked); the
    // pull request gets its sticky comment. Neither changes the verdict.
    report::FixRequestStatus fix;
    // Not for a drift check: it planned the template ARM kept, not the workspace's files.
    if (!ctx.settings.drift && report::wants_fix_request(ctx))
      fix = deliver_fix_request(ctx, trail.record().id, env);
    comment_on_pull_request(ctx, fix);
    // A drift check keeps one issue per environment: opened, edited, or closed once it is gone.
    if (ctx.settings.drift) report_drift_issue(ctx);
  } catch (const std::exception& e) {
    internal_fault(ctx, "delivery", e);
  }
  // The closed row and the JSON record, tied to the commit.
  return close_trail(ctx, trail, team, env, exit_code(ctx));
}

}  // namespace bicepgate::pipeline
