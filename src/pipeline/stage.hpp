#pragma once
// One stage of a run between two states, and the file checks of validating: shared by the run
// loop (run.cpp) and the previews (preview.cpp), which plan other environments the same way.

#include <functional>
#include <string>

#include "model/run_context.hpp"

namespace bicepgate::pipeline {

using model::RunContext;
using model::State;

// Runs `body` in `state` inside a log group called `name`. An environmental, retryable failure
// runs the stage again after a backoff; anything else records the failure in ctx.record.outcome and
// moves to failed (cancelled after SIGINT/SIGTERM). True when the stage succeeded.
bool run_stage(RunContext& ctx, State state, const std::string& name, Status (*body)(RunContext&));

// The stages up to the plan, in order: validate the files, log in, (`after_login`, when given:
// the team audit record's open), lint, check the regions, what-if (with the history). False,
// with the outcome recorded, at the first that fails.
bool plan_stages(RunContext& ctx, const std::function<bool()>& after_login = {});

// The environment's template and parameters files exist in the workspace and can be read, and
// a resource group is named where one is needed. No az call.
Status validate_files(RunContext& ctx);

}  // namespace bicepgate::pipeline
