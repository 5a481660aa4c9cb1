#include "report/pr_comment.hpp"

#include <sstream>
#include <vector>

#include "report/markdown.hpp"
#include "report/source_link.hpp"
#include "report/what_if_table.hpp"
#include "util/strings.hpp"

namespace bicepgate::report {
namespace {

// Room for the closing line that lists what was cut.
constexpr std::size_t kCutReserve = 600;

// Outside text bounded in bytes, cut on a character boundary.
std::string bounded(const std::string& text, std::size_t max_bytes) {
  std::string raw = util::valid_utf8(text);
  if (raw.size() <= max_bytes) return raw;
  std::size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(raw[end]) & 0xC0U) == 0x80U) --end;
  return raw.substr(0, end) + " …";
}

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
                              const std::string& marker, std::size_t max_bytes) {
  const auto& env = ctx.settings.target;
  // Outside text is masked first, then escaped: an escaped secret would slip past its mask.
  const Redact redact = [&](const std::string& raw) { return ctx.commands.redact(raw); };
  auto text = [&](const std::string& raw) { return markdown_text(redact(raw)); };
  auto cell = [&](const std::string& raw) { return markdown_text(bounded(redact(raw), 2000)); };
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
  // Blocks in order of priority; one that does not fit is counted in `cut` instead.
  std::vector<std::string> cut;
  auto used = [&] { return static_cast<std::size_t>(md.tellp()) + kCutReserve; };
  auto add = [&](const std::string& block) {
    if (used() + block.size() > max_bytes) return false;
    md << block;
    return true;
  };
  auto add_rows = [&](const std::vector<std::string>& rows, const std::string& what) {
    std::size_t shown = 0;
    while (shown < rows.size() && add(rows[shown])) ++shown;
    if (shown < rows.size()) cut.push_back(std::to_string(rows.size() - shown) + " " + what);
  };
  std::vector<std::string> rows;
  for (const auto& warning : ctx.region_warnings)
    rows.push_back("\n> ⚠️ " + cell(warning) + "\n");
  add_rows(rows, "regional warning(s)");
  if (ctx.machine.current() == pipeline::State::kFailed) {
    rows.clear();
    std::size_t shown = 0;
    for (const auto& error : ctx.outcome.errors) {
      if (++shown > 10) break;
      std::string where =
          error.file.empty() ? ctx.outcome.file : ctx.workspace_relative(error.file);
      int line = error.file.empty() ? ctx.outcome.line : error.line;
      rows.push_back("| " + cell(error.code) + " | " +
                     (where.empty() ? std::string("—")
                                    : source_line_markdown(ctx.event, redact(where), line, true)) +
                     " | " + cell(error.message) + " |\n");
    }
    if (ctx.outcome.errors.empty()) {
      rows.push_back("| " + cell(ctx.outcome.code) + " | " +
                     (ctx.outcome.file.empty()
                          ? std::string("—")
                          : source_line_markdown(ctx.event, redact(ctx.outcome.file),
                                                 ctx.outcome.line, true)) +
                     " | " + cell(ctx.outcome.message) + " |\n");
    }
    if (add("\n#### Errors\n\n| Code | Where | Message |\n|---|---|---|\n")) {
      add_rows(rows, "error row(s)");
    } else {
      cut.push_back("the error table");
    }
    if (!ctx.outcome.hint.empty() && !add("\n**What to do:** " + cell(ctx.outcome.hint) + "\n"))
      cut.push_back("what to do");
  }
  if (!ctx.destructive.empty()) {
    std::string line = "\n**" + std::to_string(ctx.destructive.size()) + " destructive change(s)**";
    if (!ctx.gate_reason.empty()) line += ": " + cell(ctx.gate_reason);
    add(line + "\n\n");
    rows.clear();
    for (const auto& d : ctx.destructive) {
      rows.push_back("- **" + cell(d.resource_type) + " " + cell(d.resource_name) +
                     "**: " + cell(d.why) + "\n");
    }
    add_rows(rows, "destructive change(s)");
  }
  if (!ctx.unmanaged.empty()) {
    std::string line = "\n**" + std::to_string(ctx.unmanaged.size()) +
                       " resource(s) left running, no longer managed by the template**";
    if (ctx.destructive.empty() && !ctx.gate_reason.empty()) line += ": " + cell(ctx.gate_reason);
    add(line + "\n\n");
    rows.clear();
    for (const auto& d : ctx.unmanaged) {
      rows.push_back("- **" + cell(d.resource_type) + " " + cell(d.resource_name) +
                     "**: " + cell(d.why) + "\n");
    }
    add_rows(rows, "unmanaged resource(s)");
  }
  if (ctx.machine.current() == pipeline::State::kCancelled && !ctx.outcome.hint.empty())
    add("\n" + cell(ctx.outcome.hint) + "\n");
  if (auto line = fix_line(fix, redact); !line.empty() && !add("\n" + line + "\n"))
    cut.push_back("the fix-request status");
  if (!ctx.what_if.changes.empty() || !ctx.what_if.counts.empty()) {
    const std::string heading = "\n#### What-if\n\n";
    const std::size_t taken = used() + heading.size();
    // Below this the table would be its closing lines only.
    if (taken + 1024 <= max_bytes) {
      md << heading << render_what_if(ctx.what_if, 15, max_bytes - taken, redact);
    } else {
      cut.push_back("the what-if table");
    }
  }
  if (!cut.empty()) {
    md << "\n> **Comment cut:** ";
    for (std::size_t i = 0; i < cut.size(); ++i) md << (i == 0 ? "" : ", ") << cut[i];
    md << " left out, as GitHub refuses a comment over " << kCommentLimit
       << " characters; the job summary and the audit record (output `audit-record`) have all.\n";
  }
  return ctx.commands.redact(md.str());
}

}  // namespace bicepgate::report
