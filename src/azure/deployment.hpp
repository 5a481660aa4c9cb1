#pragma once
// Argument vectors for `az deployment … what-if|create`, and the parser of a deployment
// object as az prints it (outputs, outputResources, provisioningState).

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "azure/scope.hpp"
#include "util/result.hpp"

namespace bicepgate::azure {

struct DeploymentTarget {
  std::string scope = "resourceGroup";  // or subscription, managementGroup, tenant (kScopes)
  std::string resource_group;
  std::string management_group;  // managementGroup scope: the group's id
  std::string location;          // required at every scope but resourceGroup
  std::string name;
  std::string template_file;    // compiled ARM JSON
  std::string parameters_file;  // ARM parameters JSON, may be empty
  // The secure overrides as an ARM parameters file (0600), given after parameters_file so its
  // values win, as KEY=VALUE would: their values never sit on az's command line.
  std::string secure_overrides_file;
  std::vector<std::pair<std::string, std::string>> overrides;  // the others, KEY=VALUE
  std::string mode = "Incremental";
  // --validation-level (what-if, create): empty passes none and az validates at Provider.
  std::string validation_level;
  // --rollback-on-error of `az deployment group create` (resource-group scope only; `sub create`
  // has none): nullopt passes none, "" the flag alone (ARM's LastSuccessful), a name that
  // deployment (SpecificDeployment). az builds properties.onErrorDeployment from it
  // (azure-cli command_modules/resource/custom.py, _deploy_arm_template_core_unmodified).
  std::optional<std::string> rollback_on_error;

  Place place() const { return {scope, resource_group, management_group}; }
};

// `--validation-level` of `az deployment group|sub what-if|create|validate` arrived in azure-cli
// 2.76.0 ("Expose `--validation-level` parameter at all scopes", Azure/azure-cli#31747,
// src/azure-cli/HISTORY.rst); older az refuses it as an unrecognized argument.
inline constexpr const char* kValidationLevelSince = "2.76.0";
// Its values as `az deployment group what-if --help` lists them ("Allowed values: Provider,
// ProviderNoRbac, Template", quoted in Azure/arm-template-whatif#135); the ARM API's
// DeploymentProperties.validationLevel enum has the same three.
const std::vector<std::string>& validation_levels();
// Pure. The value spelled as az lists it, matched without case (az's enum arguments take any
// case); empty when it is none of them.
std::string canonical_validation_level(const std::string& value);
// Pure. Whether dotted version `version` ("2.45.0") is at least `minimum`; a version that is not
// dotted numbers is not.
bool version_at_least(const std::string& version, const std::string& minimum);

// Pure. Of the KEY=VALUE overrides, those whose parameter the compiled template declares
// secureString or secureObject (names compared without case, as ARM does), as an ARM
// parameters document: a secureString keeps its text, a secureObject is parsed as JSON as az
// parses KEY=VALUE for object types. `secure_names` gets each such key as given. Empty when
// none is secure.
nlohmann::json secure_overrides_document(
    const nlohmann::json& arm_template,
    const std::vector<std::pair<std::string, std::string>>& overrides,
    std::vector<std::string>& secure_names);

std::vector<std::string> what_if_args(const DeploymentTarget& target);
std::vector<std::string> create_args(const DeploymentTarget& target);

struct DeploymentOutput {
  std::string type;
  nlohmann::json value;
  bool secure = false;
  // A plain output whose value carried a secret: its value is dropped and it is shown nowhere
  // (set by stages/deploy).
  bool withheld = false;
};

// properties.onErrorDeployment of a deployment (ARM's OnErrorDeploymentExtended, api-version
// 2022-09-01: provisioningState, type LastSuccessful|SpecificDeployment, deploymentName): what
// ARM redeploys, in Complete mode, when this deployment fails. Empty type: none was asked for.
struct OnErrorDeployment {
  std::string type;
  std::string deployment_name;
  std::string provisioning_state;  // of the redeploy; empty until ARM starts one
};

struct DeploymentResult {
  std::string id;
  std::string name;
  std::string provisioning_state;
  std::string timestamp;  // ISO 8601, sorts as text
  std::map<std::string, DeploymentOutput> outputs;
  std::vector<std::string> output_resource_ids;
  nlohmann::json error;  // null unless the deployment failed
  std::string correlation_id;
  OnErrorDeployment on_error;

  // ARM's own verdict (provisioningState Succeeded, in any case), not az's exit code.
  bool succeeded() const;
};

// Pure: az's JSON text (from `deployment group create|show -o json`) in, the facts out.
Result<DeploymentResult> parse_deployment(const std::string& text);
Result<DeploymentResult> deployment_from_json(const nlohmann::json& doc);

// `az deployment … show` of the target's deployment, as JSON.
std::vector<std::string> show_args(const DeploymentTarget& target);

// `az deployment … operation … list` for a running deployment, and the states it reports.
std::vector<std::string> operation_list_args(const DeploymentTarget& target);
// Pure. Whether ARM's provisioningState is final (Succeeded, Failed or Canceled, any case); a
// deployment in any other state (Accepted, Running, ...) goes on.
bool deployment_ended(const std::string& provisioning_state);
struct OperationState {
  std::string resource_type;
  std::string resource_name;
  std::string provisioning_state;
};
// Pure: az's JSON list in, one entry per operation that names a resource.
Result<std::vector<OperationState>> parse_operations(const std::string& text);
// "2 of 3 operations done: 1 Succeeded, 1 Failed; running: Microsoft.Web/serverfarms plan-aos-prod"
std::string describe_progress(const std::vector<OperationState>& operations);

// Deployment names: at most 64 characters of letters, digits, - _ . ( ).
std::string deployment_name(const std::string& environment, const std::string& content_hash);
// "bicepgate-<environment>-": every deployment of that environment starts with it.
std::string deployment_name_prefix(const std::string& environment);

}  // namespace bicepgate::azure
