#pragma once
// The drift check, a run of its own kind (input drift, or a route's drift: true): log in, then
// what-if of the environment's last successful deployment against Azure; the result goes to the
// outputs, the summary and one GitHub issue per environment. Never deploys.

#include "model/run_context.hpp"

namespace bicepgate::pipeline {

using model::RunContext;

// The stages, ending completed whether or not Azure drifted (drift is reported, not a failure).
void check_drift(RunContext& ctx);

// Outputs `drift` (true/false; empty when the check did not answer) and the summary's drift
// section. Part of publishing.
void publish_drift(RunContext& ctx);

// Opens, edits or closes the environment's drift issue (input drift-issue, needs github-token
// with issues: write). A failure to is a warning; it never changes the verdict.
void report_drift_issue(RunContext& ctx);

// Pure. 1 when the workflow asked drift to fail the job (drift-fails) and there is drift.
int drift_exit_code(const RunContext& ctx);

}  // namespace bicepgate::pipeline
