#include "github/command_output.hpp"

#include "github/workflow_commands.hpp"
#include "util/strings.hpp"

namespace bicepgate::github {

std::string command_safe_json(const nlohmann::json& doc, int indent) {
  // '#' is no JSON token, so "##[" can only be inside a string; \u005b is '['. ASCII only, so
  // no ignorable character can stand between the two '#'.
  return util::replace_all(doc.dump(indent, ' ', true, nlohmann::json::error_handler_t::replace),
                           "##[", "##\\u005b");
}

std::string command_safe_text(std::string_view text) {
  std::string out;
  for (const auto& line : runner_lines(text)) out += neutralise_line(line) + "\n";
  return out;
}

}  // namespace bicepgate::github
