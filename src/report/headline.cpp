#include "report/headline.hpp"

#include "report/markdown.hpp"

namespace bicepgate::report {

// In a reviewer's words, not the state machine's: what happened and where it stopped.
std::string run_headline(const pipeline::RunContext& ctx) {
  const std::string stage = markdown_text(pipeline::describe_stage(ctx.outcome.stage));
  switch (ctx.machine.current()) {
    case pipeline::State::kCompleted:
      return ctx.settings.plan_only ? "planned (what-if only, nothing deployed)" : "deployed";
    case pipeline::State::kSkipped:
      return "skipped: this content already succeeded and what-if shows no change";
    case pipeline::State::kFailed:
      if (ctx.outcome.stage == pipeline::to_string(pipeline::State::kAwaitingConfirmation))
        return "stopped at the delete gate, waiting for approval";
      return "failed at " + stage + " (" + markdown_text(ctx.outcome.failure_class) +
             (ctx.outcome.code.empty() ? "" : ", " + markdown_code(ctx.outcome.code)) + ")";
    case pipeline::State::kCancelled: return "cancelled during " + stage;
    default: return "stopped at " + pipeline::describe(ctx.machine.current());
  }
}

}  // namespace bicepgate::report
