#pragma once
// Turns a failed az call into the run's outcome: classified by the rules, pointed at the
// source line when the error names a resource.

#include <string>

#include "azure/az_runner.hpp"
#include "pipeline/run_context.hpp"

namespace bicepgate::pipeline {

// Always returns a failed Status, after filling ctx.outcome.
Status az_failed(RunContext& ctx, const std::string& what, const Result<azure::AzResult>& result);
// az answered, but not in a shape we can read: unknown, not retried.
Status unreadable(RunContext& ctx, const Error& error);

}  // namespace bicepgate::pipeline
