#pragma once
// deploy: `az deployment … create` with the compiled template; outputs become action outputs.

#include "model/run_context.hpp"

namespace bicepgate::stages {

Status deploy(model::RunContext& ctx);

// The record's deployment outputs made safe to write, before anything could print them: secure
// ones masked, plain ones carrying a masked value withheld, those input masked-outputs names
// masked. deploy calls it; so does a run that reads an earlier deployment of the same content
// from the history instead (force: health), whose outputs arrive the same way.
void protect_outputs(model::RunContext& ctx);

}  // namespace bicepgate::stages
