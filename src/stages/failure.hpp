#pragma once
// Turns a failed az call into the run's outcome: classified by the rules, pointed at the
// source line when the error names a resource.

#include <string>

#include "azure/az_runner.hpp"
#include "azure/deployment.hpp"
#include "model/run_context.hpp"

namespace bicepgate::stages {

// Always returns a failed Status, after filling ctx.record.outcome.
Status az_failed(model::RunContext& ctx, const std::string& what,
                 const Result<azure::AzResult>& result);
// az exited 0 but the deployment it printed did not succeed (Failed, Canceled): ARM's own error
// classified as a failed call's would be. Always returns a failed Status.
Status deployment_not_succeeded(model::RunContext& ctx, const azure::DeploymentResult& deployment);
// az answered, but not in a shape we can read: unknown, not retried.
Status unreadable(model::RunContext& ctx, const Error& error);
// The runner is stopping the job (a cancel sends SIGINT, then SIGTERM): whatever the stage
// returned, az's own "wait cancelled" included, the run ends cancelled in the current state:
// code run.cancelled, no failure class, not retried, no fix-request; the hint says how to
// follow or stop a deployment that goes on in Azure. Always returns a failed Status.
Status interrupted(model::RunContext& ctx, int signal_number, const Status& stage_result);
// The az commands to follow or stop this run's deployment, which goes on in Azure after az
// stops waiting for it (`may_run` false: it has ended, only the command to see it).
std::string follow_or_stop_deployment(const model::RunContext& ctx, bool may_run = true);

}  // namespace bicepgate::stages
