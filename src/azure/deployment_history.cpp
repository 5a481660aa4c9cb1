#include "azure/deployment_history.hpp"

#include <nlohmann/json.hpp>

#include "util/json.hpp"
#include "util/strings.hpp"

namespace bicepgate::azure {

Result<std::vector<DeploymentResult>> parse_deployment_list(const std::string& text) {
  auto parsed = util::parse_json(text, "az deployment list output");
  if (!parsed) return fail(parsed.error());
  const auto& doc = *parsed;
  if (!doc.is_array())
    return fail("az printed a deployment list that is not a JSON array", "az.output");
  std::vector<DeploymentResult> out;
  for (const auto& item : doc) {
    if (auto deployment = deployment_from_json(item)) out.push_back(std::move(*deployment));
  }
  return out;
}

std::vector<std::string> deployment_list_args(const std::string& scope,
                                              const std::string& resource_group) {
  if (scope == "subscription")
    return {"deployment", "sub", "list", "--output", "json", "--only-show-errors"};
  return {"deployment",   "group",    "list", "--resource-group",
          resource_group, "--output", "json", "--only-show-errors"};
}

std::optional<DeploymentResult> last_succeeded(const std::vector<DeploymentResult>& history,
                                               const std::string& prefix) {
  std::optional<DeploymentResult> best;
  for (const auto& past : history) {
    if (past.provisioning_state != "Succeeded" || !util::starts_with(past.name, prefix)) continue;
    if (!best || past.timestamp > best->timestamp) best = past;
  }
  return best;
}

std::optional<DeploymentResult> succeeded_named(const std::vector<DeploymentResult>& history,
                                                const std::string& name) {
  for (const auto& past : history) {
    if (past.name == name && past.provisioning_state == "Succeeded") return past;
  }
  return std::nullopt;
}

}  // namespace bicepgate::azure
