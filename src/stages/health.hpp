#pragma once
// health: every resource the deployment produced must be Succeeded (one az call for all), and
// the environment's HTTP/TCP probes must answer.

#include <map>
#include <string>
#include <vector>

#include "model/run_context.hpp"

namespace bicepgate::stages {

// Pure: what the deployment produced, against what az resource list reported.
std::vector<model::HealthCheck> check_resources(const std::vector<std::string>& output_resource_ids,
                                                const std::map<std::string, std::string>& states);

Status verify_health(model::RunContext& ctx);

}  // namespace bicepgate::stages
