#pragma once
// deploy: `az deployment … create` with the compiled template; outputs become action outputs.

#include "pipeline/run_context.hpp"

namespace bicepgate::stages {

Status deploy(pipeline::RunContext& ctx);

}  // namespace bicepgate::stages
