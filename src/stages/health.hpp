#pragma once
// health: the deployment must have succeeded; its outputResources are what later checks read.

#include "pipeline/run_context.hpp"

namespace bicepgate::stages {

Status verify_health(pipeline::RunContext& ctx);

}  // namespace bicepgate::stages
