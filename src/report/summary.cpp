#include "report/summary.hpp"

#include <ctime>
#include <sstream>
#include <utility>

#include "report/blast_radius.hpp"
#include "report/headline.hpp"
#include "report/markdown.hpp"
#include "report/plan.hpp"
#include "report/previews.hpp"
#include "report/source_link.hpp"
#include "report/stack.hpp"
#include "report/what_if_table.hpp"
#include "util/strings.hpp"
#include "util/time.hpp"

namespace bicepgate::report {
namespace {

// Room kept for the state history and the closing lines of each list.
constexpr std::size_t kTailReserve = std::size_t{16} * 1024;

// Outside text bounded in bytes (cut on a character boundary), then escaped for a cell.
std::string bounded_text(const std::string& text, std::size_t max_bytes) {
  std::string raw = util::valid_utf8(text);
  if (raw.size() <= max_bytes) return raw;
  std::size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(raw[end]) & 0xC0U) == 0x80U) --end;
  return raw.substr(0, end) + " …";
}

// Rows while they fit in what is left of `max_bytes`, then one line counting the rest.
void append_rows(std::ostringstream& md, const std::vector<std::string>& rows,
                 std::size_t max_bytes, const std::string& what, const std::string& where) {
  std::size_t shown = 0;
  for (const auto& row : rows) {
    if (static_cast<std::size_t>(md.tellp()) + row.size() + kTailReserve > max_bytes) break;
    md << row;
    ++shown;
  }
  if (shown < rows.size()) {
    md << "\n… " << rows.size() - shown << " more " << what
       << " omitted, as GitHub drops a job summary over 1 MiB; " << where << ".\n";
  }
}

const char* severity_name(bicep::Severity severity) {
  switch (severity) {
    case bicep::Severity::kWarning: return "warning";
    case bicep::Severity::kInfo: return "info";
    case bicep::Severity::kError: break;
  }
  return "**error**";
}

// "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/app" →
// {"/subscriptions/s/resourceGroups/rg", "Microsoft.Web/sites/app"}; empty for anything else
// (a subscription-level or an extension resource keeps its full id).
std::pair<std::string, std::string> split_resource_id(const std::string& id) {
  const std::string lower = util::to_lower(id);
  const auto at = lower.find("/providers/");
  if (at == std::string::npos || lower.find("/providers/", at + 1) != std::string::npos) return {};
  const auto group = lower.find("/resourcegroups/");
  if (!util::starts_with(lower, "/subscriptions/") || group == std::string::npos ||
      lower.find('/', group + 16) != at)
    return {};
  return {id.substr(0, at), id.substr(at + 11)};
}

}  // namespace

