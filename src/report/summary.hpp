#pragma once
// report/: what people and the agent read: the job summary (and, later, the fix-request).

#include <string>

#include "pipeline/run_context.hpp"

namespace bicepgate::report {

// Markdown for GITHUB_STEP_SUMMARY. Every value is escaped for tables; masked values redacted.
std::string render_summary(const pipeline::RunContext& ctx);

}  // namespace bicepgate::report
