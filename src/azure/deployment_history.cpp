#include "azure/deployment_history.hpp"

#include <nlohmann/json.hpp>

#include "azure/scope.hpp"
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

namespace {

// `az deployment <scope> <verb> <place> [--name N] --output json --only-show-errors`.
std::vector<std::string> scoped_args(const Place& place, const char* verb,
                                     const std::string& name) {
  std::vector<std::string> args = {"deployment", scope_command(place.scope), verb};
  for (auto& arg : place_args(place)) args.push_back(std::move(arg));
  if (!name.empty()) args.insert(args.end(), {"--name", name});
  args.insert(args.end(), {"--output", "json", "--only-show-errors"});
  return args;
}

}  // namespace

std::vector<std::string> deployment_list_args(const Place& place) {
  return scoped_args(place, "list", "");
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

std::vector<std::string> deployment_show_args(const Place& place, const std::string& name) {
  return scoped_args(place, "show", name);
}

std::vector<std::string> deployment_export_args(const Place& place, const std::string& name) {
  return scoped_args(place, "export", name);
}

Result<DeployedInputs> parse_deployed_inputs(const std::string& show_text) {
  auto parsed = util::parse_json(show_text, "az deployment show output");
  if (!parsed) return fail(parsed.error());
  const auto& doc = *parsed;
  if (!doc.is_object() || !doc.contains("properties") || !doc["properties"].is_object())
    return fail("az printed a deployment without a 'properties' object", "az.output");
  const auto& props = doc["properties"];
  DeployedInputs out;
  out.location = util::text_member(doc, "location");
  if (auto mode = util::text_member(props, "mode"); !mode.empty()) out.mode = mode;
  nlohmann::json values = nlohmann::json::object();
  if (props.contains("parameters") && props["parameters"].is_object()) {
    for (const auto& [name, holder] : props["parameters"].items()) {
      if (!holder.is_object()) continue;
      if (holder.contains("value")) {
        values[name] = {{"value", holder["value"]}};
        continue;
      }
      const auto type = util::to_lower(util::text_member(holder, "type"));
      if (type == "securestring" || type == "secureobject")
        out.secure_without_value.push_back(name);
    }
  }
  out.parameters = {
      {"$schema",
       "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#"},
      {"contentVersion", "1.0.0.0"},
      {"parameters", values}};
  return out;
}

Result<nlohmann::json> parse_exported_template(const std::string& export_text) {
  auto parsed = util::parse_json(export_text, "az deployment export output");
  if (!parsed) return fail(parsed.error());
  if (!parsed->is_object() || !parsed->contains("resources"))
    return fail("az deployment export printed no template (a JSON object with 'resources')",
                "az.output");
  return std::move(*parsed);
}

}  // namespace bicepgate::azure
