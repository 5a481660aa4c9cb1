#include "classify/rules.hpp"

#include <catch2/catch.hpp>

using namespace bicepgate::classify;

TEST_CASE("the shipped rules table loads, and each rule has a class and a hint") {
  auto table = RuleTable::load(std::string(BICEPGATE_SOURCE_DIR) + "/data/error-rules.yml");
  REQUIRE(table);
  CHECK(table->rules().size() > 60);
  for (const auto& rule : table->rules()) {
    INFO("rule at line " << rule.line);
    CHECK(rule.failure_class != FailureClass::kUnknown);
    CHECK_FALSE(rule.hint.empty());
  }
  CHECK(table->is_wrapper("DeploymentFailed"));
  CHECK_FALSE(table->is_wrapper("InvalidTemplate"));
}

TEST_CASE("a broken rules file is refused with its line") {
  auto unknown_key = RuleTable::parse("- { code: X, klass: logic, hint: h }\n", "r.yml");
  REQUIRE_FALSE(unknown_key);
  CHECK_THAT(unknown_key.error().message, Catch::Contains("r.yml:1") && Catch::Contains("klass"));
  auto bad_class = RuleTable::parse("- { code: X, class: maybe, hint: h }\n", "r.yml");
  REQUIRE_FALSE(bad_class);
  CHECK_THAT(bad_class.error().message, Catch::Contains("logic, environmental or configuration"));
  auto bad_regex =
      RuleTable::parse("- { code: X, message: \"(unclosed\", class: logic, hint: h }\n", "r.yml");
  REQUIRE_FALSE(bad_regex);
  CHECK_THAT(bad_regex.error().message, Catch::Contains("not a valid regular expression"));
  auto no_hint = RuleTable::parse("- { code: X, class: logic }\n", "r.yml");
  CHECK_FALSE(no_hint);
  auto bad_check =
      RuleTable::parse("- { code: X, class: logic, hint: h, when: sometimes }\n", "r.yml");
  CHECK_FALSE(bad_check);
}

TEST_CASE("the first matching rule wins; message patterns and checks narrow a code") {
  auto table = RuleTable::parse(
                   "- { code: NoRegisteredProviderFound, when: api-version-newer-than-supported, "
                   "class: environmental, retryable: true, hint: a }\n"
                   "- { code: NoRegisteredProviderFound, class: logic, hint: b }\n",
                   "r.yml")
                   .value();
  ErrorNode newer{"NoRegisteredProviderFound",
                  "No registered resource provider found for location 'westeurope' and API version "
                  "'2024-01-01' "
                  "for type 'x'. The supported api-versions are '2022-01-01, 2023-05-01'.",
                  {},
                  ErrorKind::kAzure,
                  0,
                  {},
                  0,
                  0,
                  {}};
  ErrorNode older = newer;
  older.message =
      "No registered resource provider found for location 'westeurope' and API version "
      "'2019-13-01' "
      "for type 'x'. The supported api-versions are '2022-01-01, 2023-05-01'.";
  CHECK(table.match(newer)->rule->failure_class == FailureClass::kEnvironmental);
  CHECK(table.match(older)->rule->failure_class == FailureClass::kLogic);
}
