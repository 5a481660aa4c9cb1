#include "report/what_if_values.hpp"

#include <catch2/catch.hpp>

#include "report/what_if_table.hpp"
#include "support.hpp"
#include "util/strings.hpp"

using namespace bicepgate;

TEST_CASE("a long value is cut on a character boundary and ends in an ellipsis") {
  CHECK(report::shorten("short", 10) == "short");
  // "é" is two bytes: 8 bytes leave 5 for text once the 3-byte "…" is in, which would split
  // the third "é".
  const std::string text = "ééééééé";
  auto cut = report::shorten(text, 8);
  CHECK(cut == "éé\xE2\x80\xA6");
  CHECK(cut.size() <= 8);
  CHECK(util::valid_utf8(cut) == cut);
}

TEST_CASE("values read as themselves: strings bare, the rest compact JSON, long arrays counted") {
  CHECK(report::value_text("ElasticPremium", {}) == "ElasticPremium");
  CHECK(report::value_text(nlohmann::json::parse(R"({"a": [1, 2], "b": null})"), {}) ==
        R"({"a":[1,2],"b":null})");
  CHECK(report::value_text(90, {}) == "90");
  CHECK(report::value_text(nullptr, {}) == "null");
  nlohmann::json many = nlohmann::json::array();
  for (int i = 0; i < 40; ++i) many.push_back("10.0.0." + std::to_string(i));
  CHECK(report::value_text(many, {}) == "[40 items]");
  nlohmann::json big_object = {{"key", std::string(200, 'x')}};
  auto shown = report::value_text(big_object, {});
  CHECK(shown.size() <= report::kValueBytes);
  CHECK_THAT(shown, Catch::StartsWith("{\"key\":\"xxx") && Catch::EndsWith("\xE2\x80\xA6"));
}

TEST_CASE("a value is masked whole before it is shortened") {
  const std::string secret = "s3cr3t-Value-0123456789";
  auto redact = [&](const std::string& text) { return util::replace_all(text, secret, "***"); };
  // The secret straddles the cut: shortened first, its head would show and match no mask.
  const std::string value = std::string(report::kValueBytes - 8, 'a') + secret;
  auto shown = report::value_text(value, redact);
  CHECK_THAT(shown, !Catch::Contains("s3cr"));
  CHECK_THAT(shown, Catch::EndsWith("***"));
}

TEST_CASE("Create shows the new value, Delete the old, Modify and Array both") {
  azure::PropertyChange create{"a", "Create", nullptr, "new"};
  azure::PropertyChange remove{"a", "Delete", "old", nullptr};
  azure::PropertyChange modify{"sku.tier", "Modify", "Dynamic", "ElasticPremium"};
  azure::PropertyChange array{"ips", "Array", nlohmann::json::array({"1.1.1.1"}),
                              nlohmann::json::array({"1.1.1.1", "2.2.2.2"})};
  auto c = report::describe_change(create, {});
  CHECK(c.kind == report::ValueChange::Kind::kAdded);
  CHECK(c.after == "new");
  auto d = report::describe_change(remove, {});
  CHECK(d.kind == report::ValueChange::Kind::kRemoved);
  CHECK(d.before == "old");
  auto m = report::describe_change(modify, {});
  CHECK(m.kind == report::ValueChange::Kind::kModify);
  CHECK(m.before == "Dynamic");
  CHECK(m.after == "ElasticPremium");
  auto a = report::describe_change(array, {});
  CHECK(a.before == R"(["1.1.1.1"])");
  CHECK(a.after == R"(["1.1.1.1","2.2.2.2"])");
}

TEST_CASE("the table shows before and after values, masked before they are escaped") {
  azure::WhatIfResult what_if;
  azure::WhatIfChange change;
  change.change_type = "Modify";
  change.resource_type = "Microsoft.Web/serverfarms";
  change.resource_name = "plan";
  change.delta.push_back({"sku.tier", "Modify", "Dynamic", "ElasticPremium"});
  // A secret with Markdown punctuation: escaped first, it would no longer match its mask.
  change.delta.push_back({"properties.password", "Modify", "old*|pass_word", "new*|pass_word"});
  change.delta.push_back({"tags.owner", "Create", nullptr, "team-a"});
  change.delta.push_back({"tags.cost", "Delete", "42", nullptr});
  what_if.changes.push_back(change);
  what_if.recount();
  auto redact = [](const std::string& text) {
    return util::replace_all(util::replace_all(text, "old*|pass_word", "***"), "new*|pass_word",
                             "***");
  };
  auto md = report::render_what_if(what_if, 15, std::string::npos, redact);
  CHECK_THAT(md, Catch::Contains("`sku.tier`: `Dynamic` → `ElasticPremium`"));
  CHECK_THAT(md, Catch::Contains("`properties.password`: `***` → `***`"));
  CHECK_THAT(md, !Catch::Contains("pass_word"));
  CHECK_THAT(md, !Catch::Contains("pass\\_word"));
  CHECK_THAT(md, Catch::Contains("`tags.owner`: added `team-a`"));
  CHECK_THAT(md, Catch::Contains("`tags.cost`: removed (was `42`)"));
}

TEST_CASE("a value that would break the table or make a link is escaped in its cell") {
  azure::WhatIfResult what_if;
  azure::WhatIfChange change;
  change.change_type = "Modify";
  change.resource_type = "A.B/c";
  change.resource_name = "n";
  change.delta.push_back({"tags.x", "Modify", "a|b", "[x](https://evil.example) @octocat\nnext"});
  what_if.changes.push_back(change);
  what_if.recount();
  auto md = report::render_what_if(what_if);
  CHECK_THAT(md, Catch::Contains("`a\\|b`"));
  // One row: the line break inside the value does not end it.
  std::size_t rows = 0;
  for (const auto& line : util::split_lines(md))
    if (util::starts_with(line, "| A.B/c")) ++rows;
  CHECK(rows == 1);
  CHECK_THAT(md, !Catch::Contains("\nnext"));
}
