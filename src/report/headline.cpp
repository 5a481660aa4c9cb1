#include "report/headline.hpp"

#include "report/markdown.hpp"

namespace bicepgate::report {

// In a reviewer's words, not the state machine's: what happened and where it stopped.
std::string run_headline(const model::RunContext& ctx) {
  const std::string stage = markdown_text(model::describe_stage(ctx.record.outcome.stage));
  switch (ctx.record.machine.current()) {
    case model::State::kCompleted:
      if (ctx.settings.drift)
        return ctx.record.drift.drift ? "drift: Azure differs from the last deployment"
                                      : "no drift: Azure matches the last deployment";
      return ctx.settings.plan_only ? "planned (what-if only, nothing deployed)" : "deployed";
    case model::State::kSkipped:
      return "skipped: this content already succeeded and what-if shows no change";
    case model::State::kFailed:
      if (ctx.record.outcome.stage == model::to_string(model::State::kAwaitingConfirmation))
        return "stopped at the delete gate, waiting for approval";
      return "failed at " + stage + " (" + markdown_text(model::class_name(ctx.record.outcome)) +
             (ctx.record.outcome.code.empty() ? ""
                                              : ", " + markdown_code(ctx.record.outcome.code)) +
             ")";
    case model::State::kRolledBack:
      return "failed at " + stage + " (" + markdown_text(model::class_name(ctx.record.outcome)) +
             (ctx.record.outcome.code.empty() ? ""
                                              : ", " + markdown_code(ctx.record.outcome.code)) +
             "), rolled back to " + markdown_code(ctx.record.rollback.deployment);
    case model::State::kCancelled: return "cancelled during " + stage;
    default: return "stopped at " + model::describe(ctx.record.machine.current());
  }
}

std::string rollback_markdown(const model::RunContext& ctx,
                              const std::function<std::string(const std::string&)>& redact) {
  const auto& rollback = ctx.record.rollback;
  if (!rollback.requested) return "";
  if (rollback.succeeded()) {
    return "Rolled back: ARM redeployed " + markdown_code(redact(rollback.deployment)) +
           (rollback.type.empty() ? "" : " (" + markdown_text(rollback.type) + ")") + " after " +
           markdown_code(redact(ctx.record.deployment_name)) +
           " failed; the failure above stands." +
           (rollback.correlation_id.empty()
                ? ""
                : " Correlation id " + markdown_code(redact(rollback.correlation_id)) + ".");
  }
  return "Rollback failed: " + markdown_text(redact(rollback.detail));
}

}  // namespace bicepgate::report
