#include "bicep/secure_parameters.hpp"

#include <nlohmann/json.hpp>
#include <set>

#include "util/json.hpp"
#include "util/jsonc.hpp"
#include "util/strings.hpp"

namespace bicepgate::bicep {

Result<std::vector<std::string>> secure_parameter_values(
    const std::string& arm_template_json, const std::string& parameters_json,
    const std::string& parameters_name,
    const std::vector<std::pair<std::string, std::string>>& overrides) {
  std::set<std::string> secure_names;
  auto arm = nlohmann::json::parse(arm_template_json, nullptr, false);
  if (arm.is_object() && arm.contains("parameters") && arm["parameters"].is_object()) {
    for (const auto& [name, declaration] : arm["parameters"].items()) {
      auto type = declaration.is_object() ? util::to_lower(util::text_member(declaration, "type"))
                                          : std::string();
      if (type == "securestring" || type == "secureobject")
        secure_names.insert(util::to_lower(name));
    }
  }
  std::vector<std::string> secrets;
  auto add = [&](const nlohmann::json& value) {
    if (value.is_string()) {
      if (!value.get<std::string>().empty()) secrets.push_back(value.get<std::string>());
    } else if (!value.is_null()) {
      secrets.push_back(value.dump());
      // Each string inside a secure object is a secret of its own too.
      if (value.is_structured()) {
        for (const auto& item : value.flatten()) {
          if (item.is_string() && !item.get<std::string>().empty())
            secrets.push_back(item.get<std::string>());
        }
      }
    }
  };
  // As az reads it: a file with comments that plain JSON refuses still carries secrets.
  nlohmann::json params;
  if (!util::trim(parameters_json).empty()) {
    auto parsed = util::parse_jsonc(parameters_json, parameters_name);
    if (!parsed) return fail(parsed.error());
    params = std::move(*parsed);
  }
  if (params.is_object()) {
    const auto& values = params.contains("parameters") && params["parameters"].is_object()
                             ? params["parameters"]
                             : params;
    for (const auto& [name, holder] : values.items()) {
      if (secure_names.count(util::to_lower(name)) == 0 || !holder.is_object()) continue;
      if (holder.contains("value")) add(holder["value"]);
    }
  }
  for (const auto& [name, value] : overrides) {
    if (secure_names.count(util::to_lower(name)) != 0 && !value.empty()) secrets.push_back(value);
  }
  return secrets;
}

}  // namespace bicepgate::bicep
