#pragma once
// Which parameter values are secrets: those the compiled template declares secureString or
// secureObject, as given by the parameters file and the overrides.

#include <string>
#include <utility>
#include <vector>

namespace bicepgate::bicep {

// Pure. The secret values (strings; objects as their JSON text) to mask before anything prints.
// Unreadable inputs give what could be read: masking more is safe, masking less is not.
std::vector<std::string> secure_parameter_values(
    const std::string& arm_template_json, const std::string& parameters_json,
    const std::vector<std::pair<std::string, std::string>>& overrides);

}  // namespace bicepgate::bicep
