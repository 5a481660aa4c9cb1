#include "azure/stack.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "util/json.hpp"
#include "util/strings.hpp"

namespace bicepgate::azure {
namespace {

constexpr std::array<std::string_view, 3> kActions = {"detachAll", "deleteResources", "deleteAll"};
constexpr std::array<std::string_view, 3> kDenyModes = {"none", "denyDelete", "denyWriteAndDelete"};

template <typename Enum, std::size_t N>
std::optional<Enum> named(const std::array<std::string_view, N>& names, std::string_view name) {
  for (std::size_t i = 0; i < N; ++i) {
    if (util::to_lower(std::string(names[i])) == util::to_lower(std::string(name)))
      return static_cast<Enum>(i);
  }
  return std::nullopt;
}

std::vector<std::string> verb_args(const std::string& scope, const std::string& verb,
                                   const std::string& resource_group, const std::string& location,
                                   const std::string& name) {
  std::vector<std::string> args = {"stack"};
  if (scope == "subscription") {
    args.insert(args.end(), {"sub", verb});
    if (!location.empty()) args.insert(args.end(), {"--location", location});
  } else {
    args.insert(args.end(), {"group", verb, "--resource-group", resource_group});
  }
  args.insert(args.end(), {"--name", name});
  return args;
}

std::vector<std::string> write_args(const StackTarget& target, const std::string& verb) {
  auto args = verb_args(target.scope, verb, target.resource_group, target.location, target.name);
  args.insert(args.end(), {"--template-file", target.template_file});
  if (!target.parameters_file.empty())
    args.insert(args.end(), {"--parameters", target.parameters_file});
  if (!target.secure_overrides_file.empty())
    args.insert(args.end(), {"--parameters", target.secure_overrides_file});
  for (const auto& [key, value] : target.overrides)
    args.insert(args.end(), {"--parameters", key + "=" + value});
  const auto& s = target.settings;
  args.insert(args.end(), {"--action-on-unmanage", to_string(s.action_on_unmanage),
                           "--deny-settings-mode", to_string(s.deny_mode)});
  // One argument each, the items separated by spaces: az splits them on " "
  // (custom.py, _prepare_stacks_excluded_principals and _prepare_stacks_excluded_actions).
  if (!s.excluded_principals.empty())
    args.insert(args.end(),
                {"--deny-settings-excluded-principals", util::join(s.excluded_principals, " ")});
  if (!s.excluded_actions.empty())
    args.insert(args.end(),
                {"--deny-settings-excluded-actions", util::join(s.excluded_actions, " ")});
  if (s.apply_to_child_scopes) args.emplace_back("--deny-settings-apply-to-child-scopes");
  return args;
}

void add_output_args(std::vector<std::string>& args) {
  args.insert(args.end(), {"--output", "json", "--only-show-errors"});
}

std::vector<std::string> ids_of(const nlohmann::json& props, const char* key) {
  std::vector<std::string> out;
  if (!props.contains(key) || !props[key].is_array()) return out;
  for (const auto& item : props[key]) {
    auto id = util::text_member(item, "id");
    if (!id.empty()) out.push_back(id);
  }
  return out;
}

}  // namespace

std::string to_string(UnmanageAction action) {
  return std::string(kActions.at(static_cast<std::size_t>(action)));
}

std::string to_string(DenyMode mode) {
  return std::string(kDenyModes.at(static_cast<std::size_t>(mode)));
}

std::optional<UnmanageAction> unmanage_action_named(std::string_view name) {
  return named<UnmanageAction>(kActions, name);
}

std::optional<DenyMode> deny_mode_named(std::string_view name) {
  return named<DenyMode>(kDenyModes, name);
}

Result<UnmanageAction> unmanage_action_of(const std::string& resources,
                                          const std::string& resource_groups,
                                          const std::string& management_groups,
                                          const std::string& what) {
  bool deleted[3] = {false, false, false};
  const std::pair<const char*, const std::string*> kinds[] = {
      {"resources", &resources},
      {"resource-groups", &resource_groups},
      {"management-groups", &management_groups}};
  for (std::size_t i = 0; i < 3; ++i) {
    const auto word = util::to_lower(*kinds[i].second);
    if (word.empty() || word == "detach") continue;
    if (word != "delete") {
      return fail(what + " has " + kinds[i].first + ": '" + *kinds[i].second +
                  "', expected delete or detach");
    }
    deleted[i] = true;
  }
  if (!deleted[0] && !deleted[1] && !deleted[2]) return UnmanageAction::kDetachAll;
  if (deleted[0] && !deleted[1] && !deleted[2]) return UnmanageAction::kDeleteResources;
  if (deleted[0] && deleted[1] && deleted[2]) return UnmanageAction::kDeleteAll;
  return fail(what +
              " deletes and detaches in a combination az stack cannot ask for: it takes "
              "detachAll (detach all three), deleteResources (delete resources, detach resource "
              "groups and management groups) or deleteAll (delete all three)");
}

ManagedKind managed_kind(const std::string& id) {
  std::vector<std::string> parts;
  for (const auto& part : util::split(util::to_lower(id), '/')) {
    if (!part.empty()) parts.push_back(part);
  }
  if (parts.size() == 4 && parts[0] == "subscriptions" && parts[2] == "resourcegroups")
    return ManagedKind::kResourceGroup;
  if (parts.size() == 4 && parts[0] == "providers" && parts[1] == "microsoft.management" &&
      parts[2] == "managementgroups")
    return ManagedKind::kManagementGroup;
  return ManagedKind::kResource;
}

bool deletes(UnmanageAction action, ManagedKind kind) {
  switch (action) {
    case UnmanageAction::kDetachAll: return false;
    case UnmanageAction::kDeleteResources: return kind == ManagedKind::kResource;
    case UnmanageAction::kDeleteAll: return true;
  }
  return false;
}

std::string stack_name(const std::string& environment) {
  // ARM's stack names: 1 to 90 of letters, digits and - _ . ( ) (Microsoft.Resources
  // deploymentStacks@2024-03-01, name pattern ^[-\w\._\(\)]+$); environment names are
  // config keys, so anything else becomes '-'.
  std::string name = "bicepgate-";
  for (char c : environment) {
    const auto u = static_cast<unsigned char>(c);
    name += std::isalnum(u) || c == '-' || c == '_' || c == '.' || c == '(' || c == ')' ? c : '-';
  }
  return name.substr(0, 90);
}

std::vector<std::string> stack_create_args(const StackTarget& target) {
  auto args = write_args(target, "create");
  args.emplace_back("--yes");
  add_output_args(args);
  return args;
}

std::vector<std::string> stack_validate_args(const StackTarget& target) {
  auto args = write_args(target, "validate");
  add_output_args(args);
  return args;
}

std::vector<std::string> stack_show_args(const std::string& scope,
                                         const std::string& resource_group,
                                         const std::string& name) {
  auto args = verb_args(scope, "show", resource_group, "", name);
  add_output_args(args);
  return args;
}

std::vector<std::string> stack_delete_args(const std::string& scope,
                                           const std::string& resource_group,
                                           const std::string& name, UnmanageAction action) {
  auto args = verb_args(scope, "delete", resource_group, "", name);
  args.insert(args.end(), {"--action-on-unmanage", to_string(action), "--yes"});
  add_output_args(args);
  return args;
}

bool StackResult::succeeded() const {
  return util::to_lower(provisioning_state) == "succeeded";
}

std::vector<std::string> StackResult::managed_ids() const {
  std::vector<std::string> out;
  for (const auto& r : resources) out.push_back(r.id);
  return out;
}

Result<StackResult> parse_stack(const std::string& text) {
  auto doc = util::parse_json(text, "az stack output");
  if (!doc) return fail(doc.error());
  return stack_from_json(*doc);
}

Result<StackResult> stack_from_json(const nlohmann::json& doc) {
  if (!doc.is_object()) return fail("az printed a stack that is not a JSON object", "az.output");
  // ARM nests the stack's fields under "properties"; az prints its SDK model, which flattens
  // them onto the stack itself. Either is read.
  const bool nested = doc.contains("properties") && doc["properties"].is_object();
  const auto& props = nested ? doc["properties"] : doc;
  // Every stack ARM returns has a provisioningState; a validate result (properties without
  // one) is no stack.
  if (!props.contains("provisioningState")) {
    return fail("az printed JSON that is not a deployment stack (no provisioningState)",
                "az.output");
  }
  StackResult out;
  out.id = util::text_member(doc, "id");
  out.name = util::text_member(doc, "name");
  out.provisioning_state = util::text_member(props, "provisioningState");
  out.deployment_id = util::text_member(props, "deploymentId");
  out.correlation_id = util::text_member(props, "correlationId");
  if (props.contains("actionOnUnmanage") && props["actionOnUnmanage"].is_object()) {
    const auto& aou = props["actionOnUnmanage"];
    auto action = unmanage_action_of(util::text_member(aou, "resources"),
                                     util::text_member(aou, "resourceGroups"),
                                     util::text_member(aou, "managementGroups"), "");
    if (action) out.action_on_unmanage = to_string(*action);
  }
  if (props.contains("denySettings") && props["denySettings"].is_object())
    out.deny_mode = util::text_member(props["denySettings"], "mode");
  if (props.contains("resources") && props["resources"].is_array()) {
    for (const auto& item : props["resources"]) {
      StackResource r{util::text_member(item, "id"), util::text_member(item, "status"),
                      util::text_member(item, "denyStatus")};
      if (!r.id.empty()) out.resources.push_back(std::move(r));
    }
  }
  out.deleted = ids_of(props, "deletedResources");
  out.detached = ids_of(props, "detachedResources");
  if (props.contains("failedResources") && props["failedResources"].is_array()) {
    for (const auto& item : props["failedResources"]) {
      auto id = util::text_member(item, "id");
      if (!id.empty())
        out.failed.push_back({id, item.contains("error") ? item["error"] : nlohmann::json()});
    }
  }
  if (props.contains("outputs") && props["outputs"].is_object()) {
    for (const auto& [name, output] : props["outputs"].items()) {
      DeploymentOutput item;
      item.type = util::text_member(output, "type");
      item.value = output.contains("value") ? output["value"] : nlohmann::json();
      const auto lowered = util::to_lower(item.type);
      item.secure = lowered == "securestring" || lowered == "secureobject";
      out.outputs.emplace(name, std::move(item));
    }
  }
  if (props.contains("error") && !props["error"].is_null()) out.error = props["error"];
  return out;
}

bool stack_not_found(const std::string& az_error) {
  return az_error.find("DeploymentStackNotFound") != std::string::npos;
}

DeploymentResult as_deployment(const StackResult& stack) {
  DeploymentResult out;
  out.id = stack.deployment_id.empty() ? stack.id : stack.deployment_id;
  out.name = stack.name;
  // ARM spells a stack's states in lower case (succeeded), a deployment's capitalised
  // (Succeeded); the run reads the deployment's spelling.
  out.provisioning_state = stack.provisioning_state;
  if (!out.provisioning_state.empty())
    out.provisioning_state[0] =
        static_cast<char>(std::toupper(static_cast<unsigned char>(out.provisioning_state[0])));
  out.outputs = stack.outputs;
  out.output_resource_ids = stack.managed_ids();
  out.error = stack.error;
  out.correlation_id = stack.correlation_id;
  return out;
}

nlohmann::json stack_json(const StackResult& stack) {
  nlohmann::json failed = nlohmann::json::array();
  for (const auto& f : stack.failed) failed.push_back({{"id", f.id}, {"error", f.error}});
  return {{"name", stack.name},
          {"id", stack.id},
          {"provisioning_state", stack.provisioning_state},
          {"action_on_unmanage", stack.action_on_unmanage},
          {"deny_settings_mode", stack.deny_mode},
          {"deployment_id", stack.deployment_id},
          {"managed_resources", stack.managed_ids()},
          {"deleted_resources", stack.deleted},
          {"detached_resources", stack.detached},
          {"failed_resources", failed}};
}

}  // namespace bicepgate::azure
