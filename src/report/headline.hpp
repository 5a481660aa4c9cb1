#pragma once
// How a run ended, as the comment's and the summary's headings say it.

#include <functional>
#include <string>

#include "model/run_context.hpp"

namespace bicepgate::report {

// Pure. Markdown (the stage and the class are escaped): "planned (what-if only, nothing
// deployed)", "failed at Bicep build and lint (logic, `BCP057`)", "stopped at the delete gate,
// waiting for approval".
std::string run_headline(const model::RunContext& ctx);

// Pure. What became of rollback-on-failure, in one Markdown sentence: "Rolled back: ARM
// redeployed `X` (LastSuccessful) after `Y` failed; the failure above stands.", "Rollback
// failed: …"; empty when none was asked for. `redact` masks what came from az before escaping.
std::string rollback_markdown(const model::RunContext& ctx,
                              const std::function<std::string(const std::string&)>& redact);

}  // namespace bicepgate::report
