#include <yaml-cpp/yaml.h>

#include <catch2/catch.hpp>
#include <set>

#include "github/action_inputs.hpp"
#include "github/inputs.hpp"

using namespace bicepgate::github;

TEST_CASE("action.yml declares exactly the inputs bicepgate reads, each with a description") {
  auto action = YAML::LoadFile(std::string(BICEPGATE_SOURCE_DIR) + "/action.yml");
  std::set<std::string> declared;
  for (const auto& input : action["inputs"]) {
    auto name = input.first.as<std::string>();
    declared.insert(name);
    INFO(name);
    CHECK_FALSE(input.second["description"].as<std::string>("").empty());
    CHECK(input.second["default"].IsDefined());
  }
  std::set<std::string> read(kActionInputs.begin(), kActionInputs.end());
  CHECK(declared == read);
}

TEST_CASE("reading an undeclared input is a programming error") {
  Inputs inputs(EnvironmentMap{});
  CHECK_THROWS_WITH(inputs.get("resourcegroup"), Catch::Contains("not declared"));
}

TEST_CASE("action.yml runs the container with the run subcommand") {
  auto action = YAML::LoadFile(std::string(BICEPGATE_SOURCE_DIR) + "/action.yml");
  CHECK(action["runs"]["using"].as<std::string>() == "docker");
  CHECK(action["runs"]["args"][0].as<std::string>() == "run");
}
