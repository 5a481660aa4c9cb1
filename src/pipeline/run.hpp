#pragma once
// The run loop: one call per stage, each recorded as a state transition.

#include "pipeline/run_context.hpp"

namespace bicepgate::pipeline {

// Runs the stages in order and returns the process exit code: 0 for completed or skipped,
// 1 for failed. Outputs and the job summary are written whatever the ending.
int execute(RunContext& ctx);

}  // namespace bicepgate::pipeline
