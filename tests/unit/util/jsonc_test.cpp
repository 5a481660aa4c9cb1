#include "util/jsonc.hpp"

#include <catch2/catch.hpp>

using bicepgate::util::jsonc_to_json;
using bicepgate::util::parse_jsonc;

TEST_CASE("a parameters file with // and /* */ comments reads as az reads it") {
  const std::string text =
      "// deployed by bicepgate\n"
      "{\n"
      "  /* the admin's password */\n"
      "  \"parameters\": {\n"
      "    \"adminPassword\": { \"value\": \"hunter2//not-a-comment\" }, // trailing note\n"
      "    \"url\": { \"value\": \"https://example.com/*x*/\" }\n"
      "  }\n"
      "}\n";
  auto doc = parse_jsonc(text, "main.parameters.json");
  REQUIRE(doc);
  CHECK((*doc)["parameters"]["adminPassword"]["value"] == "hunter2//not-a-comment");
  CHECK((*doc)["parameters"]["url"]["value"] == "https://example.com/*x*/");
}

TEST_CASE("a byte order mark and raw control characters in strings are taken, as az takes them") {
  auto doc = parse_jsonc("\xEF\xBB\xBF{\"parameters\":{\"a\":{\"value\":\"line1\nline2\tend\"}}}",
                         "p.json");
  REQUIRE(doc);
  CHECK((*doc)["parameters"]["a"]["value"] == "line1\nline2\tend");
}

TEST_CASE("trailing commas are taken where az's literal fallback takes them") {
  auto doc = parse_jsonc(
      "{\"parameters\": {\"a\": {\"value\": \"x\",}, \"n\": {\"value\": [1, 2,]},},}", "p.json");
  REQUIRE(doc);
  CHECK((*doc)["parameters"]["a"]["value"] == "x");
  CHECK((*doc)["parameters"]["n"]["value"] == nlohmann::json::array({1, 2}));
  // Python's literal syntax has no true/false/null: az fails on this file, and so do we.
  auto refused = parse_jsonc("{\"parameters\": {\n  \"on\": {\"value\": true},\n}}", "p.json");
  REQUIRE_FALSE(refused);
  CHECK(refused.error().line == 2);
  CHECK(refused.error().column == 24);
  CHECK(refused.error().message.rfind("p.json:2:24: a trailing comma", 0) == 0);
}

TEST_CASE("a file that is not JSON is named with line, column and what was expected") {
  const std::string text =
      "{\n  \"parameters\": {\n    \"a\": {\"value\": \"s3cret-value\"}\n    \"b\": 1\n  }\n}\n";
  auto doc = parse_jsonc(text, "bicep/main.parameters.json");
  REQUIRE_FALSE(doc);
  CHECK(doc.error().code == "json.invalid");
  CHECK(doc.error().file == "bicep/main.parameters.json");
  CHECK(doc.error().line == 4);
  CHECK(doc.error().column == 5);
  CHECK(doc.error().message ==
        "bicep/main.parameters.json:4:5: syntax error while parsing object - unexpected string "
        "literal; expected '}'");
}

TEST_CASE("an error never quotes the text it stopped at, which may be a secret") {
  auto doc = parse_jsonc("{\"parameters\": {\"a\": {\"value\": s3cretWithoutQuotes}}}", "p.json");
  REQUIRE_FALSE(doc);
  CHECK(doc.error().message.find("s3cret") == std::string::npos);
  CHECK(doc.error().column == 32);
  auto open = parse_jsonc("{\"parameters\": {\"a\": {\"value\": \"s3cret", "p.json");
  REQUIRE_FALSE(open);
  CHECK(open.error().message == "p.json:1:32: a string that is never closed starts here");
}

TEST_CASE("line and column survive escaped control characters and multi-byte characters") {
  auto doc = parse_jsonc("{\"a\": \"é\tx\", \"b\": ?}", "p.json");
  REQUIRE_FALSE(doc);
  CHECK(doc.error().line == 1);
  CHECK(doc.error().column == 19);
}

TEST_CASE("empty files, unclosed comments, UTF-16 and non-objects are refused") {
  CHECK(parse_jsonc("  // nothing\n", "p.json").error().message ==
        "p.json:2:1: the file is empty; expected a JSON object");
  CHECK(parse_jsonc("{ /* open", "p.json").error().message ==
        "p.json:1:3: a /* comment that is never closed starts here");
  CHECK(parse_jsonc("\xFF\xFE{\0", "p.json").error().message ==
        "p.json:1:1: the file is UTF-16; save it as UTF-8");
  CHECK(parse_jsonc("\n [1]", "p.json").error().message ==
        "p.json:2:2: expected a JSON object ({\"parameters\": {...}}), found array");
}

TEST_CASE("a number past a double's range is refused where it stands, without quoting it") {
  // Found by fuzz_event: nlohmann throws out_of_range, not parse_error, for it.
  auto doc = parse_jsonc("{\"a\": 1,\n \"b\": -5028191e5028191}", "p.json");
  REQUIRE_FALSE(doc);
  CHECK(doc.error().message == "p.json:2:7: a number out of the range of a 64-bit float");
}

TEST_CASE("jsonc_to_json gives plain JSON that any parser reads") {
  auto json = jsonc_to_json("{\"a\": 1, /* x */ \"b\": [\"//\",], // y\n}");
  REQUIRE(json);
  CHECK(nlohmann::json::parse(*json) == nlohmann::json({{"a", 1}, {"b", {"//"}}}));
}
