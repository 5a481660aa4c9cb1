#pragma once
// Earlier deployments in the target scope, from `az deployment … list`: what a rerun can skip
// and which resources the environment's last deployment managed.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "azure/deployment.hpp"
#include "util/result.hpp"

namespace bicepgate::azure {

// Pure: az's JSON list in, the deployments out (entries that are not deployments are skipped).
Result<std::vector<DeploymentResult>> parse_deployment_list(const std::string& text);

std::vector<std::string> deployment_list_args(const Place& place);

// The newest succeeded deployment whose name starts with `prefix` (bicepgate-<env>-).
std::optional<DeploymentResult> last_succeeded(const std::vector<DeploymentResult>& history,
                                               const std::string& prefix);
// The succeeded deployment of exactly this name, if any.
std::optional<DeploymentResult> succeeded_named(const std::vector<DeploymentResult>& history,
                                                const std::string& name);

// What a drift check redeploys in what-if: the template and the parameters a past deployment
// used, as ARM kept them.
// `az deployment group|sub|mg|tenant show --name N` (Deployments - Get: properties.parameters, each
// {"type", "value"}, a secure one {"type"} alone; properties.mode; location at subscription
// scope) and `az deployment group|sub export --name N` (Deployments - Export Template, POST
// …/deployments/{name}/exportTemplate, answers {"template": …}; az 2.45's
// export_template_at_resource_group prints result.template, the template itself). Both
// commands are in az 2.45 (`az deployment group export -h`).
// At management-group and tenant scope: `az deployment mg|tenant show|export` (the same
// commands, --management-group-id for mg).
std::vector<std::string> deployment_show_args(const Place& place, const std::string& name);
std::vector<std::string> deployment_export_args(const Place& place, const std::string& name);

struct DeployedInputs {
  // An ARM parameters document ({"$schema", "contentVersion", "parameters": {k: {"value"}}})
  // of every value ARM kept.
  nlohmann::json parameters = nlohmann::json::object();
  // Secure parameters ARM keeps no value of (SecureString, SecureObject): what-if needs them
  // from elsewhere.
  std::vector<std::string> secure_without_value;
  std::string mode = "Incremental";
  std::string location;  // every scope but resourceGroup: where the deployment's metadata lives
};

// Pure: `az deployment … show` JSON in, what the deployment was given out.
Result<DeployedInputs> parse_deployed_inputs(const std::string& show_text);
// Pure: `az deployment … export` JSON in, the template (a JSON object with "resources") out.
Result<nlohmann::json> parse_exported_template(const std::string& export_text);

}  // namespace bicepgate::azure
