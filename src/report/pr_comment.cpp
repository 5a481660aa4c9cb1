#include "report/pr_comment.hpp"

#include <sstream>
#include <vector>

#include "report/blast_radius.hpp"
#include "report/headline.hpp"
#include "report/markdown.hpp"
#include "report/plan.hpp"
#include "report/previews.hpp"
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

std::string render_pr_comment(const model::RunContext& ctx, const FixRequestStatus& fix,
                              const std::string& marker, std::size_t max_bytes) {
  const auto& env = ctx.settings.target;
  // Outside text is masked first, then escaped: an escaped secret would slip past its mask.
  const Redact redact = [&](const std::string& raw) { return ctx.commands.redact(raw); };
  auto text = [&](const std::string& raw) { return markdown_text(redact(raw)); };
  auto cell = [&](const std::string& raw) { return markdown_text(bounded(redact(raw), 2000)); };
  std::ostringstream head;
  head << marker << "\n";
  head << "### bicepgate · " << text(env.name) << ": " << run_headline(ctx) << "\n\n";
  head << "Commit " << markdown_code(redact(ctx.settings.git_sha.substr(0, 12)));
  if (auto url = ctx.event.run_url(); !url.empty()) head << " · [workflow run](" << url << ")";
  if (!ctx.record.deployment_name.empty())
    head << " · deployment " << markdown_code(redact(ctx.record.deployment_name));
  head << "\n\n";
  head << "Stages: ";
  bool first = true;
  for (const auto& t : ctx.record.machine.history()) {
    head << (first ? "" : " → ") << model::describe(t.to);
    first = false;
  }
  head << "\n";
  if (auto rollback = rollback_markdown(ctx, redact); !rollback.empty())
    head << "\n**" << rollback << "**\n";
  // The previews (production first, in a section each): their essentials are reserved before
  // the run's own blocks; their destructive rows and tables compete below.
  const auto order = preview_order(ctx);
  std::vector<PreviewParts> before;
  std::vector<PreviewParts> after;
  for (const auto* p : order.before) before.push_back(preview_parts(*p, redact, "####"));
  for (const auto* p : order.after) after.push_back(preview_parts(*p, redact, "####"));
  std::size_t reserved = 0;
  for (const auto* list : {&before, &after})
    for (const auto& parts : *list) reserved += parts.essentials.size();
  const std::string header = head.str();
  std::ostringstream body;
  // Blocks in order of priority; one that does not fit is counted in `cut` instead.
  std::vector<std::string> cut;
  auto used = [&] {
    return header.size() + static_cast<std::size_t>(body.tellp()) + reserved + kCutReserve;
  };
  auto add_to = [&](std::string& out, const std::string& block) {
    if (used() + block.size() > max_bytes) return false;
    out += block;
    reserved += block.size();
    return true;
  };
  auto add = [&](const std::string& block) {
    if (used() + block.size() > max_bytes) return false;
    body << block;
    return true;
  };
  auto add_rows = [&](const std::vector<std::string>& rows, const std::string& what) {
    std::size_t shown = 0;
    while (shown < rows.size() && add(rows[shown])) ++shown;
    if (shown < rows.size()) cut.push_back(std::to_string(rows.size() - shown) + " " + what);
  };
  if (!ctx.record.previews.empty())
    body << "\n#### " << text(env.name) << ": " << run_headline(ctx) << "\n";
  std::vector<std::string> rows;
  for (const auto& warning : ctx.record.region_warnings)
    rows.push_back("\n> ⚠️ " + cell(warning) + "\n");
  add_rows(rows, "regional warning(s)");
  if (model::is_failure(ctx.record.machine.current())) {
    rows.clear();
    std::size_t shown = 0;
    for (const auto& error : ctx.record.outcome.errors) {
      if (++shown > 10) break;
      std::string where =
          error.file.empty() ? ctx.record.outcome.file : ctx.workspace_relative(error.file);
      int line = error.file.empty() ? ctx.record.outcome.line : error.line;
      rows.push_back("| " + cell(error.code) + " | " +
                     (where.empty() ? std::string("—")
                                    : source_line_markdown(ctx.event, redact(where), line, true)) +
                     " | " + cell(error.message) + " |\n");
    }
    if (ctx.record.outcome.errors.empty()) {
      rows.push_back("| " + cell(ctx.record.outcome.code) + " | " +
                     (ctx.record.outcome.file.empty()
                          ? std::string("—")
                          : source_line_markdown(ctx.event, redact(ctx.record.outcome.file),
                                                 ctx.record.outcome.line, true)) +
                     " | " + cell(ctx.record.outcome.message) + " |\n");
    }
    if (add("\n#### Errors\n\n| Code | Where | Message |\n|---|---|---|\n")) {
      add_rows(rows, "error row(s)");
    } else {
      cut.emplace_back("the error table");
    }
    if (!ctx.record.outcome.hint.empty() &&
        !add("\n**What to do:** " + cell(ctx.record.outcome.hint) + "\n"))
      cut.emplace_back("what to do");
  }
  if (!ctx.record.destructive.empty()) {
    std::string line =
        "\n**" + std::to_string(ctx.record.destructive.size()) + " destructive change(s)**";
    if (!ctx.record.gate_reason.empty()) line += ": " + cell(ctx.record.gate_reason);
    add(line + "\n\n");
    rows.clear();
    for (const auto& d : ctx.record.destructive) {
      rows.push_back("- **" + cell(d.resource_type) + " " + cell(d.resource_name) +
                     "**: " + cell(d.why) + "\n");
    }
    add_rows(rows, "destructive change(s)");
  }
  if (!ctx.record.unmanaged.empty()) {
    std::string line = "\n**" + std::to_string(ctx.record.unmanaged.size()) +
                       " resource(s) left running, no longer managed by the template**";
    if (ctx.record.destructive.empty() && !ctx.record.gate_reason.empty())
      line += ": " + cell(ctx.record.gate_reason);
    add(line + "\n\n");
    rows.clear();
    for (const auto& d : ctx.record.unmanaged) {
      rows.push_back("- **" + cell(d.resource_type) + " " + cell(d.resource_name) +
                     "**: " + cell(d.why) + "\n");
    }
    add_rows(rows, "unmanaged resource(s)");
  }
  if (ctx.record.machine.current() == model::State::kCancelled && !ctx.record.outcome.hint.empty())
    add("\n" + cell(ctx.record.outcome.hint) + "\n");
  if (auto line = fix_line(fix, redact); !line.empty() && !add("\n" + line + "\n"))
    cut.emplace_back("the fix-request status");
  // The previews' destructive rows, production first, after the run's own.
  std::vector<std::string> shown_rows(before.size() + after.size());
  std::vector<PreviewParts*> all;
  for (auto* list : {&before, &after})
    for (auto& parts : *list) all.push_back(&parts);
  for (std::size_t i = 0; i < all.size(); ++i) {
    const auto& preview_rows = all[i]->destructive_rows;
    std::size_t shown = 0;
    while (shown < preview_rows.size() && add_to(shown_rows[i], preview_rows[shown])) ++shown;
    if (shown < preview_rows.size())
      cut.push_back(std::to_string(preview_rows.size() - shown) + " destructive change(s) of the " +
                    text(all[i]->preview->target.name) + " preview");
  }
  // The what-if tables last: the run's own and each preview's share what is left, a small
  // table taking only what it needs.
  // The run's own table opens with its blast radius: what a reviewer must weigh, and who approves.
  // Rows hidden by what-if-exclude-change-types are not weighed; the gate's count is whole.
  const auto& own = ctx.record.shown_what_if();
  const std::string own_heading =
      (ctx.record.previews.empty() ? "\n#### What-if\n\n"
                                   : "\n##### What-if of " + text(env.name) + "\n\n") +
      render_blast_radius(
          assess_blast_radius(own, ctx.record.destructive.size() + ctx.record.unmanaged.size()),
          ctx.settings.delete_approval_label, redact) +
      "\n";
  const std::string plan_note = full_plan_note(ctx.record.plan_file);
  std::vector<const azure::WhatIfResult*> tables;
  std::vector<std::string> headings;
  if (!own.changes.empty() || !own.counts.empty() || !own.hidden.empty()) {
    tables.push_back(&own);
    headings.push_back(own_heading);
  } else {
    tables.push_back(nullptr);
    headings.emplace_back();
  }
  for (const auto* parts : all) {
    tables.push_back(parts->heading_of_what_if.empty() ? nullptr
                                                       : &parts->preview->shown_what_if());
    headings.push_back(parts->heading_of_what_if);
  }
  std::vector<std::size_t> wanted;
  // render_what_if keeps this much free for its closing lines: a table given only its own
  // size would leave out its last rows.
  constexpr std::size_t kTableSlack = 512;
  for (std::size_t i = 0; i < tables.size(); ++i) {
    wanted.push_back(tables[i] == nullptr
                         ? 0
                         : kTableSlack + headings[i].size() + (i == 0 ? plan_note.size() : 0) +
                               render_what_if(*tables[i], 15, std::string::npos, redact).size());
  }
  const std::size_t left = used() >= max_bytes ? 0 : max_bytes - used();
  const auto shares = share_budget(wanted, left);
  std::vector<std::string> rendered(tables.size());
  for (std::size_t i = 0; i < tables.size(); ++i) {
    if (tables[i] == nullptr) continue;
    // Below this the table would be its closing lines only.
    if (shares[i] < headings[i].size() + 1024 && shares[i] < wanted[i]) {
      cut.push_back(i == 0 ? std::string("the what-if table")
                           : "the what-if table of the " + text(all[i - 1]->preview->target.name) +
                                 " preview");
      continue;
    }
    // The run's own table ends with where the whole plan is (the file and the artifact).
    const std::string& tail = i == 0 ? plan_note : std::string();
    rendered[i] =
        headings[i] +
        render_what_if(*tables[i], 15, shares[i] - headings[i].size() - tail.size(), redact) + tail;
  }
  std::ostringstream md;
  md << header;
  auto section = [&](std::size_t i) {
    md << all[i]->essentials << shown_rows[i] << rendered[i + 1];
  };
  for (std::size_t i = 0; i < before.size(); ++i) section(i);
  md << body.str() << rendered[0];
  for (std::size_t i = before.size(); i < all.size(); ++i) section(i);
  if (!cut.empty()) {
    md << "\n> **Comment cut:** ";
    for (std::size_t i = 0; i < cut.size(); ++i) md << (i == 0 ? "" : ", ") << cut[i];
    md << " left out, as GitHub refuses a comment over " << kCommentLimit
       << " characters; the job summary and the audit record (output `audit-record`) have all.\n";
  }
  return ctx.commands.redact(md.str());
}

}  // namespace bicepgate::report
