#pragma once
// whatif: `az deployment … what-if` on the compiled template, parsed into changes per type.

#include "model/run_context.hpp"

namespace bicepgate::stages {

azure::DeploymentTarget deployment_target(const model::RunContext& ctx);
Status what_if(model::RunContext& ctx);

}  // namespace bicepgate::stages
