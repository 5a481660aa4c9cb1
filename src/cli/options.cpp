#include "cli/options.hpp"

#include <unistd.h>

#include "util/strings.hpp"

namespace bicepgate::cli {

std::string check_one_of(const std::string& value, const std::vector<std::string>& allowed) {
  for (const auto& candidate : allowed)
    if (candidate == value) return {};
  std::string message = "'" + value + "' is not one of " + util::join(allowed, ", ");
  if (auto guess = util::closest(value, allowed); !guess.empty())
    message += " (did you mean '" + guess + "'?)";
  return message;
}

CLI::Validator one_of(std::vector<std::string> allowed) {
  return CLI::Validator(
      [allowed = std::move(allowed)](std::string& value) { return check_one_of(value, allowed); },
      "");
}

bool wants_colour(const std::map<std::string, std::string>& env, int fd,
                  const std::string& choice) {
  if (choice == "always") return true;
  if (choice == "never") return false;
  auto said = [&env](const char* name) {
    auto found = env.find(name);
    return found == env.end() ? std::string() : found->second;
  };
  if (!said("NO_COLOR").empty() || said("TERM") == "dumb") return false;
  return ::isatty(fd) == 1;
}

const std::vector<std::pair<std::string, std::string>>& deploy_flag_wording() {
  // Longest phrases first: a shorter one is often part of a longer one.
  static const std::vector<std::pair<std::string, std::string>> kWording = {
      {"or set warnings-as-errors (false, or a list of codes) for the environment in the config, "
       "or input 'allow-warnings: true'",
       "or pass --allow-warnings"},
      {"input 'template' or the config's 'template'", "-t/--template"},
      {"input 'parameters' or the config's 'parameters'", "-p/--parameters"},
      {"set 'location' for environment", "pass -l/--location for environment"},
      {"or the input 'location'", "(none was given)"},
      {"input 'template'", "-t/--template"},
      {"input 'resource-group'", "-g/--resource-group"},
      {"set 'management-group' for environment", "pass -m/--management-group-id for environment"},
      {"config key management-group, input 'management-group-id'", "-m/--management-group-id"},
      {"input 'management-group-id'", "-m/--management-group-id"},
      {"input 'scope'", "--scope"},
      {"input 'bicep-path'", "--bicep"},
      {"input timeout-minutes", "--timeout-minutes"},
      {"input 'audit-db' / 'audit-dir'", "--audit-dir"},
      {"input 'validation-level'", "--validation-level"},
      {"leave validation-level empty", "leave out --validation-level"},
      {"unmanaged-policy: approve or block stops", "--unmanaged-policy approve or block stops"},
      {"the environment's unmanaged-policy is block", "--unmanaged-policy is block"},
      {"input audit-db", "--audit-dir"},
  };
  return kWording;
}

}  // namespace bicepgate::cli
