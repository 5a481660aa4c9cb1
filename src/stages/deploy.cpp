#include "stages/deploy.hpp"

#include <spdlog/spdlog.h>

#include <future>

#include "stages/failure.hpp"
#include "stages/stack.hpp"
#include "stages/whatif.hpp"
#include "util/retry.hpp"
#include "util/strings.hpp"
#include "util/time.hpp"

namespace bicepgate::stages {
namespace {

// Secure outputs are masked before anything could print them; they never become outputs. A
// plain output whose value carries a masked value, plainly or in an encoded form the masks know
// (a template that concatenates or base64-encodes a secure parameter gives no type to go by),
// is withheld: its value is dropped, so no output, summary or audit record can show it.
void withhold_secret_outputs(model::RunContext& ctx) {
  for (const auto& [name, output] : ctx.record.deployment.outputs) {
    if (!output.secure || output.value.is_null()) continue;
    ctx.commands.add_mask(output.value.is_string() ? output.value.get<std::string>()
                                                   : output.value.dump());
  }
  for (auto& [name, output] : ctx.record.deployment.outputs) {
    if (output.secure || output.value.is_null()) continue;
    auto text = output.value.is_string() ? output.value.get<std::string>() : output.value.dump();
    if (ctx.commands.redact(text) == text) continue;
    output.value = nullptr;
    output.withheld = true;
    github::Annotation notice;
    notice.level = github::AnnotationLevel::kNotice;
    notice.title = "bicepgate: output withheld";
    notice.message = "output '" + name +
                     "' withheld: its value contains a secure parameter's value (plain or "
                     "encoded), so it is in no step output, summary or audit record. Declare the "
                     "output secure, or leave the secure value out of it.";
    ctx.commands.annotate(notice);
  }
}

// Input masked-outputs (Azure/bicep-deploy's input of that name registers each named output's
// value as a secret, names compared without case: bicep-deploy-common/src/output.ts): each
// named output's value is masked before anything is written; the step outputs still carry it
// (the runner hides it in logs), the summary and the audit record name it only. A name the
// deployment has no output of is said in a warning, not a failure: the template may have
// dropped that output, which should not stop a deployment that already happened.
void mask_named_outputs(model::RunContext& ctx) {
  std::vector<std::string> unknown;
  for (const auto& wanted : ctx.settings.masked_outputs) {
    bool found = false;
    for (auto& [name, output] : ctx.record.deployment.outputs) {
      if (!util::equals_ignoring_case(name, wanted)) continue;
      found = true;
      // A secure output is never an output at all; a withheld one has no value left.
      if (output.secure || output.withheld || output.masked) continue;
      output.masked = true;
      if (!output.value.is_null())
        ctx.commands.add_mask(output.value.is_string() ? output.value.get<std::string>()
                                                       : output.value.dump());
    }
    if (!found) unknown.push_back(wanted);
  }
  if (unknown.empty()) return;
  github::Annotation warning;
  warning.level = github::AnnotationLevel::kWarning;
  warning.title = "bicepgate: masked-outputs names no output";
  std::vector<std::string> declared;
  for (const auto& [name, output] : ctx.record.deployment.outputs) declared.push_back(name);
  warning.message = ctx.settings.worded(
      "input masked-outputs names " + util::join(unknown, ", ") +
      ", which the deployment has no output of (its outputs: " +
      (declared.empty() ? std::string("none") : util::join(declared, ", ")) +
      "). Nothing was masked for " + (unknown.size() == 1 ? "it" : "them") + ".");
  ctx.commands.annotate(warning);
}

// az polls the deployment itself; while it does, the operations' states are read at most
// every progress interval and printed when they change. A quick deployment starts no poll.
Result<azure::AzResult> create_with_progress(model::RunContext& ctx) {
  azure::AzCall call{"deploying", azure::create_args(deployment_target(ctx)),
                     ctx.settings.deploy_timeout};
  auto running = std::async(std::launch::async, [&] { return ctx.az.run(call); });
  std::string last;
  while (running.wait_for(ctx.settings.progress_interval) == std::future_status::timeout) {
    auto target = deployment_target(ctx);
    auto listed =
        ctx.az.run({"deploying", azure::operation_list_args(target), std::chrono::minutes(2)});
    if (!listed || !listed->ok()) continue;  // progress is a courtesy; the deployment decides
    auto operations = azure::parse_operations(listed->out);
    if (!operations || operations->empty()) continue;
    auto now = azure::describe_progress(*operations);
    if (now != last) {
      spdlog::info("deploy: {}: {}", ctx.record.deployment_name, now);
      last = now;
    }
  }
  return running.get();
}

// After a login that expired while az waited, the deployment goes on in Azure: it is read until
// it ends, bounded by timeout-minutes, and never sent again (a second PUT would meet it as
// DeploymentActive). One Azure does not know never started, and is sent.
Result<azure::AzResult> follow_deployment(model::RunContext& ctx) {
  const auto deadline = std::chrono::steady_clock::now() + ctx.settings.deploy_timeout;
  for (;;) {
    auto shown = ctx.az.run(
        {"deploying", azure::show_args(deployment_target(ctx)), std::chrono::minutes(2)});
    if (shown && !shown->ok() && shown->err.find("DeploymentNotFound") != std::string::npos) {
      ctx.follow_deployment = false;
      return create_with_progress(ctx);
    }
    if (!shown || !shown->ok()) return shown;
    auto parsed = azure::parse_deployment(shown->out);
    if (!parsed || azure::deployment_ended(parsed->provisioning_state)) {
      ctx.follow_deployment = false;
      return shown;
    }
    spdlog::info("deploy: {} is {}; following it", ctx.record.deployment_name,
                 parsed->provisioning_state);
    if (std::chrono::steady_clock::now() >= deadline)
      return fail("still running at the deadline", "az.timeout");
    if (!util::wait_unless_cancelled(ctx.settings.progress_interval))
      return fail("cancelled while following the deployment", "az.cancelled");
  }
}

// az was stopped, not the deployment: it goes on in Azure. Another PUT would only meet it as
// DeploymentActive, so this is not retried; people get the commands to follow or stop it.
Status stopped_waiting(model::RunContext& ctx, const Result<azure::AzResult>& result) {
  (void)stages::az_failed(ctx, "az deployment create", result);  // fills the outcome
  ctx.record.outcome.retryable = false;
  ctx.record.outcome.code = "DeploymentTimeout";
  ctx.record.outcome.hint =
      stages::follow_or_stop_deployment(ctx) + ", or raise input timeout-minutes.";
  return fail("deployment " + ctx.record.deployment_name + " was still running after " +
                  util::format_minutes(ctx.settings.deploy_timeout) +
                  " (input timeout-minutes); az was stopped, the deployment goes on in Azure",
              "DeploymentTimeout");
}

// The template's own regional fallbacks (the sample platform's deploymentWarnings output): each
// true flag, or each string, becomes a warning people see.
void raise_template_warnings(model::RunContext& ctx) {
  const auto& outputs = ctx.record.deployment.outputs;
  auto found = outputs.find("deploymentWarnings");
  if (found == outputs.end() || found->second.secure || found->second.withheld) return;
  const auto& flags = found->second.value;
  std::vector<std::string> raised;
  if (flags.is_object()) {
    for (const auto& [flag, on] : flags.items()) {
      if (on.is_boolean() && on.get<bool>()) raised.push_back(flag);
    }
  } else if (flags.is_array()) {
    for (const auto& item : flags) {
      if (item.is_string()) raised.push_back(item.get<std::string>());
    }
  }
  for (const auto& flag : raised) {
    std::string message = "the template reports " + flag;
    ctx.record.region_warnings.push_back(message);
    github::Annotation annotation;
    annotation.level = github::AnnotationLevel::kWarning;
    annotation.title = "bicepgate: deploymentWarnings";
    annotation.message = message;
    ctx.commands.annotate(annotation);
  }
}

// ARM redeploys on error at resource-group scope only: a template that declares another scope
// (found by lint, after the settings were checked) cannot have rollback-on-failure.
Status check_rollback_scope(model::RunContext& ctx) {
  if (!ctx.settings.rollback.enabled() || ctx.scope() == "resourceGroup") return {};
  ctx.record.outcome.failure_class = classify::FailureClass::kConfiguration;
  ctx.record.outcome.hint = "Set rollback-on-failure to false for environment '" +
                            ctx.settings.target.name + "', or deploy at resource-group scope.";
  return fail("rollback-on-failure (" + ctx.settings.rollback_source + ") is " +
                  routing::to_string(ctx.settings.rollback) + ", but the template deploys at " +
                  ctx.scope() +
                  " scope: ARM redeploys a "
                  "deployment on error only at resource-group scope",
              "config.rollback");
}

}  // namespace

void protect_outputs(model::RunContext& ctx) {
  withhold_secret_outputs(ctx);
  mask_named_outputs(ctx);
}

Status deploy(model::RunContext& ctx) {
  if (ctx.settings.target.stack) {
    auto deployed = deploy_stack(ctx);
    // A stack's outputs are its deployment's: the same masks, withholding and masked-outputs.
    protect_outputs(ctx);
    return deployed;
  }
  if (auto scoped = check_rollback_scope(ctx); !scoped) return scoped;
  auto result = ctx.follow_deployment ? follow_deployment(ctx) : create_with_progress(ctx);
  if (!result && result.error().code == "az.timeout") return stopped_waiting(ctx, result);
  if (!result || !result->ok()) return stages::az_failed(ctx, "az deployment create", result);
  auto parsed = azure::parse_deployment(result->out);
  if (!parsed) return stages::unreadable(ctx, parsed.error());
  ctx.record.deployment = std::move(*parsed);
  // Secure outputs are masked, plain ones carrying a secure value withheld, and those input
  // masked-outputs names masked, before anything could print them.
  protect_outputs(ctx);
  // Exit 0 is az's verdict on its own call; ARM's state is the deployment's. An async operation
  // reported done while the deployment says Failed or Canceled must not pass as a success.
  if (!ctx.record.deployment.succeeded())
    return stages::deployment_not_succeeded(ctx, ctx.record.deployment);
  raise_template_warnings(ctx);
  spdlog::info("deploy: {} is {}, {} output(s), {} resource(s)", ctx.record.deployment_name,
               ctx.record.deployment.provisioning_state, ctx.record.deployment.outputs.size(),
               ctx.record.deployment.output_resource_ids.size());
  return {};
}

}  // namespace bicepgate::stages
