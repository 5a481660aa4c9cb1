#include "azure/deployment.hpp"

#include <cctype>

#include "util/json.hpp"
#include "util/strings.hpp"

namespace bicepgate::azure {
namespace {

std::vector<std::string> common_args(const DeploymentTarget& target, const std::string& verb) {
  std::vector<std::string> args = {"deployment"};
  if (target.scope == "subscription") {
    args.insert(args.end(), {"sub", verb, "--location", target.location});
  } else {
    args.insert(args.end(), {"group", verb, "--resource-group", target.resource_group});
  }
  args.insert(args.end(), {"--name", target.name, "--template-file", target.template_file});
  if (!target.parameters_file.empty())
    args.insert(args.end(), {"--parameters", target.parameters_file});
  for (const auto& [key, value] : target.overrides) {
    args.insert(args.end(), {"--parameters", key + "=" + value});
  }
  if (target.scope != "subscription") args.insert(args.end(), {"--mode", target.mode});
  return args;
}

}  // namespace

std::vector<std::string> what_if_args(const DeploymentTarget& target) {
  auto args = common_args(target, "what-if");
  // --no-pretty-print is what makes what-if print JSON at all; the exit code says nothing.
  args.insert(args.end(), {"--no-pretty-print", "--output", "json", "--only-show-errors"});
  return args;
}

std::vector<std::string> create_args(const DeploymentTarget& target) {
  auto args = common_args(target, "create");
  args.insert(args.end(), {"--output", "json", "--only-show-errors"});
  return args;
}

Result<DeploymentResult> parse_deployment(const std::string& text) {
  auto doc = util::parse_json(text, "az deployment output");
  if (!doc) return fail(doc.error());
  return deployment_from_json(*doc);
}

Result<DeploymentResult> deployment_from_json(const nlohmann::json& doc) {
  if (!doc.is_object() || !doc.contains("properties") || !doc["properties"].is_object()) {
    return fail("az printed JSON without a deployment 'properties' object", "az.output");
  }
  DeploymentResult out;
  out.id = doc.value("id", "");
  out.name = doc.value("name", "");
  const auto& props = doc["properties"];
  out.provisioning_state = props.value("provisioningState", "");
  if (props.contains("timestamp") && props["timestamp"].is_string())
    out.timestamp = props["timestamp"].get<std::string>();
  if (props.contains("outputs") && props["outputs"].is_object()) {
    for (const auto& [name, output] : props["outputs"].items()) {
      DeploymentOutput item;
      item.type = output.value("type", "");
      item.value = output.contains("value") ? output["value"] : nlohmann::json();
      auto lowered = util::to_lower(item.type);
      item.secure = lowered == "securestring" || lowered == "secureobject";
      out.outputs.emplace(name, std::move(item));
    }
  }
  if (props.contains("outputResources") && props["outputResources"].is_array()) {
    for (const auto& resource : props["outputResources"]) {
      if (resource.is_object() && resource.contains("id") && resource["id"].is_string()) {
        out.output_resource_ids.push_back(resource["id"].get<std::string>());
      }
    }
  }
  if (props.contains("error")) out.error = props["error"];
  return out;
}

std::string deployment_name_prefix(const std::string& environment) {
  std::string safe;
  for (char c : environment.substr(0, 30)) {
    bool allowed =
        std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_' || c == '.';
    safe += allowed ? c : '-';
  }
  return "bicepgate-" + safe + "-";
}

std::string deployment_name(const std::string& environment, const std::string& content_hash) {
  return (deployment_name_prefix(environment) + content_hash.substr(0, 16)).substr(0, 64);
}

}  // namespace bicepgate::azure
