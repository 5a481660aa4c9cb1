#include "bicep/template_parameters.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "util/jsonc.hpp"
#include "util/strings.hpp"

namespace bicepgate::bicep {

std::vector<std::string> declared_parameters(const std::string& arm_template_json) {
  std::vector<std::string> names;
  auto arm = nlohmann::json::parse(arm_template_json, nullptr, false);
  if (!arm.is_object() || !arm.contains("parameters") || !arm["parameters"].is_object())
    return names;
  for (const auto& [name, _] : arm["parameters"].items()) names.push_back(name);
  std::sort(names.begin(), names.end());
  return names;
}

std::vector<UndeclaredParameter> undeclared_parameters(const std::vector<std::string>& given,
                                                       const std::vector<std::string>& declared,
                                                       bool case_sensitive) {
  std::vector<UndeclaredParameter> out;
  for (const auto& name : given) {
    const bool found = std::any_of(declared.begin(), declared.end(), [&](const std::string& d) {
      return case_sensitive ? d == name : util::to_lower(d) == util::to_lower(name);
    });
    if (!found) out.push_back({name, util::closest(name, declared)});
  }
  return out;
}

std::vector<std::string> parameters_file_names(const std::string& parameters_json) {
  std::vector<std::string> names;
  auto parsed = util::parse_jsonc(parameters_json, "parameters");
  if (!parsed || !parsed->is_object()) return names;
  // az: `parsed.get('parameters', parsed)` (azure-cli, command_modules/resource/custom.py,
  // _process_parameters._try_load_file_object).
  const bool wrapped = parsed->contains("parameters");
  const auto& values = wrapped ? (*parsed)["parameters"] : *parsed;
  if (!values.is_object()) return names;
  for (const auto& [name, _] : values.items()) {
    // A bare file's own schema keys are not parameters a person meant to give.
    if (!wrapped && (name == "$schema" || name == "contentVersion" || name == "metadata")) continue;
    names.push_back(name);
  }
  return names;
}

int key_line(const std::string& json_text, const std::string& name) {
  const std::string quoted = "\"" + name + "\"";
  for (auto at = json_text.find(quoted); at != std::string::npos;
       at = json_text.find(quoted, at + 1)) {
    auto after = json_text.find_first_not_of(" \t\r\n", at + quoted.size());
    if (after != std::string::npos && json_text[after] == ':')
      return 1 + static_cast<int>(std::count(json_text.begin(), json_text.begin() + at, '\n'));
  }
  return 0;
}

}  // namespace bicepgate::bicep
