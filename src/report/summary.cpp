#include "report/summary.hpp"

#include <ctime>
#include <sstream>

#include "report/what_if_table.hpp"
#include "util/strings.hpp"
#include "util/time.hpp"

namespace bicepgate::report {
namespace {}  // namespace

std::string render_summary(const pipeline::RunContext& ctx) {
  const auto& env = ctx.settings.target;
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
  for (const auto& retry : ctx.retries) {
    md << "| Retried | " << retry.stage << " attempt " << retry.attempt << " failed with "
       << escape_markdown_cell(retry.code) << "; waited " << retry.delay.count() << " ms |\n";
  }
  if (!ctx.region_warnings.empty()) {
    md << "\n### Regional warnings\n\n";
    for (const auto& warning : ctx.region_warnings)
      md << "- " << escape_markdown_cell(warning) << "\n";
  }
  if (!ctx.what_if.changes.empty() || !ctx.what_if.counts.empty()) {
    md << "\n### What-if\n\n" << render_what_if(ctx.what_if);
  }
  if (!ctx.destructive.empty()) {
    md << "\n### Destructive changes\n\n";
    for (const auto& d : ctx.destructive) {
      md << "- **" << escape_markdown_cell(d.resource_type) << " "
         << escape_markdown_cell(d.resource_name) << "**: " << escape_markdown_cell(d.why) << "\n";
    }
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
    for (const auto& h : ctx.health) {
      md << "| " << h.kind << " | " << escape_markdown_cell(h.target) << " | "
         << (!h.checked  ? "not checked"
             : h.healthy ? "healthy"
                         : "**unhealthy**")
         << " | " << escape_markdown_cell(h.detail) << " |\n";
    }
  }
  if (!ctx.deployment.outputs.empty()) {
    md << "\n### Outputs\n\n| Name | Value |\n|---|---|\n";
    for (const auto& [name, output] : ctx.deployment.outputs) {
      std::string value =
          output.secure
              ? "*** (secure)"
              : (output.value.is_string() ? output.value.get<std::string>() : output.value.dump());
      md << "| " << escape_markdown_cell(name) << " | "
         << escape_markdown_cell(ctx.commands.redact(value)) << " |\n";
    }
  }
  md << "\n<details><summary>State history</summary>\n\n| At | From | To |\n|---|---|---|\n";
  for (const auto& t : ctx.machine.history()) {
    md << "| " << util::format_utc(t.at, "%H:%M:%SZ") << " | " << pipeline::to_string(t.from)
       << " | " << pipeline::to_string(t.to) << " |\n";
  }
  md << "\n</details>\n";
  return md.str();
}

}  // namespace bicepgate::report
