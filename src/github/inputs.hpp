#pragma once
// Action inputs as the runner passes them: INPUT_<NAME>, upper case, spaces to underscores,
// hyphens kept (INPUT_RESOURCE-GROUP). Typed accessors follow actions/toolkit's rules.

#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "github/action_inputs.hpp"

#include "github/environment.hpp"
#include "util/result.hpp"

namespace bicepgate::github {

std::string input_variable_name(const std::string& input_name);

class Inputs {
 public:
  // `declared` is the set of names that may be read; the action's own list by default.
  explicit Inputs(EnvironmentMap env, std::span<const std::string_view> declared = kActionInputs)
      : env_(std::move(env)), declared_(declared) {}

  // Trimmed value; empty when unset (the runner sets declared inputs to their defaults).
  std::string get(const std::string& name) const;
  Result<std::string> required(const std::string& name) const;
  // YAML 1.2 core schema booleans only: true|True|TRUE|false|False|FALSE.
  Result<bool> get_bool(const std::string& name, bool fallback) const;
  Result<int> get_int(const std::string& name, int fallback, int min, int max) const;
  // One item per line or comma, trimmed, empties dropped.
  std::vector<std::string> get_list(const std::string& name) const;

  // Every input name read so far, for the action.yml consistency check.
  const std::set<std::string>& names_read() const { return read_; }

 private:
  EnvironmentMap env_;
  std::span<const std::string_view> declared_;
  mutable std::set<std::string> read_;
};

}  // namespace bicepgate::github
