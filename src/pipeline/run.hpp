#pragma once
// The spine of a run: pipeline::run names every step, from opening the audit record to closing
// it.

#include <string>

#include "audit/trail.hpp"
#include "github/environment.hpp"
#include "github/runner_files.hpp"
#include "model/run_context.hpp"

namespace bicepgate::pipeline {

using model::RunContext;
using model::State;

// One whole run: opens the audit record, validates, logs in, lints, plans, gates, deploys,
// verifies, plans the previews, publishes the outputs and the summary, delivers the
// fix-request and the pull-request comment, and closes the record. Returns the process exit
// code: 0 completed or skipped, 1 failed, 128 + the signal when cancelled. The record, the
// outputs and the summary are written whatever the ending, an internal error included.
int run(RunContext& ctx, const audit::Location& audit_at, const github::EnvironmentMap& env);

// The one place the outputs state, failure-class and failure-code are written.
void publish_verdict(github::RunnerFiles& files, const std::string& state,
                     const std::string& failure_class, const std::string& failure_code);

}  // namespace bicepgate::pipeline
