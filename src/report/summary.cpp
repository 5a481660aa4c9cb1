#include "report/summary.hpp"

#include <ctime>
#include <sstream>

#include "util/strings.hpp"

namespace bicepgate::report {
namespace {

std::string utc(std::chrono::system_clock::time_point at) {
  std::time_t t = std::chrono::system_clock::to_time_t(at);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof(buffer), "%H:%M:%SZ", &tm);
  return buffer;
}

}  // namespace

std::string escape_markdown_cell(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '|': out += "\\|"; break;
      case '\n': out += "<br>"; break;
      case '\r': break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string render_summary(const pipeline::RunContext& ctx) {
  const auto& env = ctx.settings.target;
  const auto state = pipeline::to_string(ctx.machine.current());
  std::ostringstream md;
  md << "## bicepgate: " << escape_markdown_cell(env.name) << " — " << state << "\n\n";
  md << "| | |\n|---|---|\n";
  md << "| Environment | " << escape_markdown_cell(env.name) << (ctx.settings.plan_only ? " (plan only)" : "") << " |\n";
  md << "| Why | " << escape_markdown_cell(ctx.settings.route_reason) << " |\n";
  if (env.scope == "subscription") {
    md << "| Scope | subscription, " << escape_markdown_cell(env.location) << " |\n";
  } else {
    md << "| Resource group | " << escape_markdown_cell(env.resource_group) << " |\n";
  }
  md << "| Template | `" << escape_markdown_cell(env.template_file) << "` |\n";
  if (!ctx.deployment_name.empty()) md << "| Deployment | `" << ctx.deployment_name << "` |\n";
  if (!ctx.settings.git_sha.empty()) md << "| Commit | `" << escape_markdown_cell(ctx.settings.git_sha) << "` |\n";
  if (!ctx.az_version.empty()) md << "| Azure CLI | " << escape_markdown_cell(ctx.az_version) << " |\n";
  if (!ctx.outcome.failure_class.empty()) {
    md << "| Failure | " << escape_markdown_cell(ctx.outcome.failure_class) << " in " << ctx.outcome.stage
       << ": " << escape_markdown_cell(ctx.commands.redact(ctx.outcome.message)) << " |\n";
  }
  if (!ctx.what_if.counts.empty()) {
    md << "\n### What-if\n\n| Change | Resources |\n|---|---|\n";
    for (const auto& [type, count] : ctx.what_if.counts) md << "| " << type << " | " << count << " |\n";
  }
  if (!ctx.deployment.outputs.empty()) {
    md << "\n### Outputs\n\n| Name | Value |\n|---|---|\n";
    for (const auto& [name, output] : ctx.deployment.outputs) {
      std::string value = output.secure ? "*** (secure)" : (output.value.is_string() ? output.value.get<std::string>() : output.value.dump());
      md << "| " << escape_markdown_cell(name) << " | " << escape_markdown_cell(ctx.commands.redact(value)) << " |\n";
    }
  }
  md << "\n<details><summary>State history</summary>\n\n| At | From | To |\n|---|---|---|\n";
  for (const auto& t : ctx.machine.history()) {
    md << "| " << utc(t.at) << " | " << pipeline::to_string(t.from) << " | " << pipeline::to_string(t.to) << " |\n";
  }
  md << "\n</details>\n";
  return md.str();
}

}  // namespace bicepgate::report
