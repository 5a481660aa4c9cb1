#pragma once
// Which parameter values are secrets: those the compiled template declares secureString or
// secureObject, as given by the parameters file and the overrides.

#include <string>
#include <utility>
#include <vector>

#include "util/result.hpp"

namespace bicepgate::bicep {

// Pure. The secret values (strings; objects as their JSON text) to mask before anything prints.
// The parameters text (named `parameters_name` in errors) is read as az reads it (util/jsonc);
// when even that fails, the error says where: masking nothing would print the values.
// An unreadable template declares nothing secure.
Result<std::vector<std::string>> secure_parameter_values(
    const std::string& arm_template_json, const std::string& parameters_json,
    const std::string& parameters_name,
    const std::vector<std::pair<std::string, std::string>>& overrides);

}  // namespace bicepgate::bicep
