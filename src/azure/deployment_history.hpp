#pragma once
// Earlier deployments in the target scope, from `az deployment … list`: what a rerun can skip
// and which resources the environment's last deployment managed.

#include <optional>
#include <string>
#include <vector>

#include "azure/deployment.hpp"
#include "util/result.hpp"

namespace bicepgate::azure {

// Pure: az's JSON list in, the deployments out (entries that are not deployments are skipped).
Result<std::vector<DeploymentResult>> parse_deployment_list(const std::string& text);

std::vector<std::string> deployment_list_args(const std::string& scope,
                                              const std::string& resource_group);

// The newest succeeded deployment whose name starts with `prefix` (bicepgate-<env>-).
std::optional<DeploymentResult> last_succeeded(const std::vector<DeploymentResult>& history,
                                               const std::string& prefix);
// The succeeded deployment of exactly this name, if any.
std::optional<DeploymentResult> succeeded_named(const std::vector<DeploymentResult>& history,
                                                const std::string& name);

}  // namespace bicepgate::azure
