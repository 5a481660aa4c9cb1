#include "util/regex.hpp"

#include <catch2/catch.hpp>
#include <string>

using bicepgate::util::Regex;
using bicepgate::util::RegexMatch;

// The rules file's patterns were written for std::regex (ECMAScript): these are the behaviours
// where PCRE2's defaults differ and the wrapper has to put ECMAScript's back.
TEST_CASE("a pattern's $ ends the text, not a line before a final newline") {
  CHECK(Regex("failed$").search("deployment failed"));
  CHECK_FALSE(Regex("failed$").search("deployment failed\n"));
  CHECK_FALSE(Regex("^Code: (\\w+)$").search("Code: A\nCode: B"));
}

TEST_CASE("a pattern's dot stops at a carriage return as at a newline") {
  RegexMatch m;
  REQUIRE(Regex("Message: (.+)").search("Message: quota exceeded\r\nnext", m));
  CHECK(m.str(1) == "quota exceeded");
  CHECK_FALSE(Regex("Message: (.+)$").search("Message: quota exceeded\r"));
}

TEST_CASE("case-insensitive patterns give their groups for the hints") {
  RegexMatch m;
  const Regex pattern("perform action '([^']+)' over scope '([^']+)'", Regex::kIgnoreCase);
  REQUIRE(
      pattern.search("does not have authorization to PERFORM ACTION 'a/write' over scope 's'", m));
  CHECK(m.size() == 3);
  CHECK(m.str(1) == "a/write");
  CHECK(m.str(2) == "s");
  CHECK_FALSE(Regex("perform action").search("PERFORM ACTION"));
}

TEST_CASE("an optional group that took no part is unmatched, and reads empty") {
  RegexMatch m;
  REQUIRE(Regex("(a)|(b)").search("b", m));
  CHECK_FALSE(m.matched(1));
  CHECK(m.str(1).empty());
  CHECK(m.matched(2));
  CHECK(m.position(2) == 0);
}

TEST_CASE("a whole-text match needs every byte, as std::regex_match did") {
  CHECK(Regex("[1-5][0-9?]{2}").full_match("5??"));
  CHECK_FALSE(Regex("[1-5][0-9?]{2}").full_match("5000"));
  CHECK_FALSE(Regex("[A-Z][A-Za-z]+").full_match("x ValidationError"));
}

TEST_CASE("every match, left to right, and a later one still sees the text before it") {
  const Regex code("(?:^|[^A-Za-z])code: (\\w+)");
  auto matches = code.search_all("code: A, xcode: B, code: C");
  REQUIRE(matches.size() == 2);
  CHECK(matches[0].str(1) == "A");
  CHECK(matches[1].str(1) == "C");
  CHECK(matches[1].position() == 18);
}

TEST_CASE("erasing a prefix keeps the rest; the first match only when asked") {
  const Regex colour("\x1b\\[[0-9;]*m");
  CHECK(colour.erase("\x1b[36;1maz\x1b[0m ok") == "az ok");
  CHECK(colour.erase("\x1b[36;1maz\x1b[0m ok", /*every=*/false) == "az\x1b[0m ok");
  CHECK(Regex("^\\d+ ").erase("12 34 rest") == "34 rest");
}

TEST_CASE("a pattern that does not compile is an error naming where") {
  auto bad = Regex::compile("quota (limit");
  REQUIRE_FALSE(bad);
  CHECK_THAT(bad.error().message, Catch::Contains("offset"));
  CHECK_THROWS_AS(Regex("(unclosed"), std::logic_error);
}

TEST_CASE("a line as long as a whole output matches without running out of stack") {
  const std::string line = "ERROR: " + std::string(1'000'000, 'x') + " failed";
  RegexMatch m;
  REQUIRE(Regex("^ERROR: (.+) failed$").search(line, m));
  CHECK(m.length(1) == 1'000'000);
}

TEST_CASE("a group repeated thousands of times still matches when the JIT's stack runs out") {
  // The shape of the code-pair scanner's message pattern over a long, escaped message.
  const Regex message(R"re(message"\s*:\s*"((?:[^"\\]|\\[^"])*))re");
  const std::string text = "\"message\": \"" + std::string(20'000, 'a');
  RegexMatch m;
  REQUIRE(message.search(text, m));
  CHECK(m.length(1) == 20'000);
}
