#include "github/inputs.hpp"

#include <catch2/catch.hpp>

using bicepgate::github::EnvironmentMap;
using bicepgate::github::input_variable_name;
using bicepgate::github::Inputs;

namespace {
// These tests exercise the accessors with names of their own.
constexpr std::string_view kTestInputs[] = {
    "resource-group", "location", "template", "allow-warnings",      "max-retries",
    "unset",          "bad",      "big",      "parameter-overrides", "force"};
}  // namespace

TEST_CASE("input names become INPUT_ variables as the runner builds them") {
  CHECK(input_variable_name("resource-group") == "INPUT_RESOURCE-GROUP");
  CHECK(input_variable_name("allow warnings") == "INPUT_ALLOW_WARNINGS");
  CHECK(input_variable_name("Max-Retries") == "INPUT_MAX-RETRIES");
}

TEST_CASE("an input with a hyphen is read from its hyphenated variable and trimmed") {
  Inputs inputs(EnvironmentMap{{"INPUT_RESOURCE-GROUP", "  rg-aos-dev \n"}}, kTestInputs);
  CHECK(inputs.get("resource-group") == "rg-aos-dev");
  CHECK(inputs.get("location").empty());
}

TEST_CASE("a required input that is missing names the input and its variable") {
  Inputs inputs(EnvironmentMap{{"INPUT_TEMPLATE", "   "}}, kTestInputs);
  auto value = inputs.required("template");
  REQUIRE_FALSE(value);
  CHECK_THAT(value.error().message,
             Catch::Contains("'template'") && Catch::Contains("INPUT_TEMPLATE"));
}

TEST_CASE("booleans follow the YAML 1.2 core schema, as actions/toolkit does") {
  for (const char* yes : {"true", "True", "TRUE"}) {
    Inputs inputs(EnvironmentMap{{"INPUT_ALLOW-WARNINGS", yes}}, kTestInputs);
    CHECK(inputs.get_bool("allow-warnings", false).value());
  }
  for (const char* no : {"false", "False", "FALSE"}) {
    Inputs inputs(EnvironmentMap{{"INPUT_ALLOW-WARNINGS", no}}, kTestInputs);
    CHECK_FALSE(inputs.get_bool("allow-warnings", true).value());
  }
  SECTION("yes, on, 1 and tRUE are not booleans there") {
    for (const char* other : {"yes", "on", "1", "tRUE", "y"}) {
      Inputs inputs(EnvironmentMap{{"INPUT_ALLOW-WARNINGS", other}}, kTestInputs);
      auto value = inputs.get_bool("allow-warnings", false);
      REQUIRE_FALSE(value);
      CHECK_THAT(value.error().message,
                 Catch::Contains("allow-warnings") && Catch::Contains(other));
    }
  }
  SECTION("unset takes the fallback") {
    Inputs inputs(EnvironmentMap{}, kTestInputs);
    CHECK(inputs.get_bool("allow-warnings", true).value());
  }
}

TEST_CASE("integers are range-checked and name the input when wrong") {
  Inputs inputs(
      EnvironmentMap{{"INPUT_MAX-RETRIES", "7"}, {"INPUT_BAD", "3x"}, {"INPUT_BIG", "500"}},
      kTestInputs);
  CHECK(inputs.get_int("max-retries", 5, 0, 10).value() == 7);
  CHECK(inputs.get_int("unset", 5, 0, 10).value() == 5);
  auto bad = inputs.get_int("bad", 5, 0, 10);
  REQUIRE_FALSE(bad);
  CHECK_THAT(bad.error().message, Catch::Contains("'bad'") && Catch::Contains("3x"));
  CHECK_FALSE(inputs.get_int("big", 5, 0, 10));
}

TEST_CASE("lists split on lines and commas, trimmed, without empties") {
  Inputs inputs(
      EnvironmentMap{{"INPUT_PARAMETER-OVERRIDES", "sku=EP1\n\n  tier=Premium , zone=1\r\n"}},
      kTestInputs);
  CHECK(inputs.get_list("parameter-overrides") ==
        std::vector<std::string>{"sku=EP1", "tier=Premium", "zone=1"});
}

TEST_CASE("every input read is remembered for the action.yml check") {
  Inputs inputs(EnvironmentMap{}, kTestInputs);
  (void)inputs.get("template");
  (void)inputs.get_bool("force", false);
  CHECK(inputs.names_read() == std::set<std::string>{"force", "template"});
}
