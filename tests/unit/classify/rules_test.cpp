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
    CHECK_THAT(rule.source, Catch::StartsWith("https://") || Catch::StartsWith("http://"));
  }
  CHECK(table->is_wrapper("DeploymentFailed"));
  CHECK_FALSE(table->is_wrapper("InvalidTemplate"));
}

TEST_CASE("a broken rules file is refused with its line") {
  auto unknown_key =
      RuleTable::parse("- { code: X, klass: logic, hint: h, source: \"https://x\" }\n", "r.yml");
  REQUIRE_FALSE(unknown_key);
  CHECK_THAT(unknown_key.error().message, Catch::Contains("r.yml:1") && Catch::Contains("klass"));
  auto bad_class =
      RuleTable::parse("- { code: X, class: maybe, hint: h, source: \"https://x\" }\n", "r.yml");
  REQUIRE_FALSE(bad_class);
  CHECK_THAT(bad_class.error().message, Catch::Contains("logic, environmental or configuration"));
  auto bad_regex = RuleTable::parse(
      "- { code: X, message: \"(unclosed\", class: logic, hint: h, source: \"https://x\" }\n",
      "r.yml");
  REQUIRE_FALSE(bad_regex);
  CHECK_THAT(bad_regex.error().message, Catch::Contains("not a valid regular expression"));
  auto no_hint = RuleTable::parse("- { code: X, class: logic }\n", "r.yml");
  CHECK_FALSE(no_hint);
  auto bad_check = RuleTable::parse(
      "- { code: X, class: logic, hint: h, when: sometimes, source: \"https://x\" }\n", "r.yml");
  CHECK_FALSE(bad_check);
}

TEST_CASE("the first matching rule wins; message patterns and checks narrow a code") {
  auto table = RuleTable::parse(
                   "- { code: NoRegisteredProviderFound, when: api-version-newer-than-supported, "
                   "class: environmental, retryable: true, hint: a, source: \"https://x\" }\n"
                   "- { code: NoRegisteredProviderFound, class: logic, hint: b, source: "
                   "\"https://x\" }\n",
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
                  {},
                  {}};
  ErrorNode older = newer;
  older.message =
      "No registered resource provider found for location 'westeurope' and API version "
      "'2019-13-01' "
      "for type 'x'. The supported api-versions are '2022-01-01, 2023-05-01'.";
  CHECK(table.match(newer)->rule->failure_class == FailureClass::kEnvironmental);
  CHECK(table.match(older)->rule->failure_class == FailureClass::kLogic);
}

TEST_CASE("a rule without a source, or with one that is not a URL, is a load error") {
  auto none = RuleTable::parse("- { code: X, class: logic, hint: h }\n", "r.yml");
  REQUIRE_FALSE(none);
  CHECK_THAT(none.error().message, Catch::Contains("r.yml:1") && Catch::Contains("'source'"));
  CHECK(none.error().code == "rules.source");
  auto words =
      RuleTable::parse("- { code: X, class: logic, hint: h, source: my memory }\n", "r.yml");
  REQUIRE_FALSE(words);
  CHECK_THAT(words.error().message, Catch::Contains("must be a URL"));
  CHECK(RuleTable::parse("- { code: X, class: logic, hint: h, source: \"https://x\" }\n", "r.yml"));
}

TEST_CASE("http and az-class rules have codes of their own shape and match only as last resorts") {
  auto table = RuleTable::parse(
                   "- { code: \"5??\", kind: http, class: environmental, retryable: true, hint: h, "
                   "source: \"https://x\" }\n"
                   "- { code: ValidationError, kind: az-class, class: logic, hint: h, source: "
                   "\"https://x\" }\n",
                   "r.yml")
                   .value();
  CHECK(table.match_status(503)->rule->failure_class == FailureClass::kEnvironmental);
  CHECK_FALSE(table.match_status(404));
  CHECK(table.match_az_class("knack: ValidationError: bad"));
  CHECK_FALSE(table.match_az_class("DeploymentValidationError: bad"));
  ErrorNode node;
  node.code = "ValidationError";
  CHECK_FALSE(table.match(node));  // an az-class rule never decides as a code
  auto bad_status = RuleTable::parse(
      "- { code: \"42\", kind: http, class: logic, hint: h, source: \"https://x\" }\n", "r.yml");
  CHECK_FALSE(bad_status);
  auto bad_class = RuleTable::parse(
      "- { code: \"*Error\", kind: az-class, class: logic, hint: h, source: \"https://x\" }\n",
      "r.yml");
  CHECK_FALSE(bad_class);
}

TEST_CASE("an idiom rule needs a message pattern and the code it infers") {
  const std::string base =
      "- { code: \"*\", kind: idiom, class: logic, hint: h, source: \"https://x\"";
  auto table =
      RuleTable::parse(base + ", message: \"already exists\", infer: \"NONE:X\" }\n", "r.yml")
          .value();
  CHECK(table.match_idiom("a\nThe name already exists.\n")->rule->infer == "NONE:X");
  CHECK_FALSE(table.match_idiom("nothing here"));
  CHECK_FALSE(table.match_text("The name already exists."));  // read only as a last resort
  CHECK_FALSE(RuleTable::parse(base + ", message: \"already exists\" }\n", "r.yml"));
  CHECK_FALSE(RuleTable::parse(base + ", infer: \"NONE:X\" }\n", "r.yml"));
}

TEST_CASE("a rule's flag is true or false, and a typo in it is refused, not read as false") {
  auto typo = RuleTable::parse(
      "- { code: X, class: logic, retryable: ture, hint: h, source: \"https://x\" }\n", "r.yml");
  REQUIRE_FALSE(typo);
  CHECK(typo.error().message == "r.yml:1: 'retryable' is 'ture', expected true or false");
  auto listed = RuleTable::parse(
      "- code: X\n  class: logic\n  hint: [a, b]\n  source: \"https://x\"\n", "r.yml");
  REQUIRE_FALSE(listed);
  CHECK(listed.error().message == "r.yml:3: 'hint' must be a single value, found a list");
}

TEST_CASE("an empty rules file is refused: it would classify nothing") {
  auto empty = RuleTable::parse("# no rules yet\n", "r.yml");
  REQUIRE_FALSE(empty);
  CHECK(empty.error().message == "r.yml: the file is empty; expected a list of rules");
}
