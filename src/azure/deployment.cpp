#include "azure/deployment.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include "azure/scope.hpp"
#include "util/json.hpp"
#include "util/strings.hpp"

namespace bicepgate::azure {
namespace {

std::vector<std::string> common_args(const DeploymentTarget& target, const std::string& verb) {
  std::vector<std::string> args = {"deployment", scope_command(target.scope), verb};
  for (auto& arg : place_args(target.place())) args.push_back(std::move(arg));
  if (needs_location(target.scope)) args.insert(args.end(), {"--location", target.location});
  args.insert(args.end(), {"--name", target.name, "--template-file", target.template_file});
  if (!target.parameters_file.empty())
    args.insert(args.end(), {"--parameters", target.parameters_file});
  if (!target.secure_overrides_file.empty())
    args.insert(args.end(), {"--parameters", target.secure_overrides_file});
  for (const auto& [key, value] : target.overrides) {
    args.insert(args.end(), {"--parameters", key + "=" + value});
  }
  if (has_mode(target.scope)) args.insert(args.end(), {"--mode", target.mode});
  if (!target.validation_level.empty())
    args.insert(args.end(), {"--validation-level", target.validation_level});
  return args;
}

}  // namespace

nlohmann::json secure_overrides_document(
    const nlohmann::json& arm_template,
    const std::vector<std::pair<std::string, std::string>>& overrides,
    std::vector<std::string>& secure_names) {
  std::map<std::string, std::string> types;  // lower-case name -> lower-case type
  if (arm_template.is_object() && arm_template.contains("parameters") &&
      arm_template["parameters"].is_object()) {
    for (const auto& [name, declaration] : arm_template["parameters"].items())
      types[util::to_lower(name)] = util::to_lower(util::text_member(declaration, "type"));
  }
  nlohmann::json values = nlohmann::json::object();
  for (const auto& [key, value] : overrides) {
    auto found = types.find(util::to_lower(key));
    if (found == types.end()) continue;
    if (found->second == "securestring") {
      values[key] = {{"value", value}};
    } else if (found->second == "secureobject") {
      auto parsed = nlohmann::json::parse(value, nullptr, false);
      // Not JSON: az would refuse it too; leave it to az's own message on the command line
      // rather than guess a shape (the value is masked either way).
      if (parsed.is_discarded()) continue;
      values[key] = {{"value", parsed}};
    } else {
      continue;
    }
    secure_names.push_back(key);
  }
  if (values.empty()) return {};
  return {{"$schema",
           "https://schema.management.azure.com/schemas/2019-04-01/"
           "deploymentParameters.json#"},
          {"contentVersion", "1.0.0.0"},
          {"parameters", values}};
}

const std::vector<std::string>& validation_levels() {
  static const std::vector<std::string> kLevels = {"Provider", "Template", "ProviderNoRbac"};
  return kLevels;
}

std::string canonical_validation_level(const std::string& value) {
  for (const auto& level : validation_levels()) {
    if (util::to_lower(level) == util::to_lower(value)) return level;
  }
  return {};
}

bool version_at_least(const std::string& version, const std::string& minimum) {
  auto numbers = [](const std::string& text) {
    std::vector<long> out;
    std::size_t at = 0;
    while (at < text.size()) {
      std::size_t end = at;
      while (end < text.size() && std::isdigit(static_cast<unsigned char>(text[end])) != 0) ++end;
      if (end == at || end - at > 9) return std::vector<long>{};
      out.push_back(std::stol(text.substr(at, end - at)));
      if (end == text.size()) break;
      if (text[end] != '.') return std::vector<long>{};
      at = end + 1;
      if (at == text.size()) return std::vector<long>{};
    }
    return out;
  };
  auto have = numbers(version);
  auto need = numbers(minimum);
  if (have.empty() || need.empty()) return false;
  have.resize(std::max(have.size(), need.size()), 0);
  need.resize(have.size(), 0);
  return have >= need;
}

std::vector<std::string> what_if_args(const DeploymentTarget& target) {
  auto args = common_args(target, "what-if");
  // --no-pretty-print is what makes what-if print JSON at all; the exit code says nothing.
  args.insert(args.end(), {"--no-pretty-print", "--output", "json", "--only-show-errors"});
  return args;
}

std::vector<std::string> create_args(const DeploymentTarget& target) {
  auto args = common_args(target, "create");
  // The flag alone is az's nargs='?' with no value: the next argument starts with --, so it is
  // not taken as the name.
  if (target.rollback_on_error && target.scope == "resourceGroup") {
    args.emplace_back("--rollback-on-error");
    if (!target.rollback_on_error->empty()) args.push_back(*target.rollback_on_error);
  }
  args.insert(args.end(), {"--output", "json", "--only-show-errors"});
  return args;
}

std::vector<std::string> show_args(const DeploymentTarget& target) {
  std::vector<std::string> args = {"deployment", scope_command(target.scope), "show"};
  for (auto& arg : place_args(target.place())) args.push_back(std::move(arg));
  args.insert(args.end(), {"--name", target.name, "--output", "json", "--only-show-errors"});
  return args;
}

bool DeploymentResult::succeeded() const {
  return util::to_lower(provisioning_state) == "succeeded";
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
  out.id = util::text_member(doc, "id");
  out.name = util::text_member(doc, "name");
  const auto& props = doc["properties"];
  out.provisioning_state = util::text_member(props, "provisioningState");
  if (props.contains("timestamp") && props["timestamp"].is_string())
    out.timestamp = props["timestamp"].get<std::string>();
  if (props.contains("outputs") && props["outputs"].is_object()) {
    for (const auto& [name, output] : props["outputs"].items()) {
      DeploymentOutput item;
      item.type = util::text_member(output, "type");
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
  out.correlation_id = util::text_member(props, "correlationId");
  if (props.contains("onErrorDeployment") && props["onErrorDeployment"].is_object()) {
    const auto& on_error = props["onErrorDeployment"];
    out.on_error = {util::text_member(on_error, "type"),
                    util::text_member(on_error, "deploymentName"),
                    util::text_member(on_error, "provisioningState")};
  }
  return out;
}

std::vector<std::string> operation_list_args(const DeploymentTarget& target) {
  std::vector<std::string> args = {"deployment", "operation", scope_command(target.scope), "list"};
  for (auto& arg : place_args(target.place())) args.push_back(std::move(arg));
  args.insert(args.end(), {"--name", target.name, "--output", "json", "--only-show-errors"});
  return args;
}

bool deployment_ended(const std::string& provisioning_state) {
  const auto state = util::to_lower(provisioning_state);
  return state == "succeeded" || state == "failed" || state == "canceled";
}

Result<std::vector<OperationState>> parse_operations(const std::string& text) {
  auto parsed = util::parse_json(text, "az deployment operation list output");
  if (!parsed) return fail(parsed.error());
  if (!parsed->is_array())
    return fail("az deployment operation list output is not a JSON array", "az.output");
  std::vector<OperationState> out;
  for (const auto& op : *parsed) {
    if (!op.is_object() || !op.contains("properties") || !op["properties"].is_object()) continue;
    const auto& props = op["properties"];
    if (!props.contains("targetResource") || !props["targetResource"].is_object()) continue;
    const auto& target = props["targetResource"];
    out.push_back({util::text_member(target, "resourceType"),
                   util::text_member(target, "resourceName"),
                   util::text_member(props, "provisioningState")});
  }
  return out;
}

std::string describe_progress(const std::vector<OperationState>& operations) {
  std::map<std::string, int> done;
  std::vector<std::string> running;
  for (const auto& op : operations) {
    const auto& state = op.provisioning_state;
    if (state == "Succeeded" || state == "Failed" || state == "Canceled") {
      ++done[state];
    } else {
      running.push_back(op.resource_type + " " + op.resource_name);
    }
  }
  int finished = 0;
  std::string counts;
  for (const auto& [state, n] : done) {
    finished += n;
    counts += (counts.empty() ? "" : ", ") + std::to_string(n) + " " + state;
  }
  std::string out =
      std::to_string(finished) + " of " + std::to_string(operations.size()) + " operations done";
  if (!counts.empty()) out += ": " + counts;
  if (!running.empty()) out += "; running: " + util::join(running, ", ");
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
