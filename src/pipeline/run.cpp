#include "pipeline/run.hpp"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "pipeline/failure.hpp"
#include "pipeline/preview.hpp"
#include "pipeline/stage.hpp"
#include "report/blast_radius.hpp"
#include "report/plan.hpp"
#include "report/summary.hpp"
#include "stages/deploy.hpp"
#include "stages/gate.hpp"
#include "stages/health.hpp"
#include "stages/lint.hpp"
#include "stages/login.hpp"
#include "stages/parameters_file.hpp"
#include "stages/whatif.hpp"
#include "util/files.hpp"
#include "util/json.hpp"
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
  if (env.scope == "resourceGroup" && env.resource_group.empty()) {
    return fail("environment '" + env.name + "' has no resource group (input 'resource-group')");
  }
  return {};
}

namespace {

// An input the az in use cannot honour is refused before any az call that costs time.
Status check_az_supports_inputs(RunContext& ctx) {
  const auto& level = ctx.settings.validation_level;
  if (level.empty() || ctx.az_version.empty() ||
      azure::version_at_least(ctx.az_version, azure::kValidationLevelSince)) {
    return {};
  }
  ctx.outcome.failure_class = "configuration";
  ctx.outcome.hint = std::string("Run with azure-cli ") + azure::kValidationLevelSince +
                     " or newer (the bicepgate image has one), or leave validation-level empty.";
  return fail("input 'validation-level' is " + level + ", which needs azure-cli " +
                  azure::kValidationLevelSince +
                  " or newer (az deployment --validation-level); this az is " + ctx.az_version,
              "az.version");
}

// Catches what is wrong before anything runs: missing files, a missing resource group.
Status validate_parameters(RunContext& ctx) {
  if (auto supported = check_az_supports_inputs(ctx); !supported) return supported;
  if (auto files = validate_files(ctx); !files) return files;
  // Inside the container az has no login of its own: the inputs say how to get one.
  return stages::login(ctx);
}

// Which az answers matters for support and for the audit; one cheap call.
void record_az_version(RunContext& ctx) {
  auto result =
      ctx.az.run({"initialized", {"version", "--output", "json"}, std::chrono::minutes(2)});
  if (!result || !result->ok()) return;
  try {
    ctx.az_version = util::text_member(nlohmann::json::parse(result->out), "azure-cli");
  } catch (const nlohmann::json::exception&) {
  }
  if (!ctx.az_version.empty()) spdlog::info("azure-cli {}", ctx.az_version);
}

// Sleeps in short steps so a cancel (SIGTERM/SIGINT) ends the wait at once.
void wait_before_retry(std::chrono::milliseconds delay) {
  const auto until = std::chrono::steady_clock::now() + delay;
  while (std::chrono::steady_clock::now() < until && util::interrupt_signal() == 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

// An exception that escapes a stage is a bug of bicepgate's, not a verdict on the template: it
// fails that stage like any failure (so the record, summary and outputs are still written),
// named as internal, with no retry and no fix-request.
Status guarded(RunContext& ctx, Status (*body)(RunContext&)) {
  try {
    return body(ctx);
  } catch (const std::exception& e) {
    ctx.outcome = {};
    ctx.outcome.failure_class = "unknown";
    ctx.outcome.code = std::string(kInternalErrorCode);
    ctx.outcome.hint =
        "This is a fault in bicepgate, not in the template or in Azure: please report it with "
        "the audit record. Nothing after this stage ran.";
    return fail(std::string("internal error: ") + e.what(), ctx.outcome.code);
  }
}

// Runs one stage between two states. An environmental, retryable failure runs the stage
// again (not the whole run) after a backoff; anything else records the failure and moves to
// failed. Once the runner has sent SIGINT/SIGTERM (a cancel), the stage ends interrupted
// whatever it returned: az, stopped by the forwarded signal, fails in words of its own.
}  // namespace

bool run_stage(RunContext& ctx, State state, const std::string& name, Status (*body)(RunContext&)) {
  ctx.machine.move_to(state);
  ctx.commands.begin_group(name);
  static thread_local std::mt19937_64 random{std::random_device{}()};
  Status status;
  for (int attempt = 1;; ++attempt) {
    ctx.outcome = {};
    status = guarded(ctx, body);
    if (status || !ctx.outcome.retryable || attempt > ctx.settings.retry.max_retries ||
        util::interrupt_signal() != 0) {
      break;
    }
    auto delay = classify::backoff_delay(ctx.settings.retry, attempt,
                                         std::uniform_real_distribution<double>(0.0, 1.0)(random),
                                         ctx.outcome.retry_after_seconds);
    ctx.retries.push_back({to_string(state), attempt, ctx.outcome.code, delay});
    spdlog::warn("{}: {} is environmental; retrying in {:.1f} s (attempt {} of {}){}", name,
                 ctx.outcome.code, static_cast<double>(delay.count()) / 1000.0, attempt + 1,
                 ctx.settings.retry.max_retries + 1,
                 ctx.outcome.retry_after_seconds ? " as Retry-After asked" : "");
    if (ctx.wait_before_retry) {
      ctx.wait_before_retry(delay);
    } else {
      wait_before_retry(delay);
    }
    if (util::interrupt_signal() != 0) break;  // a cancel during the wait: no further attempt
  }
  const int signal_number = util::interrupt_signal();
  if (signal_number != 0) status = interrupted(ctx, signal_number, status);
  ctx.commands.end_group();
  if (status) return true;
  if (ctx.outcome.failure_class.empty() && signal_number == 0)
    ctx.outcome.failure_class = "configuration";
  ctx.outcome.stage = to_string(state);
  ctx.outcome.message = ctx.commands.redact(ctx.settings.worded(status.error().message));
  ctx.outcome.hint = ctx.settings.worded(ctx.outcome.hint);
  if (ctx.outcome.code.empty()) ctx.outcome.code = status.error().code;
  ctx.machine.move_to(signal_number != 0 ? State::kCancelled : State::kFailed, ctx.outcome.message);
  return false;
}

namespace {

void warn_unmanaged(RunContext& ctx) {
  if (ctx.unmanaged.empty()) return;
  github::Annotation annotation;
  annotation.level = github::AnnotationLevel::kWarning;
  annotation.title = "bicepgate: " + std::to_string(ctx.unmanaged.size()) +
                     " resource(s) left running, no longer managed by the template";
  for (const auto& d : ctx.unmanaged) {
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

// The full plan, with no byte budget, next to the audit record: the comment and the summary are
// cut to fit GitHub and point here. Only once what-if has answered.
void write_plan(RunContext& ctx) {
  if (ctx.settings.plan_dir.empty() || ctx.deployment_name.empty() ||
      (ctx.what_if.changes.empty() && ctx.what_if.counts.empty() && ctx.what_if.status.empty()))
    return;
  const std::string name = ctx.deployment_name + ".plan.md";
  auto text = report::render_plan(
      ctx.what_if, "bicepgate plan: " + ctx.settings.target.name + " (" + ctx.deployment_name + ")",
      ctx.destructive.size() + ctx.unmanaged.size(), ctx.settings.delete_approval_label,
      [&](const std::string& t) { return ctx.commands.redact(t); });
  std::error_code ec;
  std::filesystem::create_directories(ctx.settings.plan_dir, ec);
  if (auto written =
          util::write_file_atomic(ctx.settings.plan_dir / name, ctx.commands.redact(text));
      !written) {
    spdlog::warn("plan file: {}", written.error().message);
    return;
  }
  ctx.plan_file = (std::filesystem::path(ctx.settings.plan_dir_shown) / name).generic_string();
}

void publish(RunContext& ctx) {
  write_plan(ctx);
  (void)ctx.files.set_output("environment", ctx.settings.target.name);
  (void)ctx.files.set_output("state", to_string(ctx.machine.current()));
  (void)ctx.files.set_output("deployment-name", ctx.deployment_name);
  (void)ctx.files.set_output("failure-class", ctx.outcome.failure_class);
  (void)ctx.files.set_output("failure-code", ctx.outcome.code);
  nlohmann::json counts = ctx.what_if.counts;
  (void)ctx.files.set_output("what-if", counts.dump());
  (void)ctx.files.set_output("destructive-changes", std::to_string(ctx.destructive.size()));
  (void)ctx.files.set_output("unmanaged-resources", std::to_string(ctx.unmanaged.size()));
  (void)ctx.files.set_output("previews", previews_json(ctx.previews).dump());
  (void)ctx.files.set_output("has-changes", ctx.what_if.has_changes() ? "true" : "false");
  (void)ctx.files.set_output(
      "blast-radius",
      report::assess_blast_radius(ctx.what_if, ctx.destructive.size() + ctx.unmanaged.size())
          .counts()
          .dump());
  (void)ctx.files.set_output("plan-file", ctx.plan_file);
  (void)ctx.files.append_summary(report::render_summary(ctx));
  // A preview that could not be planned is said where the run's result is read; it fails the
  // job only when the workflow asks for it (input preview-required).
  for (const auto* preview : unplanned(ctx.previews)) {
    github::Annotation annotation;
    annotation.level = ctx.settings.preview_required ? github::AnnotationLevel::kError
                                                     : github::AnnotationLevel::kWarning;
    annotation.explains_failure = ctx.settings.preview_required;
    const auto& out = preview->outcome;
    annotation.title =
        "bicepgate: preview of " + preview->target.name + " not planned" +
        (out.failure_class.empty()
             ? std::string()
             : " (" + out.failure_class + (out.code.empty() ? "" : ", " + out.code) + ")");
    annotation.message = preview->not_planned.empty()
                             ? out.message + (out.hint.empty() ? "" : "\n" + out.hint)
                             : preview->not_planned;
    annotation.file = out.file;
    if (out.line > 0) annotation.line = out.line;
    ctx.commands.annotate(annotation);
  }
  if (ctx.machine.current() == State::kFailed) {
    github::Annotation annotation;
    annotation.title = "bicepgate: " + ctx.outcome.stage + " failed (" + ctx.outcome.failure_class +
                       (ctx.outcome.code.empty() ? "" : ", " + ctx.outcome.code) + ")";
    annotation.message =
        ctx.outcome.message + (ctx.outcome.hint.empty() ? "" : "\n" + ctx.outcome.hint);
    annotation.file = ctx.outcome.file;
    if (ctx.outcome.line > 0) annotation.line = ctx.outcome.line;
    if (ctx.outcome.column > 0) annotation.column = ctx.outcome.column;
    annotation.explains_failure = true;
    ctx.commands.annotate(annotation);
  } else if (ctx.machine.current() == State::kCancelled) {
    github::Annotation annotation;
    annotation.level = github::AnnotationLevel::kWarning;
    annotation.title = "bicepgate: cancelled while " + ctx.outcome.stage;
    annotation.message =
        ctx.outcome.message + (ctx.outcome.hint.empty() ? "" : "\n" + ctx.outcome.hint);
    ctx.commands.annotate(annotation);
  }
}

}  // namespace

int execute(RunContext& ctx) {
  record_az_version(ctx);
  // Catch a wrong template, parameters file or scope before any az call that costs time.
  bool ok = stage(ctx, State::kValidatingParameters, "validate parameters", validate_parameters) &&
            // Compile once: errors stop here, and the ARM JSON is what is planned and applied.
            stage(ctx, State::kLinting, "lint", stages::lint) &&
            // What would change, from the compiled template the deploy will use.
            stage(ctx, State::kPlanning, "what-if", stages::what_if);
  // Destructive changes wait for approval, on pull requests too, so the PR shows the stop.
  const stages::GatePolicy gate_policy{ctx.settings.target.delete_policy,
                                       ctx.settings.target.unmanaged_policy};
  if (ok && stages::gate_needed(ctx.destructive, ctx.unmanaged, gate_policy)) {
    ok = stage(ctx, State::kAwaitingConfirmation, "confirm deletes", stages::confirm_deletes);
  }
  // Unmanaged resources under unmanaged-policy: warn are said, never stopped for (and said
  // too when deletes stopped the run).
  if (gate_policy.unmanaged == routing::UnmanagedPolicy::kWarn) warn_unmanaged(ctx);
  if (ok && ctx.settings.plan_only) {
    ctx.machine.move_to(State::kCompleted, "plan only: " + ctx.settings.route_reason);
  } else if (ok && ctx.unchanged && !ctx.settings.force) {
    // Same content already succeeded here and what-if sees no change: nothing to do.
    ctx.machine.move_to(State::kSkipped, "unchanged since " + ctx.deployment_name);
  } else if (ok) {
    ok = stage(ctx, State::kDeploying, "deploy", stages::deploy) &&
         // Succeeded in ARM is not enough: every resource and probe must answer.
         stage(ctx, State::kVerifyingHealth, "verify health", stages::verify_health);
    if (ok) ctx.machine.move_to(State::kCompleted);
  }
  // What the deploying run would do elsewhere (a pull request's merge to prod): planned
  // read-only, each in its own section of the summary and the comment.
  plan_previews(ctx);
  publish(ctx);
  spdlog::info("bicepgate: {} ({})", to_string(ctx.machine.current()),
               ok ? ctx.deployment_name : ctx.outcome.message);
  // Cancelled: 128 + the signal, as a shell reports a process the signal ended (130 for the
  // runner's SIGINT, 143 for its SIGTERM); failed: 1.
  if (ctx.machine.current() == State::kCancelled) return 128 + util::interrupt_signal();
  if (ctx.machine.current() == State::kFailed) return 1;
  return ctx.settings.preview_required && !unplanned(ctx.previews).empty() ? 1 : 0;
}

}  // namespace bicepgate::pipeline
