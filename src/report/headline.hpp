#pragma once
// How a run ended, as the comment's and the summary's headings say it.

#include <string>

#include "model/run_context.hpp"

namespace bicepgate::report {

// Pure. Markdown (the stage and the class are escaped): "planned (what-if only, nothing
// deployed)", "failed at Bicep build and lint (logic, `BCP057`)", "stopped at the delete gate,
// waiting for approval".
std::string run_headline(const model::RunContext& ctx);

}  // namespace bicepgate::report
