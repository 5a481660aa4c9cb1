#include "stages/failure.hpp"

#include <spdlog/spdlog.h>

#include <cstring>

#include <nlohmann/json.hpp>

#include "azure/scope.hpp"
#include "azure/what_if.hpp"
#include "bicep/source_locator.hpp"
#include "util/files.hpp"
#include "util/strings.hpp"

namespace bicepgate::stages {
namespace {

// Every error that names a resource id points at the resource's declaration in the template;
// the failure's own source line is the first of them.
void point_at_source(model::RunContext& ctx) {
  const auto& template_file = ctx.settings.target.template_file;
  auto source = util::read_file(ctx.in_workspace(template_file));
  if (!source) return;
  const auto relative = ctx.workspace_relative(template_file);
  for (auto& error : ctx.record.outcome.errors) {
    if (!error.file.empty() || error.target.find("/providers/") == std::string::npos) continue;
    auto [type, name] = azure::type_and_name_of(error.target);
    auto at = bicep::locate_resource(*source, type);
    if (!at) continue;
    error.file = relative;
    error.line = at->line;
    error.column = at->column;
    if (ctx.record.outcome.file.empty()) {
      ctx.record.outcome.file = relative;
      ctx.record.outcome.line = at->line;
      ctx.record.outcome.column = at->column;
    }
  }
}

// Fills the outcome from an error text az or ARM gave: classified by the rules, pointed at the
// declaring line.
Status classified(model::RunContext& ctx, const std::string& what, const std::string& text) {
  auto& out = ctx.record.outcome;
  auto verdict = classify::classify(text, ctx.rules);
  out.failure_class = verdict.failure_class;
  out.retryable =
      verdict.retryable && verdict.failure_class == classify::FailureClass::kEnvironmental;
  out.code = verdict.code;
  out.hint = verdict.hint;
  out.retry_after_seconds = verdict.retry_after_seconds;
  out.errors = verdict.errors;
  std::string detail = verdict.primary != nullptr ? verdict.primary->message : util::trim(text);
  if (detail.size() > 1500) detail = util::valid_utf8(detail.substr(0, 1500)) + "…";
  point_at_source(ctx);
  return fail(what + " with " + verdict.code + " (" + classify::to_string(verdict.failure_class) +
                  "): " + ctx.commands.redact(detail),
              verdict.code);
}

}  // namespace

Status unreadable(model::RunContext& ctx, const Error& error) {
  ctx.record.outcome.failure_class = classify::FailureClass::kUnknown;
  ctx.record.outcome.code = error.code;
  return fail(error);
}

Status az_failed(model::RunContext& ctx, const std::string& what,
                 const Result<azure::AzResult>& result) {
  auto& out = ctx.record.outcome;
  if (!result) {
    const auto& error = result.error();
    out.code = "NONE:" + error.code;
    if (error.code == "az.spawn") {
      out.failure_class = classify::FailureClass::kConfiguration;
      out.hint =
          "Install the Azure CLI (az) or put it on PATH; the bicepgate container image has it.";
    } else {
      // Timeouts and signals: the platform was slow or the runner is stopping.
      out.failure_class = classify::FailureClass::kEnvironmental;
      out.retryable = error.code == "az.timeout";
      out.hint = "az did not finish; the stage is retried when retries remain.";
    }
    return fail(what + ": " + error.message, error.code);
  }
  // az's own words, whole and unchanged but for masks, for whoever reads the log; between
  // ::stop-commands:: markers, as they quote outside text that may look like commands.
  if (auto said = util::trim(result->err); !said.empty()) {
    constexpr std::size_t kShown = std::size_t{64} * 1024;
    spdlog::info("{}: az exited with {}; its error output follows", what, result->exit_code);
    ctx.commands.log_raw(
        said.size() > kShown ? util::valid_utf8(said.substr(0, kShown)) + "\n[… cut]" : said);
  }
  return classified(ctx, what + " failed", result->err.empty() ? result->out : result->err);
}

Status deployment_not_succeeded(model::RunContext& ctx, const azure::DeploymentResult& deployment) {
  const std::string what = "az deployment create exited 0, but deployment " + deployment.name +
                           " is " +
                           (deployment.provisioning_state.empty() ? std::string("in no state")
                                                                  : deployment.provisioning_state);
  if (deployment.error.is_object()) {
    // ARM's own error, in the shape az prints for a failed call, so the rules read it alike.
    return classified(ctx, what, nlohmann::json{{"error", deployment.error}}.dump());
  }
  auto& out = ctx.record.outcome;
  out.failure_class = classify::FailureClass::kEnvironmental;
  out.code = "Deployment" + (deployment.provisioning_state.empty() ? std::string("StateMissing")
                                                                   : deployment.provisioning_state);
  out.retryable = false;
  out.hint = "ARM gave no error for it. " + follow_or_stop_deployment(ctx) + ".";
  return fail(what + ", with no error from ARM", out.code);
}

std::string follow_or_stop_deployment(const model::RunContext& ctx, bool may_run) {
  // az's commands per scope: `az deployment group show|cancel --resource-group --name`,
  // `az deployment sub|tenant show|cancel --name` and `az deployment mg show|cancel
  // --management-group-id --name` (azure-cli, command_modules/resource/commands.py, the
  // 'deployment group|sub|mg|tenant' command groups; `az deployment mg cancel -h`).
  const auto place = ctx.place();
  const std::string where = azure::scope_command(place.scope);
  const std::string group = place.scope == "resourceGroup"     ? " -g " + place.resource_group
                            : place.scope == "managementGroup" ? " -m " + place.management_group
                                                               : "";
  std::string show =
      "`az deployment " + where + " show" + group + " -n " + ctx.record.deployment_name + "`";
  if (!may_run) return "See it with " + show;
  return "Follow it with " + show + ", stop it with `az deployment " + where + " cancel" + group +
         " -n " + ctx.record.deployment_name + "`";
}

Status interrupted(model::RunContext& ctx, int signal_number, const Status& stage_result) {
  const model::State at = ctx.record.machine.current();
  // What the stage said is a consequence of the signal (az: "wait cancelled", exit 1), not
  // the cause; it stays in the log, not in the outcome.
  if (!stage_result) {
    spdlog::info("{}: after the signal: {}", model::to_string(at),
                 ctx.commands.redact(stage_result.error().message));
  }
  auto& out = ctx.record.outcome;
  // No failure class: a cancel is nobody's error, and nothing is retried or sent to be fixed.
  out = {};
  out.code = "run.cancelled";
  if (at == model::State::kDeploying && !ctx.record.deployment_name.empty()) {
    out.hint = "az stopped waiting; the deployment may go on in Azure. " +
               follow_or_stop_deployment(ctx) + ".";
  } else if (at == model::State::kVerifyingHealth) {
    out.hint = "The deployment had succeeded; its health was not fully checked. " +
               follow_or_stop_deployment(ctx, false) + ".";
  } else if (at != model::State::kDeploying) {
    out.hint = "Nothing was deployed: the run stopped before the deploy stage.";
  }
  return fail("cancelled: interrupted by signal " + std::to_string(signal_number) + " while " +
                  model::to_string(at) + " (" + strsignal(signal_number) +
                  "; the runner stops a job so when it is cancelled or its step timed out)",
              out.code);
}

}  // namespace bicepgate::stages
