#pragma once
// What a run hands on once its verdict is in: the fix-request for the agent (written, put in
// the outputs and the summary, dispatched when asked) and the sticky pull-request comment.
// Talking to GitHub never changes the run's result; a failure to is said next to it.

#include <string>

#include "github/api.hpp"
#include "github/environment.hpp"
#include "model/run_context.hpp"
#include "report/pr_comment.hpp"

namespace bicepgate::pipeline {

using model::RunContext;

// The GitHub API as the run's token and event reach it.
github::GitHubApi api_of(const RunContext& ctx);

// A failure to talk to GitHub never changes the run's result; it is said next to it, as a
// warning and in the summary.
void report_api_problem(RunContext& ctx, const std::string& what, const std::string& problem);

// Writes the fix-request (input fix-request-file, else the scratch folder), unless the branch
// already carries max-fix-attempts fix commits; exposes it as output `fix-request` and in the
// summary, and dispatches it as repository_dispatch when asked.
report::FixRequestStatus deliver_fix_request(RunContext& ctx, const std::string& id,
                                             const github::EnvironmentMap& env);

// One comment per pull request and environment, edited in place on every run; only one the
// token's own account wrote.
void comment_on_pull_request(RunContext& ctx, const report::FixRequestStatus& fix);

}  // namespace bicepgate::pipeline
