#include "stages/health.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "azure/resources.hpp"
#include "net/probes.hpp"
#include "stages/failure.hpp"
#include "util/strings.hpp"

namespace bicepgate::stages {

std::vector<model::HealthCheck> check_resources(const std::vector<std::string>& output_resource_ids,
                                                const std::map<std::string, std::string>& states) {
  std::vector<model::HealthCheck> checks;
  for (const auto& id : output_resource_ids) {
    model::HealthCheck check{"resource", id, false, true, {}};
    auto it = states.find(util::to_lower(id));
    if (it != states.end()) {
      check.healthy = it->second == "Succeeded";
      check.detail =
          "provisioningState " + (it->second.empty() ? std::string("(none)") : it->second);
    } else if (!azure::in_subscription(id)) {
      check.healthy = true;
      check.checked = false;
      check.detail =
          "above any subscription (a management group's or the tenant's): no resource list "
          "holds it; the deployment's own state stands for it";
    } else if (azure::is_extension_resource(id)) {
      check.healthy = true;
      check.checked = false;
      check.detail =
          "extension resource (role assignment, lock…): no resource list holds it; "
          "the deployment's own state stands for it";
    } else if (azure::is_child_resource(id)) {
      check.healthy = true;
      check.checked = false;
      check.detail = "child resource: its parent's state stands for it";
    } else {
      check.detail = "not found in the resource list";
    }
    checks.push_back(std::move(check));
  }
  return checks;
}

Status verify_health(model::RunContext& ctx) {
  if (ctx.record.deployment.provisioning_state != "Succeeded") {
    ctx.record.outcome.failure_class = classify::FailureClass::kUnknown;
    return fail("deployment " + ctx.record.deployment_name + " ended in state '" +
                    ctx.record.deployment.provisioning_state + "', expected Succeeded",
                "health.deployment");
  }
  if (ctx.settings.stack_delete) {
    spdlog::info("health: nothing to verify, the stack was deleted (input stack-delete)");
    return {};
  }
  const auto& env = ctx.settings.target;
  if (ctx.settings.skip_health) {
    spdlog::info("health: skipped by input skip-health; the deployment itself succeeded");
    return {};
  }
  const auto& produced = ctx.record.deployment.output_resource_ids;
  // A management-group or tenant deployment may make nothing a subscription's list holds.
  if (std::any_of(produced.begin(), produced.end(), azure::in_subscription)) {
    auto listed = ctx.az.run(
        {"verifying_health", azure::resource_list_args(ctx.place()), std::chrono::minutes(10)});
    if (!listed || !listed->ok()) return stages::az_failed(ctx, "az resource list", listed);
    auto states = azure::parse_resource_states(listed->out);
    if (!states) return stages::unreadable(ctx, states.error());
    // Resource groups (what a subscription-scope template makes) are not in the resource list.
    const auto& ids = ctx.record.deployment.output_resource_ids;
    if (std::any_of(ids.begin(), ids.end(), azure::is_resource_group)) {
      auto groups =
          ctx.az.run({"verifying_health", azure::group_list_args(), std::chrono::minutes(10)});
      if (!groups || !groups->ok()) return stages::az_failed(ctx, "az group list", groups);
      auto group_states = azure::parse_resource_states(groups->out);
      if (!group_states) return stages::unreadable(ctx, group_states.error());
      states->insert(group_states->begin(), group_states->end());
    }
    ctx.record.health = check_resources(ids, *states);
  } else {
    ctx.record.health = check_resources(produced, {});
  }
  std::vector<net::Probe> probes;
  for (const auto& p : env.health_probes) {
    net::Probe probe;
    probe.kind = p.kind;
    probe.target = p.target;
    probe.expect_status = p.expect_status;
    probe.timeout = std::chrono::seconds(p.timeout_seconds);
    probes.push_back(probe);
  }
  auto results = net::run_probes(probes);
  for (std::size_t i = 0; i < probes.size(); ++i) {
    ctx.record.health.push_back(
        {probes[i].kind, probes[i].target, results[i].healthy, true,
         results[i].detail + " after " + std::to_string(results[i].attempts) + " attempt(s)"});
  }
  std::vector<std::string> unhealthy;
  for (const auto& check : ctx.record.health) {
    if (!check.healthy) unhealthy.push_back(check.target + ": " + check.detail);
  }
  spdlog::info("health: {} check(s), {} unhealthy", ctx.record.health.size(), unhealthy.size());
  if (!unhealthy.empty()) {
    ctx.record.outcome.failure_class = classify::FailureClass::kEnvironmental;
    return fail("health verification failed for " + std::to_string(unhealthy.size()) + " of " +
                    std::to_string(ctx.record.health.size()) + " check(s):\n- " +
                    util::join(unhealthy, "\n- "),
                "health.unhealthy");
  }
  return {};
}

}  // namespace bicepgate::stages
