#include "model/run_context.hpp"

#include "util/files.hpp"

namespace bicepgate::model {

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
  if (!record.compilation.parameters_json.empty()) return record.compilation.parameters_json;
  if (settings.target.parameters_file.empty()) return {};
  return util::read_file(in_workspace(settings.target.parameters_file)).value_or("");
}

const std::string& RunContext::scope() const {
  return record.scope.empty() ? settings.target.scope : record.scope;
}

azure::Place RunContext::place() const {
  return {scope(), settings.target.resource_group, settings.target.management_group};
}

const std::string& RunContext::location() const {
  return !record.moved_to_region.empty() && azure::needs_location(scope())
             ? record.moved_to_region
             : settings.target.location;
}

std::vector<std::pair<std::string, std::string>> RunContext::overrides() const {
  auto out = settings.overrides;
  if (record.moved_to_region.empty()) return out;
  std::erase_if(out, [](const auto& o) { return o.first == "location"; });
  out.emplace_back("location", record.moved_to_region);
  return out;
}

}  // namespace bicepgate::model
