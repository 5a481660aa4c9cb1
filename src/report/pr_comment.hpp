#pragma once
// The sticky pull-request comment: what a reviewer needs from one run, in one place that is
// edited rather than repeated.

#include <string>

#include "pipeline/run_context.hpp"

namespace bicepgate::report {

// What became of the fix-request, for the comment and the summary.
struct FixRequestStatus {
  enum class State { kNone, kWritten, kRefused, kDispatched, kDispatchFailed };
  State state = State::kNone;
  std::string path;
  int attempt = 0;
  std::string detail;  // the API error, or why it was refused
};

// Pure. Starts with `marker`; every value escaped for Markdown and redacted.
std::string render_pr_comment(const pipeline::RunContext& ctx, const FixRequestStatus& fix,
                              const std::string& marker);

}  // namespace bicepgate::report
