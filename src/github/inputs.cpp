#include "github/inputs.hpp"

#include <algorithm>
#include <charconv>
#include <stdexcept>

#include "github/action_inputs.hpp"

#include "util/strings.hpp"

namespace bicepgate::github {

std::string input_variable_name(const std::string& input_name) {
  return "INPUT_" + util::to_upper(util::replace_all(input_name, " ", "_"));
}

std::string Inputs::get(const std::string& name) const {
  if (std::find(declared_.begin(), declared_.end(), name) == declared_.end()) {
    throw std::logic_error("input '" + name +
                           "' is read but not declared in github/action_inputs.hpp");
  }
  read_.insert(name);
  auto value = lookup(env_, input_variable_name(name));
  return value ? util::trim(*value) : std::string{};
}

Result<std::string> Inputs::required(const std::string& name) const {
  auto value = get(name);
  if (value.empty()) {
    return fail("input '" + name + "' is required and was not supplied (set it under 'with:' in " +
                    "the workflow, or the environment variable " + input_variable_name(name) + ")",
                "input.required");
  }
  return value;
}

Result<bool> Inputs::get_bool(const std::string& name, bool fallback) const {
  auto value = get(name);
  if (value.empty()) return fallback;
  if (value == "true" || value == "True" || value == "TRUE") return true;
  if (value == "false" || value == "False" || value == "FALSE") return false;
  return fail(
      "input '" + name + "' is '" + value +
          "', expected a YAML 1.2 core schema boolean: true | True | TRUE | false | False | "
          "FALSE",
      "input.bool");
}

Result<int> Inputs::get_int(const std::string& name, int fallback, int min, int max) const {
  auto value = get(name);
  if (value.empty()) return fallback;
  int parsed = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), parsed);
  if (ec != std::errc{} || end != value.data() + value.size() || parsed < min || parsed > max) {
    return fail("input '" + name + "' is '" + value + "', expected a whole number from " +
                    std::to_string(min) + " to " + std::to_string(max),
                "input.int");
  }
  return parsed;
}

std::vector<std::string> Inputs::get_list(const std::string& name) const {
  std::vector<std::string> items;
  for (const auto& line : util::split_lines(get(name))) {
    for (const auto& part : util::split(line, ',')) {
      auto item = util::trim(part);
      if (!item.empty()) items.push_back(item);
    }
  }
  return items;
}

}  // namespace bicepgate::github
