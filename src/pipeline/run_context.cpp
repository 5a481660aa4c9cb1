#include "pipeline/run_context.hpp"

#include "util/files.hpp"
#include "util/strings.hpp"

namespace bicepgate::pipeline {

std::string RunSettings::worded(std::string message) const {
  for (const auto& [phrase, words] : wording) message = util::replace_all(message, phrase, words);
  return message;
}

std::filesystem::path RunContext::in_workspace(const std::string& path) const {
  std::filesystem::path p(path);
  return p.is_absolute() ? p : settings.workspace / p;
}

std::string RunContext::workspace_relative(const std::string& path) const {
  std::error_code ec;
  auto absolute = std::filesystem::weakly_canonical(in_workspace(path), ec);
  auto root = std::filesystem::weakly_canonical(settings.workspace, ec);
  if (ec) return path;
  auto relative = absolute.lexically_relative(root);
  if (relative.empty() || relative.native().rfind("..", 0) == 0) return path;
  return relative.generic_string();
}

std::string RunContext::parameters_text() const {
  if (!compilation.parameters_json.empty()) return compilation.parameters_json;
  if (settings.target.parameters_file.empty()) return {};
  return util::read_file(in_workspace(settings.target.parameters_file)).value_or("");
}

nlohmann::json previews_json(const std::vector<PreviewResult>& previews) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& p : previews) {
    nlohmann::json item = {{"state", to_string(p.state)},
                           {"production", p.target.production},
                           {"what_if", p.what_if.counts},
                           {"destructive", p.destructive.size()}};
    if (p.planned()) {
      item["gate"] = p.destructive.empty() ? "none" : p.gate_stops ? "stops" : "passes";
      item["gate_reason"] = p.gate_reason;
    }
    if (!p.deployment_name.empty()) item["deployment_name"] = p.deployment_name;
    if (!p.not_planned.empty()) item["not_planned"] = p.not_planned;
    if (!p.outcome.failure_class.empty()) {
      item["failure"] = {
          {"class", p.outcome.failure_class}, {"code", p.outcome.code}, {"stage", p.outcome.stage}};
    }
    out[p.target.name] = std::move(item);
  }
  return out;
}

std::vector<const PreviewResult*> unplanned(const std::vector<PreviewResult>& previews) {
  std::vector<const PreviewResult*> out;
  for (const auto& p : previews) {
    if (!p.planned()) out.push_back(&p);
  }
  return out;
}

}  // namespace bicepgate::pipeline
