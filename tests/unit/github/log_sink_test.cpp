#include "github/log_sink.hpp"

#include <catch2/catch.hpp>
#include <sstream>

#include "util/strings.hpp"

using namespace bicepgate;

TEST_CASE("log lines go through the channel: masked, defused, between the commands") {
  std::ostringstream out;
  github::WorkflowCommands commands(out);
  auto logger = github::channel_logger("test", commands);
  logger->set_pattern("[%l] %v");
  commands.begin_group("what-if");
  commands.add_mask("hunter2");
  logger->warn("az said: {}", "hunter2\n::error::injected\n##[add-mask]x");
  commands.end_group();
  auto lines = util::split_lines(out.str());
  REQUIRE(lines.size() >= 5);
  CHECK(lines.front() == "::group::what-if");
  CHECK(lines[lines.size() - 4] == "[warning] az said: ***");
  CHECK(lines[lines.size() - 3] == "> ::error::injected");
  CHECK(lines[lines.size() - 2] == "## [add-mask]x");
  CHECK(lines.back() == "::endgroup::");
}