std::string render_summary(const model::RunContext& ctx, std::size_t max_bytes) {
  const auto& env = ctx.settings.target;
  auto left = [&](std::ostringstream& md) {
    auto used = static_cast<std::size_t>(md.tellp()) + kTailReserve;
    return used >= max_bytes ? std::size_t{0} : max_bytes - used;
  };
  // Outside text is masked first, then escaped: an escaped secret would slip past its mask.
  const Redact redact = [&](const std::string& raw) { return ctx.commands.redact(raw); };
  auto text = [&](const std::string& raw) { return markdown_text(redact(raw)); };
  auto cell = [&](const std::string& raw, std::size_t max_bytes_of_cell = 1000) {
    return markdown_text(bounded_text(redact(raw), max_bytes_of_cell));
  };
  auto code = [&](const std::string& raw, std::size_t max_bytes_of_cell = 1000) {
    return markdown_code_in_cell(bounded_text(redact(raw), max_bytes_of_cell));
  };
  const auto state = model::to_string(ctx.record.machine.current());
  std::ostringstream md;
  // Production first: a pull request's preview of prod goes above its own plan of staging.
  const auto previews = preview_order(ctx);
  if (!previews.before.empty())
    md << render_preview_summaries(previews.before, max_bytes / 2, redact) << "\n";
  md << "## bicepgate: " << text(env.name) << " — " << run_headline(ctx) << "\n\n";
  // The first row is the table's header: GitHub renders a table only under one.
  md << "| Environment | " << text(env.name) << (ctx.settings.plan_only ? " (plan only)" : "")
     << " |\n|---|---|\n";
  md << "| State | " << state << " |\n";
  md << "| Why | " << text(ctx.settings.route_reason) << " |\n";
  if (ctx.scope() == "managementGroup") {
    md << "| Management group | " << text(env.management_group) << ", " << text(ctx.location())
       << " |\n";
  } else if (ctx.scope() != "resourceGroup") {
    md << "| Scope | " << text(ctx.scope()) << ", " << text(ctx.location()) << " |\n";
  } else {
    md << "| Resource group | " << text(env.resource_group) << " |\n";
  }
  md << "| Template | " << code(env.template_file) << " |\n";
  if (!ctx.record.deployment_name.empty())
    md << "| Deployment | " << code(ctx.record.deployment_name) << " |\n";
  if (auto stack = stack_cell(ctx.settings, ctx.record); !stack.empty())
    md << "| Stack | " << stack << " |\n";
  if (!ctx.settings.git_sha.empty()) md << "| Commit | " << code(ctx.settings.git_sha) << " |\n";
  if (!ctx.record.az_version.empty())
    md << "| Azure CLI | " << text(ctx.record.az_version) << " |\n";
  if (!ctx.record.cloud.empty()) md << "| Cloud | " << text(ctx.record.cloud) << " |\n";
  if (ctx.record.outcome.failure_class.has_value()) {
    md << "| Failure | " << text(model::class_name(ctx.record.outcome)) << " at "
       << text(model::describe_stage(ctx.record.outcome.stage)) << ": "
       << text(ctx.record.outcome.message) << " |\n";
    if (!ctx.record.outcome.hint.empty())
      md << "| What to do | " << text(ctx.record.outcome.hint) << " |\n";
    if (!ctx.record.outcome.file.empty()) {
      // Linked to the line at the commit the reader reviews (a pull request's head).
      md << "| Source | "
         << source_line_markdown(ctx.event, bounded_text(redact(ctx.record.outcome.file), 300),
                                 ctx.record.outcome.line, true)
         << " |\n";
    }
  }
  if (auto rollback = rollback_markdown(ctx, redact); !rollback.empty())
    md << "| Rollback | " << rollback << " |\n";
  if (!ctx.settings.rollback_refused.empty())
    md << "| Rollback | not for production: " << text(ctx.settings.rollback_refused) << " |\n";
  if (ctx.record.machine.current() == model::State::kCancelled) {
    md << "| Cancelled | during " << text(model::describe_stage(ctx.record.outcome.stage)) << ": "
       << text(ctx.record.outcome.message) << " |\n";
    if (!ctx.record.outcome.hint.empty())
      md << "| What to do | " << text(ctx.record.outcome.hint) << " |\n";
  }
  for (const auto& retry : ctx.record.retries) {
    md << "| Retried | " << retry.stage << " attempt " << retry.attempt << " failed with "
       << text(retry.code) << "; waited " << retry.delay.count() << " ms |\n";
  }
  for (const auto& relogin : ctx.record.relogins) {
    md << "| Logged in again | before " << text(model::describe_stage(relogin.stage)) << ", "
       << (relogin.reason == "age" ? std::string("the login had grown old")
                                   : "the login had expired (" + text(relogin.reason) + ")")
       << (relogin.ok ? "" : "; the new login failed") << " |\n";
  }
  if (!ctx.record.region_warnings.empty()) {
    md << "\n### Regional warnings\n\n";
    std::vector<std::string> rows;
    for (const auto& warning : ctx.record.region_warnings)
      rows.push_back("- " + cell(warning) + "\n");
    append_rows(md, rows, max_bytes, "regional warnings", "the audit record lists them all");
  }
  // Every diagnostic, since the runner shows only 10 annotations of each type.
  if (!ctx.record.compilation.diagnostics.empty()) {
    md << "\n### Bicep diagnostics\n\n| Severity | Where | Code | Message |\n|---|---|---|---|\n";
    std::vector<std::string> rows;
    for (const auto& d : ctx.record.compilation.diagnostics) {
      std::string where = ctx.workspace_relative(d.file) + ":" + std::to_string(d.line) + ":" +
                          std::to_string(d.column);
      rows.push_back(std::string("| ") + severity_name(d.severity) + " | " + code(where, 300) +
                     " | " + cell(d.code, 100) + " | " + cell(d.message) + " |\n");
    }
    append_rows(md, rows, max_bytes, "diagnostics",
                "`bicep build` lists them all, and a fix-request carries every error");
  }
  if (const auto& shown = ctx.record.shown_what_if();
      !shown.changes.empty() || !shown.counts.empty() || !shown.hidden.empty()) {
    // The blast radius first: what a reviewer must approve, before the rows.
    md << "\n### What-if\n\n"
       << render_blast_radius(assess_blast_radius(shown, ctx.record.destructive.size() +
                                                             ctx.record.unmanaged.size()),
                              ctx.settings.delete_approval_label, redact)
       << "\n";
    const std::string note = full_plan_note(ctx.record.plan_file);
    md << render_what_if(shown, 15, left(md) - std::min(left(md), note.size()), redact) << note;
  }
  if (!ctx.record.destructive.empty()) {
    md << "\n### Destructive changes\n\n";
    std::vector<std::string> rows;
    for (const auto& d : ctx.record.destructive) {
      rows.push_back("- **" + cell(d.resource_type) + " " + cell(d.resource_name) +
                     "**: " + cell(d.why) + "\n");
    }
    append_rows(md, rows, max_bytes, "destructive changes",
                "the audit record lists every what-if change");
    if (!ctx.record.gate_reason.empty()) md << "\n" << text(ctx.record.gate_reason) << "\n";
  }
  if (!ctx.record.unmanaged.empty()) {
    md << "\n### Left running, no longer managed by the template\n\n";
    std::vector<std::string> rows;
    for (const auto& d : ctx.record.unmanaged) {
      rows.push_back("- **" + cell(d.resource_type) + " " + cell(d.resource_name) +
                     "**: " + cell(d.why) + "\n");
    }
    append_rows(md, rows, max_bytes, "unmanaged resources",
                "the audit record lists every what-if change");
    if (ctx.record.destructive.empty() && !ctx.record.gate_reason.empty())
      md << "\n" << text(ctx.record.gate_reason) << "\n";
  }
  if (ctx.record.machine.current() == model::State::kSkipped) {
    md << "\nSkipped: " << markdown_code(redact(ctx.record.deployment_name))
       << " already succeeded with this template and these parameters, and what-if shows no "
          "change "
          "(input `force: true` deploys anyway).\n";
  }
  if (!ctx.record.health.empty()) {
    // The resource group once, above the table; a row shows type/name, or its full id when it
    // lies elsewhere.
    std::string group;
    for (const auto& h : ctx.record.health) {
      if (h.kind == "resource" && group.empty()) group = split_resource_id(h.target).first;
    }
    md << "\n### Health\n\n";
    if (!group.empty()) md << "Resources in " << code(group) << ".\n\n";
    md << "| Check | Target | Status | Detail |\n|---|---|---|---|\n";
    std::vector<std::string> rows;
    for (const auto& h : ctx.record.health) {
      auto [in_group, type_and_name] = split_resource_id(h.target);
      const bool short_form = h.kind == "resource" && !group.empty() &&
                              util::to_lower(in_group) == util::to_lower(group);
      rows.push_back("| " + text(h.kind) + " | " + cell(short_form ? type_and_name : h.target) +
                     " | " +
                     (!h.checked  ? "not checked"
                      : h.healthy ? "healthy"
                                  : "**unhealthy**") +
                     " | " + cell(h.detail) + " |\n");
    }
    append_rows(md, rows, max_bytes, "health checks", "the audit record lists every one");
  }
  if (!ctx.record.deployment.outputs.empty()) {
    md << "\n### Outputs\n\n| Name | Value |\n|---|---|\n";
    std::vector<std::string> rows;
    for (const auto& [name, output] : ctx.record.deployment.outputs) {
      // "*** (secure)" and the withheld note are ours: *** before a space opens no emphasis.
      std::string value = output.secure   ? "*** (secure)"
                          : output.masked ? "*** (masked: input masked-outputs)"
                          : output.withheld
                              ? "*withheld: its value contains a secure parameter's value*"
                              : cell(output.value.is_string() ? output.value.get<std::string>()
                                                              : output.value.dump(),
                                     4000);
      rows.push_back("| " + cell(name, 300) + " | " + value + " |\n");
    }
    append_rows(md, rows, max_bytes, "outputs", "the audit record has every one");
  }
  if (!previews.after.empty()) md << render_preview_summaries(previews.after, left(md), redact);
  md << "\n<details><summary>State history</summary>\n\n| At | From | To |\n|---|---|---|\n";
  for (const auto& t : ctx.record.machine.history()) {
    md << "| " << util::format_utc(t.at, "%H:%M:%SZ") << " | " << model::to_string(t.from) << " | "
       << model::to_string(t.to) << " |\n";
  }
  md << "\n</details>\n";
  // Once more over the whole text: cells above quote az, Bicep and the repository.
  return ctx.commands.redact(md.str());
}

}  // namespace bicepgate::report
