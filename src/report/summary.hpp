#pragma once
// report/: what people and the agent read: the job summary (and, later, the fix-request).

#include <cstddef>
#include <string>

#include "model/run_context.hpp"

namespace bicepgate::report {

// What the run's own summary may take of the step summary's budget
// (github::kSummaryBudget), leaving room for the fix-request and API notes appended after it.
inline constexpr std::size_t kRunSummaryBudget = 900'000;

// Markdown for GITHUB_STEP_SUMMARY. Every value is escaped for tables; masked values (and their
// encoded forms) redacted. Within `max_bytes`: long lists are cut, each saying how many rows it
// left out and where they all are.
std::string render_summary(const model::RunContext& ctx, std::size_t max_bytes = kRunSummaryBudget);

}  // namespace bicepgate::report
