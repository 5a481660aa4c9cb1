#include "azure/what_if_counts.hpp"

#include <catch2/catch.hpp>
#include <sstream>

#include "azure/what_if.hpp"
#include "support.hpp"

using namespace bicepgate;

namespace {

// The streamed counts must be what the document parser counts, errors included.
void check_same_as_parser(const std::string& text) {
  INFO(text.substr(0, 300));
  std::istringstream in(text);
  auto streamed = azure::count_what_if_changes(in);
  auto parsed = azure::parse_what_if(text);
  REQUIRE(static_cast<bool>(streamed) == static_cast<bool>(parsed));
  if (parsed) {
    CHECK(*streamed == parsed->counts);
  } else {
    CHECK(streamed.error().code == parsed.error().code);
  }
}

}  // namespace

TEST_CASE("streamed what-if counts equal the parser's on az's real output") {
  auto text = testing::read_fixture("az/what_if_mixed.json");
  std::istringstream in(text);
  auto counts = azure::count_what_if_changes(in);
  REQUIRE(counts);
  CHECK_FALSE(counts->empty());
  check_same_as_parser(text);
}

TEST_CASE("streamed what-if counts agree with the parser on every shape it accepts or refuses") {
  for (
      const char* text : {
          R"({"changes": [{"changeType": "Create"}, {"changeType": "Create"}, {"changeType": "Delete"}]})",
          R"({"status": "Succeeded", "properties": {"changes": [{"changeType": "Modify"}]}})",
          // The root's changes win over properties', even when they come later or are null.
          R"({"properties": {"changes": [{"changeType": "Modify"}]}, "changes": [{"changeType": "Ignore"}]})",
          R"({"properties": {"changes": [{"changeType": "Modify"}]}, "changes": null})",
          R"({"changes": null, "error": {"code": "InvalidTemplate"}})",
          R"({"changes": null, "error": null})",
          R"({"error": {"code": "x"}, "error": null})",
          R"({})",
          R"({"changes": {"a": 1}})",
          R"({"changes": [1]})",
          R"({"changes": [{"changeType": 3}]})",
          R"({"changes": [{"changeType": ""}]})",
          R"({"changes": [{"resourceId": "x"}]})",
          R"({"changes": [{"changeType": "Create", "changeType": "Delete"}]})",
          R"({"changes": [{"changeType": "Create"}], "changes": [{"changeType": "Delete"}]})",
          R"({"changes": [{"changeType": "Create", "delta": [{"changes": [], "changeType": "x"}]}]})",
          R"({"properties": 5, "changes": []})",
          R"({"properties": {"changes": [2]}, "changes": [{"changeType": "Deploy"}]})",
          R"([1, 2])",
          R"("text")",
          R"({"changes": [{"changeType": "Create"}]} trailing)",
          R"({"changes": [)",
          // Found by fuzz_what_if: a value that is not an object, then a syntax error.
          "0-5 \"",
          R"([1, 2)",
          "",
      }) {
    check_same_as_parser(text);
  }
}
