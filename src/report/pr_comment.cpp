#include "report/pr_comment.hpp"

#include <sstream>

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
      return "failed in " + ctx.outcome.stage + " (" + ctx.outcome.failure_class + ")";
    case pipeline::State::kCancelled: return "cancelled while " + ctx.outcome.stage;
    default: return "stopped in " + pipeline::to_string(ctx.machine.current());
  }
}

std::string fix_line(const FixRequestStatus& fix) {
  using State = FixRequestStatus::State;
  switch (fix.state) {
    case State::kNone: return {};
    case State::kWritten:
      return "A fix-request was written (attempt " + std::to_string(fix.attempt) +
             "); it was not dispatched (input `dispatch-fix-request` is off).";
    case State::kRefused: return "No fix was requested: " + fix.detail + " A human is needed.";
    case State::kDispatched:
      return "A fix was requested from the deployment-error-fixer (attempt " +
             std::to_string(fix.attempt) + ").";
    case State::kDispatchFailed:
      return "A fix-request was written but could not be dispatched: " + fix.detail;
  }
  return {};
}

}  // namespace

std::string render_pr_comment(const pipeline::RunContext& ctx, const FixRequestStatus& fix,
                              const std::string& marker) {
  const auto& env = ctx.settings.target;
  std::ostringstream md;
  md << marker << "\n";
  md << "### bicepgate · " << escape_markdown_cell(env.name) << ": " << headline(ctx) << "\n\n";
  md << "Commit `" << escape_markdown_cell(ctx.settings.git_sha.substr(0, 12)) << "`";
  if (auto url = ctx.event.run_url(); !url.empty()) md << " · [workflow run](" << url << ")";
  if (!ctx.deployment_name.empty()) md << " · deployment `" << ctx.deployment_name << "`";
  md << "\n\n";
  md << "Stages: ";
  bool first = true;
  for (const auto& t : ctx.machine.history()) {
    md << (first ? "" : " → ") << pipeline::to_string(t.to);
    first = false;
  }
  md << "\n";
  for (const auto& warning : ctx.region_warnings)
    md << "\n> ⚠️ " << escape_markdown_cell(warning) << "\n";
  if (!ctx.what_if.changes.empty() || !ctx.what_if.counts.empty()) {
    md << "\n#### What-if\n\n" << render_what_if(ctx.what_if);
  }
  if (!ctx.destructive.empty()) {
    md << "\n**" << ctx.destructive.size() << " destructive change(s)**";
    if (!ctx.gate_reason.empty()) md << ": " << escape_markdown_cell(ctx.gate_reason);
    md << "\n";
  }
  if (ctx.machine.current() == pipeline::State::kCancelled && !ctx.outcome.hint.empty())
    md << "\n" << escape_markdown_cell(ctx.outcome.hint) << "\n";
  if (ctx.machine.current() == pipeline::State::kFailed) {
    md << "\n#### Errors\n\n| Code | Where | Message |\n|---|---|---|\n";
    std::size_t shown = 0;
    for (const auto& error : ctx.outcome.errors) {
      if (++shown > 10) break;
      std::string where =
          error.file.empty() ? ctx.outcome.file : ctx.workspace_relative(error.file);
      int line = error.file.empty() ? ctx.outcome.line : error.line;
      md << "| " << escape_markdown_cell(error.code) << " | "
         << (where.empty() ? std::string("—")
                           : "`" + escape_markdown_cell(where) + ":" + std::to_string(line) + "`")
         << " | " << escape_markdown_cell(ctx.commands.redact(error.message)) << " |\n";
    }
    if (ctx.outcome.errors.empty()) {
      md << "| " << escape_markdown_cell(ctx.outcome.code) << " | — | "
         << escape_markdown_cell(ctx.commands.redact(ctx.outcome.message)) << " |\n";
    }
    if (!ctx.outcome.hint.empty())
      md << "\n**What to do:** " << escape_markdown_cell(ctx.outcome.hint) << "\n";
  }
  if (auto line = fix_line(fix); !line.empty()) md << "\n" << escape_markdown_cell(line) << "\n";
  return ctx.commands.redact(md.str());
}

}  // namespace bicepgate::report
