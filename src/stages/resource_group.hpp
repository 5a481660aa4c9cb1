#pragma once
// Part of planning: when az says the environment's resource group is not found, it is created
// if the settings allow it (input create-resource-group), so a first run on a new environment
// does not stop at ResourceGroupNotFound. A group that exists costs no extra az call.

#include "model/run_context.hpp"

namespace bicepgate::stages {

// `az group exists`; when missing: `az group create` with the environment's location, unless
// the run only plans (a pull request writes nothing), the environment is production without
// create-resource-group: true, or creating is off. Each refusal says what to run instead.
Status ensure_resource_group(model::RunContext& ctx);

}  // namespace bicepgate::stages
