#include "report/pr_comment.hpp"

#include <sstream>

#include "report/markdown.hpp"
#include "report/what_if_table.hpp"

namespace bicepgate::report {
namespace {

std::string headline(const pipeline::RunContext& ctx) {
  switch (ctx.machine.current()) {
    case pipeline::State::kCompleted:
      return ctx.settings.plan_only ? "planned (what-if only, nothing deployed)" : "deployed";
    case pipeline::State::kSkipped:
      return "skipped: this content already succeeded and what-if shows no change";
    case pipeline::State::kFailed:
      return "failed in " + markdown_text(ctx.outcome.stage) + " (" +
             markdown_text(ctx.outcome.failure_class) + ")";
    case pipeline::State::kCancelled: return "cancelled while " + markdown_text(ctx.outcome.stage);
    default: return "stopped in " + pipeline::to_string(ctx.machine.current());
  }
}

// Only the detail is outside text (an API error, a count); the rest of each line is ours.
std::string fix_line(const FixRequestStatus& fix, const Redact& redact) {
  using State = FixRequestStatus::State;
  switch (fix.state) {
    case State::kNone: return {};
    case State::kWritten:
      return "A fix-request was written (attempt " + std::to_string(fix.attempt) +
             "); it was not dispatched (input `dispatch-fix-request` is off).";
    case State::kRefused:
      return "No fix was requested: " + markdown_text(redact(fix.detail)) + " A human is needed.";
    case State::kDispatched:
      return "A fix was requested from the deployment-error-fixer (attempt " +
             std::to_string(fix.attempt) + ").";
    case State::kDispatchFailed:
      return "A fix-request was written but could not be dispatched: " +
             markdown_text(redact(fix.detail));
  }
  return {};
}

}  // namespace

std::string render_pr_comment(const pipeline::RunContext& ctx, const FixRequestStatus& fix,
                              const std::string& marker) {
  const auto& env = ctx.settings.target;
  // Outside text is masked first, then escaped: an escaped secret would slip past its mask.
  const Redact redact = [&](const std::string& raw) { return ctx.commands.redact(raw); };
  auto text = [&](const std::string& raw) { return markdown_text(redact(raw)); };
  std::ostringstream md;
  md << marker << "\n";
  md << "### bicepgate · " << text(env.name) << ": " << headline(ctx) << "\n\n";
  md << "Commit " << markdown_code(redact(ctx.settings.git_sha.substr(0, 12)));
  if (auto url = ctx.event.run_url(); !url.empty()) md << " · [workflow run](" << url << ")";
  if (!ctx.deployment_name.empty())
    md << " · deployment " << markdown_code(redact(ctx.deployment_name));
  md << "\n\n";
  md << "Stages: ";
  bool first = true;
  for (const auto& t : ctx.machine.history()) {
    md << (first ? "" : " → ") << pipeline::to_string(t.to);
    first = false;
  }
  md << "\n";
  for (const auto& warning : ctx.region_warnings) md << "\n> ⚠️ " << text(warning) << "\n";
  if (!ctx.what_if.changes.empty() || !ctx.what_if.counts.empty()) {
    md << "\n#### What-if\n\n" << render_what_if(ctx.what_if, 15, std::string::npos, redact);
  }
  if (!ctx.destructive.empty()) {
    md << "\n**" << ctx.destructive.size() << " destructive change(s)**";
    if (!ctx.gate_reason.empty()) md << ": " << text(ctx.gate_reason);
    md << "\n";
  }
  if (ctx.machine.current() == pipeline::State::kCancelled && !ctx.outcome.hint.empty())
    md << "\n" << text(ctx.outcome.hint) << "\n";
  if (ctx.machine.current() == pipeline::State::kFailed) {
    md << "\n#### Errors\n\n| Code | Where | Message |\n|---|---|---|\n";
    std::size_t shown = 0;
    for (const auto& error : ctx.outcome.errors) {
      if (++shown > 10) break;
      std::string where =
          error.file.empty() ? ctx.outcome.file : ctx.workspace_relative(error.file);
      int line = error.file.empty() ? ctx.outcome.line : error.line;
      md << "| " << text(error.code) << " | "
         << (where.empty() ? std::string("—")
                           : markdown_code_in_cell(redact(where + ":" + std::to_string(line))))
         << " | " << text(error.message) << " |\n";
    }
    if (ctx.outcome.errors.empty()) {
      md << "| " << text(ctx.outcome.code) << " | — | " << text(ctx.outcome.message) << " |\n";
    }
    if (!ctx.outcome.hint.empty()) md << "\n**What to do:** " << text(ctx.outcome.hint) << "\n";
  }
  if (auto line = fix_line(fix, redact); !line.empty()) md << "\n" << line << "\n";
  return ctx.commands.redact(md.str());
}

}  // namespace bicepgate::report
