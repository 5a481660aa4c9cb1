#pragma once
// whatif: `az deployment … what-if` on the compiled template, parsed into changes per type.

#include "pipeline/run_context.hpp"

namespace bicepgate::stages {

azure::DeploymentTarget deployment_target(const pipeline::RunContext& ctx);
Status what_if(pipeline::RunContext& ctx);

}  // namespace bicepgate::stages
