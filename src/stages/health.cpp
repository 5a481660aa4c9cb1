#include "stages/health.hpp"

#include <spdlog/spdlog.h>

namespace bicepgate::stages {

Status verify_health(pipeline::RunContext& ctx) {
  if (ctx.deployment.provisioning_state != "Succeeded") {
    ctx.outcome.failure_class = "unknown";
    return fail("deployment " + ctx.deployment_name + " ended in state '" +
                    ctx.deployment.provisioning_state + "', expected Succeeded",
                "health.deployment");
  }
  spdlog::info("health: deployment {} succeeded with {} resource(s)", ctx.deployment_name,
               ctx.deployment.output_resource_ids.size());
  return {};
}

}  // namespace bicepgate::stages
