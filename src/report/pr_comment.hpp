#pragma once
// The sticky pull-request comment: what a reviewer needs from one run, in one place that is
// edited rather than repeated.

#include <string>

#include "model/run_context.hpp"

namespace bicepgate::report {

// What became of the fix-request, for the comment and the summary.
struct FixRequestStatus {
  enum class State { kNone, kWritten, kRefused, kDispatched, kDispatchFailed };
  State state = State::kNone;
  std::string path;
  int attempt = 0;
  std::string detail;  // the API error, or why it was refused
};

// GitHub refuses a comment body over 65,536 characters ("Body is too long (maximum is 65536
// characters)" from POST/PATCH .../issues/comments). The budget counts bytes (a character is at
// least one) and keeps room for masks that lengthen a value.
constexpr std::size_t kCommentLimit = 65536;
constexpr std::size_t kCommentBudget = 60000;

// Pure. Starts with `marker`; every value escaped for Markdown and redacted. At most `max_bytes`:
// the header, errors, destructive changes and the fix-request come first, what-if rows last,
// and a closing line says what was cut.
std::string render_pr_comment(const model::RunContext& ctx, const FixRequestStatus& fix,
                              const std::string& marker, std::size_t max_bytes = kCommentBudget);

}  // namespace bicepgate::report
