#pragma once
// deploy: `az deployment … create` with the compiled template; outputs become action outputs.

#include "model/run_context.hpp"

namespace bicepgate::stages {

Status deploy(model::RunContext& ctx);

}  // namespace bicepgate::stages
