#pragma once
// github/: everything that talks to the Actions runner: inputs, the event, workflow commands,
// outputs and the job summary. Parsing is pure; writers are the only I/O.

#include <map>
#include <optional>
#include <string>

namespace bicepgate::github {

// A snapshot of the process environment, so parsers take values and tests build their own.
using EnvironmentMap = std::map<std::string, std::string>;

EnvironmentMap current_environment();

std::optional<std::string> lookup(const EnvironmentMap& env, const std::string& name);

}  // namespace bicepgate::github
