#pragma once
// Previews: after a run's own environment, every environment its route previews (routing
// `preview:`, e.g. a pull request into main previews prod) is planned read-only with the same
// stages: validate files, compile, what-if. Nothing is deployed, no gate stops, no resource
// group is created; the delete gate is only asked what the deploying run would do.

#include "model/run_context.hpp"

namespace bicepgate::pipeline {

using model::PreviewResult;
using model::RunContext;
using model::RunSettings;
using model::State;
using model::Transition;

// Pure. The settings a preview of `environment` runs with: the run's own (login, retries,
// noise rules, overrides, validation level…) retargeted at `environment`, plan-only, writing no
// SARIF, fix-request or comment of its own, in its own folder under the run's work folder.
RunSettings preview_settings(const RunSettings& run, const routing::EnvironmentConfig& environment,
                             std::size_t index);

// Plans each of ctx.settings.previews into ctx.record.previews. A preview is not planned when the
// run stopped before its login (the previews reuse it) or was cancelled.
void plan_previews(RunContext& ctx);

}  // namespace bicepgate::pipeline
