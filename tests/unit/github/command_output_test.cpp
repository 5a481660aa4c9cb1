#include "github/command_output.hpp"

#include <catch2/catch.hpp>

#include "github/workflow_commands.hpp"

using namespace bicepgate::github;

TEST_CASE("a command's JSON result keeps its value and cannot be read as a command") {
  nlohmann::json doc = {{"message", "az: ##[error]boom\n::error::x \xE2\x80\x8B"}, {"n", 1}};
  auto text = command_safe_json(doc);
  for (const auto& line : runner_lines(text)) CHECK_FALSE(could_be_command(line));
  CHECK(nlohmann::json::parse(text) == doc);
  CHECK(command_safe_text("a\n  ::error::b\r##[x]") == "a\n>   ::error::b\n## [x]\n");
}
