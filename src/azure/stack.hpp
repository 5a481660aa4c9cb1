#pragma once
// Deployment stacks (Microsoft.Resources/deploymentStacks): an environment's settings for them,
// the argument vectors of `az stack group|sub create|validate|show|delete`, and the parser of a
// stack as az prints it (managed, deleted, detached and failed resources, outputs, state).

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "azure/deployment.hpp"
#include "util/result.hpp"

namespace bicepgate::azure {

// `az stack … --action-on-unmanage`, `validate` and `--bypass-stack-out-of-sync-error` arrived
// in azure-cli 2.61.0 (src/azure-cli/HISTORY.rst, 2.61.0, ARM: "[BREAKING CHANGE] `az stack
// group/sub/mg create/delete`: Remove the deprecated `--delete-all`, `--delete-resources`, and
// `--delete-resource-groups` flags. Use the `--action-on-unmanage`/`--aou` parameter instead",
// and "`az stack group/sub/mg validate`: Add new `validate` command", Azure/azure-cli#28605).
inline constexpr const char* kStacksSince = "2.61.0";

// az's --action-on-unmanage values (azure-cli command_modules/resource/custom.py,
// _prepare_stacks_delete_detach_models): detachAll detaches resources, resource groups and
// management groups; deleteResources deletes resources and detaches the groups; deleteAll
// deletes all three. ARM's actionOnUnmanage has one of delete|detach per kind; az offers only
// these three combinations.
enum class UnmanageAction { kDetachAll, kDeleteResources, kDeleteAll };
// ARM's denySettings.mode (DenySettingsMode: none, denyDelete, denyWriteAndDelete).
enum class DenyMode { kNone, kDenyDelete, kDenyWriteAndDelete };

std::string to_string(UnmanageAction action);
std::string to_string(DenyMode mode);
// Pure. The value az takes, matched without case (az's enum arguments take any case); nullopt
// for anything else.
std::optional<UnmanageAction> unmanage_action_named(std::string_view name);
std::optional<DenyMode> deny_mode_named(std::string_view name);
// Pure. The az value that deletes or detaches each kind as asked ("delete" or "detach", any
// case; empty: detach); an error naming the combination when az has no value for it, or a word
// is neither. `what` names the setting in errors.
Result<UnmanageAction> unmanage_action_of(const std::string& resources,
                                          const std::string& resource_groups,
                                          const std::string& management_groups,
                                          const std::string& what);

// What kind of managed resource an id is, for action-on-unmanage.
enum class ManagedKind { kResource, kResourceGroup, kManagementGroup };
// Pure. From the id's shape: /subscriptions/S/resourceGroups/G is a resource group,
// /providers/Microsoft.Management/managementGroups/M a management group, anything else a
// resource.
ManagedKind managed_kind(const std::string& id);
// Pure. Whether `action` deletes (true) or detaches (false) a managed resource of `kind`.
bool deletes(UnmanageAction action, ManagedKind kind);

// An environment deployed as a stack (config `type: stack`).
struct StackSettings {
  UnmanageAction action_on_unmanage = UnmanageAction::kDetachAll;
  DenyMode deny_mode = DenyMode::kNone;
  std::vector<std::string> excluded_principals;  // deny-settings-excluded-principals
  std::vector<std::string> excluded_actions;     // deny-settings-excluded-actions
  bool apply_to_child_scopes = false;            // deny-settings-apply-to-child-scopes
};

// Pure. The stack's name for an environment: one per environment, stable across runs (a
// stack's managed-resource list is what the next update compares with).
std::string stack_name(const std::string& environment);

struct StackTarget {
  std::string scope = "resourceGroup";  // or "subscription"
  std::string resource_group;
  std::string location;  // where a subscription stack keeps its data
  std::string name;
  std::string template_file;
  std::string parameters_file;
  std::string secure_overrides_file;
  std::vector<std::pair<std::string, std::string>> overrides;
  StackSettings settings;
};

// `az stack group|sub create … --yes --output json`: --yes because a stack that exists asks for
// confirmation otherwise (custom.py, _build_stacks_confirmation_string), and bicepgate's own
// gate has asked for it already.
std::vector<std::string> stack_create_args(const StackTarget& target);
std::vector<std::string> stack_validate_args(const StackTarget& target);
std::vector<std::string> stack_show_args(const std::string& scope,
                                         const std::string& resource_group,
                                         const std::string& name);
std::vector<std::string> stack_delete_args(const std::string& scope,
                                           const std::string& resource_group,
                                           const std::string& name, UnmanageAction action);

struct StackResource {
  std::string id;
  std::string status;       // managed, deleteFailed, removeDenyFailed
  std::string deny_status;  // denyDelete, none, notSupported…
};

struct FailedStackResource {
  std::string id;
  nlohmann::json error;
};

struct StackResult {
  std::string id;
  std::string name;
  std::string provisioning_state;  // succeeded, failed, canceled, deploying… (ARM: lower case)
  std::string deployment_id;
  std::string correlation_id;
  std::string action_on_unmanage;  // as az would take it, from actionOnUnmanage; "" if unknown
  std::string deny_mode;
  std::vector<StackResource> resources;
  std::vector<std::string> deleted;
  std::vector<std::string> detached;
  std::vector<FailedStackResource> failed;
  std::map<std::string, DeploymentOutput> outputs;
  nlohmann::json error;  // null unless the stack failed

  bool succeeded() const;
  // The ids of the resources the stack manages now (status managed, or a failed removal that
  // left them in the stack).
  std::vector<std::string> managed_ids() const;
};

// Pure. az's JSON (a stack, its properties flattened as az prints them or nested as ARM sends
// them) in, the facts out.
Result<StackResult> parse_stack(const std::string& text);
Result<StackResult> stack_from_json(const nlohmann::json& doc);
// Pure. Whether az's stderr says the stack does not exist (ARM's 404 DeploymentStackNotFound).
bool stack_not_found(const std::string& az_error);
// Pure. The stack as the rest of the run reads a deployment: state, outputs, resources, error.
DeploymentResult as_deployment(const StackResult& stack);
// Pure. For the audit record: the stack's name, settings and what its update did.
nlohmann::json stack_json(const StackResult& stack);

}  // namespace bicepgate::azure
