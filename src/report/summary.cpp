#include "report/summary.hpp"

#include <ctime>
#include <sstream>

#include "report/what_if_table.hpp"
#include "util/strings.hpp"
#include "util/time.hpp"

namespace bicepgate::report {
namespace {

// Room kept for the state history and the closing lines of each list.
constexpr std::size_t kTailReserve = 16 * 1024;

// A cell of outside text bounded in bytes, cut on a character boundary.
std::string bounded_cell(const std::string& text, std::size_t max_bytes = 1000) {
  std::string cell = escape_markdown_cell(util::valid_utf8(text));
  if (cell.size() <= max_bytes) return cell;
  std::size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(cell[end]) & 0xC0U) == 0x80U) --end;
  return cell.substr(0, end) + " …";
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

}  // namespace

std::string render_summary(const pipeline::RunContext& ctx, std::size_t max_bytes) {
  const auto& env = ctx.settings.target;
  auto left = [&](std::ostringstream& md) {
    auto used = static_cast<std::size_t>(md.tellp()) + kTailReserve;
    return used >= max_bytes ? std::size_t{0} : max_bytes - used;
  };
  const auto state = pipeline::to_string(ctx.machine.current());
  std::ostringstream md;
  md << "## bicepgate: " << escape_markdown_cell(env.name) << " — " << state << "\n\n";
  md << "| | |\n|---|---|\n";
  md << "| Environment | " << escape_markdown_cell(env.name)
     << (ctx.settings.plan_only ? " (plan only)" : "") << " |\n";
  md << "| Why | " << escape_markdown_cell(ctx.settings.route_reason) << " |\n";
  if (env.scope == "subscription") {
    md << "| Scope | subscription, " << escape_markdown_cell(env.location) << " |\n";
  } else {
    md << "| Resource group | " << escape_markdown_cell(env.resource_group) << " |\n";
  }
  md << "| Template | `" << escape_markdown_cell(env.template_file) << "` |\n";
  if (!ctx.deployment_name.empty()) md << "| Deployment | `" << ctx.deployment_name << "` |\n";
  if (!ctx.settings.git_sha.empty())
    md << "| Commit | `" << escape_markdown_cell(ctx.settings.git_sha) << "` |\n";
  if (!ctx.az_version.empty())
    md << "| Azure CLI | " << escape_markdown_cell(ctx.az_version) << " |\n";
  if (!ctx.outcome.failure_class.empty()) {
    md << "| Failure | " << escape_markdown_cell(ctx.outcome.failure_class) << " in "
       << ctx.outcome.stage << ": "
       << escape_markdown_cell(ctx.commands.redact(ctx.outcome.message)) << " |\n";
    if (!ctx.outcome.hint.empty())
      md << "| What to do | " << escape_markdown_cell(ctx.outcome.hint) << " |\n";
    if (!ctx.outcome.file.empty()) {
      md << "| Source | `" << escape_markdown_cell(ctx.outcome.file) << ":" << ctx.outcome.line
         << "` |\n";
    }
  }
  if (ctx.machine.current() == pipeline::State::kCancelled) {
    md << "| Cancelled | while " << ctx.outcome.stage << ": "
       << escape_markdown_cell(ctx.commands.redact(ctx.outcome.message)) << " |\n";
    if (!ctx.outcome.hint.empty())
      md << "| What to do | " << escape_markdown_cell(ctx.outcome.hint) << " |\n";
  }
  for (const auto& retry : ctx.retries) {
    md << "| Retried | " << retry.stage << " attempt " << retry.attempt << " failed with "
       << escape_markdown_cell(retry.code) << "; waited " << retry.delay.count() << " ms |\n";
  }
  if (!ctx.region_warnings.empty()) {
    md << "\n### Regional warnings\n\n";
    std::vector<std::string> rows;
    for (const auto& warning : ctx.region_warnings)
      rows.push_back("- " + bounded_cell(warning) + "\n");
    append_rows(md, rows, max_bytes, "regional warnings", "the audit record lists them all");
  }
  // Every diagnostic, since the runner shows only 10 annotations of each type.
  if (!ctx.compilation.diagnostics.empty()) {
    md << "\n### Bicep diagnostics\n\n| Severity | Where | Code | Message |\n|---|---|---|---|\n";
    std::vector<std::string> rows;
    for (const auto& d : ctx.compilation.diagnostics) {
      std::string where = ctx.workspace_relative(d.file) + ":" + std::to_string(d.line) + ":" +
                          std::to_string(d.column);
      rows.push_back(std::string("| ") + severity_name(d.severity) + " | `" +
                     bounded_cell(where, 300) + "` | " + bounded_cell(d.code, 100) + " | " +
                     bounded_cell(d.message) + " |\n");
    }
    append_rows(md, rows, max_bytes, "diagnostics",
                "`bicep build` lists them all, and a fix-request carries every error");
  }
  if (!ctx.what_if.changes.empty() || !ctx.what_if.counts.empty()) {
    md << "\n### What-if\n\n" << render_what_if(ctx.what_if, 15, left(md));
  }
  if (!ctx.destructive.empty()) {
    md << "\n### Destructive changes\n\n";
    std::vector<std::string> rows;
    for (const auto& d : ctx.destructive) {
      rows.push_back("- **" + bounded_cell(d.resource_type) + " " + bounded_cell(d.resource_name) +
                     "**: " + bounded_cell(d.why) + "\n");
    }
    append_rows(md, rows, max_bytes, "destructive changes",
                "the audit record lists every what-if change");
    if (!ctx.gate_reason.empty()) md << "\n" << escape_markdown_cell(ctx.gate_reason) << "\n";
  }
  if (ctx.machine.current() == pipeline::State::kSkipped) {
    md << "\nSkipped: `" << ctx.deployment_name
       << "` already succeeded with this template and these parameters, and what-if shows no "
          "change "
          "(input `force: true` deploys anyway).\n";
  }
  if (!ctx.health.empty()) {
    md << "\n### Health\n\n| Check | Target | Status | Detail |\n|---|---|---|---|\n";
    std::vector<std::string> rows;
    for (const auto& h : ctx.health) {
      rows.push_back("| " + h.kind + " | " + bounded_cell(h.target) + " | " +
                     (!h.checked  ? "not checked"
                      : h.healthy ? "healthy"
                                  : "**unhealthy**") +
                     " | " + bounded_cell(h.detail) + " |\n");
    }
    append_rows(md, rows, max_bytes, "health checks", "the audit record lists every one");
  }
  if (!ctx.deployment.outputs.empty()) {
    md << "\n### Outputs\n\n| Name | Value |\n|---|---|\n";
    std::vector<std::string> rows;
    for (const auto& [name, output] : ctx.deployment.outputs) {
      std::string value =
          output.secure
              ? "*** (secure)"
              : (output.value.is_string() ? output.value.get<std::string>() : output.value.dump());
      rows.push_back("| " + bounded_cell(name, 300) + " | " +
                     bounded_cell(ctx.commands.redact(value), 4000) + " |\n");
    }
    append_rows(md, rows, max_bytes, "outputs", "the audit record has every one");
  }
  md << "\n<details><summary>State history</summary>\n\n| At | From | To |\n|---|---|---|\n";
  for (const auto& t : ctx.machine.history()) {
    md << "| " << util::format_utc(t.at, "%H:%M:%SZ") << " | " << pipeline::to_string(t.from)
       << " | " << pipeline::to_string(t.to) << " |\n";
  }
  md << "\n</details>\n";
  // Once more over the whole text: cells above quote az, Bicep and the repository.
  return ctx.commands.redact(md.str());
}

}  // namespace bicepgate::report
