#include "stages/rollback.hpp"

#include <spdlog/spdlog.h>

#include "azure/deployment.hpp"
#include "azure/deployment_history.hpp"
#include "stages/whatif.hpp"
#include "util/retry.hpp"
#include "util/strings.hpp"

namespace bicepgate::stages {
namespace {

// How many times the failed deployment is read while its redeploy runs, a progress interval
// apart: a bound, not a schedule (ARM's redeploy is a whole deployment).
constexpr int kReads = 40;

// ARM's LastSuccessful may not name what it picked; the history read before this run (the
// newest succeeded deployment in the resource group) does.
std::string expected_deployment(const model::RunContext& ctx) {
  const auto& policy = ctx.settings.rollback;
  if (policy.kind == routing::RollbackPolicy::Kind::kNamed) return policy.deployment;
  auto last = azure::last_succeeded(ctx.record.history, "");
  return last ? last->name : "";
}

// One read of the failed deployment; false when az or its answer failed (said in the detail).
bool read_once(model::RunContext& ctx) {
  auto& rollback = ctx.record.rollback;
  auto result =
      ctx.az.run({"deploying", azure::show_args(deployment_target(ctx)), std::chrono::minutes(2)});
  if (!result || !result->ok()) {
    rollback.detail =
        "az deployment show failed: " + (result ? util::trim(result->err) : result.error().message);
    return false;
  }
  auto shown = azure::parse_deployment(result->out);
  if (!shown) {
    rollback.detail = shown.error().message;
    return false;
  }
  rollback.correlation_id = shown->correlation_id;
  rollback.type = shown->on_error.type;
  rollback.state = shown->on_error.provisioning_state;
  if (!shown->on_error.deployment_name.empty())
    rollback.deployment = shown->on_error.deployment_name;
  return true;
}

// Why no redeploy ended well, in words for the summary.
std::string not_rolled_back(const model::RollbackRecord& rollback, const std::string& name) {
  if (!rollback.detail.empty()) return rollback.detail;
  if (rollback.type.empty()) {
    return "ARM reports no onErrorDeployment on " + name +
           ": the deployment never ran (it was refused before it started), so nothing was "
           "redeployed";
  }
  if (rollback.state.empty()) return "ARM had not started the redeploy when bicepgate stopped";
  if (!azure::deployment_ended(rollback.state)) {
    return "ARM's redeploy was still " + rollback.state +
           " when bicepgate stopped waiting; follow it with az deployment group show --name " +
           name;
  }
  return "ARM's redeploy of " +
         (rollback.deployment.empty() ? std::string("the last successful deployment")
                                      : rollback.deployment) +
         " ended " + rollback.state +
         "; the resource group may hold part of the failed deployment and part of the redeploy";
}

}  // namespace

void read_rollback(model::RunContext& ctx) {
  const auto& policy = ctx.settings.rollback;
  if (!policy.enabled()) return;
  auto& rollback = ctx.record.rollback;
  rollback.requested = true;
  rollback.policy = routing::to_string(policy);
  rollback.deployment = expected_deployment(ctx);
  for (int read = 1; read <= kReads; ++read) {
    if (!read_once(ctx)) break;
    // No type: ARM took no onErrorDeployment (the deployment was refused before it ran).
    if (rollback.type.empty() || azure::deployment_ended(rollback.state)) break;
    spdlog::info("rollback: redeploy of {} is {}", rollback.deployment,
                 rollback.state.empty() ? "not started" : rollback.state);
    if (read == kReads || !util::wait_unless_cancelled(ctx.settings.progress_interval)) break;
  }
  if (rollback.succeeded()) {
    spdlog::warn("rollback: {} failed; ARM redeployed {}", ctx.record.deployment_name,
                 rollback.deployment);
    return;
  }
  rollback.detail = not_rolled_back(rollback, ctx.record.deployment_name);
  spdlog::error("rollback: {}", ctx.commands.redact(rollback.detail));
}

}  // namespace bicepgate::stages
