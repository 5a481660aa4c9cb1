#include "report/what_if_table.hpp"

#include <catch2/catch.hpp>

#include "support.hpp"

using namespace bicepgate;
using bicepgate::testing::read_fixture;

TEST_CASE("the table lists what changes, deletes first, and counts the unchanged") {
  auto what_if = azure::parse_what_if(read_fixture("az/what_if_mixed.json")).value();
  auto md = report::render_what_if(what_if);
  CHECK_THAT(md, Catch::Contains("**What-if:** Create 1 · Delete 1 · Modify 1 · NoChange 1"));
  auto del = md.find("| Delete |");
  auto modify = md.find(
      "| Modify (**SKU**) | `properties.minimumTlsVersion`: `TLS1_0` → `TLS1_2`<br>"
      "`sku.name`: `Standard_LRS` → `Standard_GRS` |");
  auto create = md.find("| Create |");
  REQUIRE(del != std::string::npos);
  REQUIRE(modify != std::string::npos);
  REQUIRE(create != std::string::npos);
  CHECK(del < modify);
  CHECK(modify < create);
  CHECK_THAT(md, Catch::Contains("1 resource(s) unchanged."));
}

TEST_CASE("long lists collapse into a details section") {
  azure::WhatIfResult what_if;
  for (int i = 0; i < 20; ++i) {
    azure::WhatIfChange change;
    change.change_type = "Create";
    change.resource_type = "A.B/c";
    change.resource_name = "r" + std::to_string(i);
    what_if.changes.push_back(change);
  }
  what_if.recount();
  auto md = report::render_what_if(what_if, 15);
  CHECK_THAT(md, Catch::Contains("<details><summary>5 more changes</summary>"));
  CHECK_THAT(md, Catch::Contains("| r19 |"));
}

TEST_CASE("a backtick in a property path cannot end its code span and let a link out") {
  azure::WhatIfResult what_if;
  azure::WhatIfChange change;
  change.change_type = "Modify";
  change.resource_type = "Microsoft.Storage/storageAccounts";
  change.resource_name = "st@octocat|x";
  azure::PropertyChange tag;
  tag.path = "tags.a` [x](https://evil.example) @octocat `|";
  tag.change_type = "Create";
  change.delta.push_back(tag);
  change.filtered.push_back("tags.b` <img src=x> `");
  what_if.changes.push_back(change);
  what_if.recount();
  auto md = report::render_what_if(what_if);
  CHECK_THAT(md, Catch::Contains("| ``tags.a` [x](https://evil.example) @octocat `\\|``: added "));
  CHECK_THAT(md, Catch::Contains("| st@\xE2\x80\x8Boctocat\\|x |"));
  CHECK_THAT(md, Catch::Contains("- st@\xE2\x80\x8Boctocat\\|x: `` tags.b` <img src=x> ` ``"));
}

TEST_CASE("outside text is masked before it is escaped") {
  azure::WhatIfResult what_if;
  azure::WhatIfChange change;
  change.change_type = "Unsupported";
  change.resource_type = "A.B/c";
  change.resource_name = "r";
  change.unsupported_reason = "cannot evaluate p@ss_w*rd";
  what_if.changes.push_back(change);
  what_if.recount();
  auto md = report::render_what_if(what_if, 15, std::string::npos, [](const std::string& text) {
    auto at = text.find("p@ss_w*rd");
    return at == std::string::npos ? text : text.substr(0, at) + "***";
  });
  CHECK_THAT(md, Catch::Contains("cannot evaluate \\*\\*\\*"));
  CHECK_THAT(md, !Catch::Contains("w*rd"));
  CHECK_THAT(md, !Catch::Contains("w\\\\*rd"));
}

TEST_CASE("rows past the byte budget are counted in one closing line") {
  azure::WhatIfResult what_if;
  for (int i = 0; i < 500; ++i) {
    azure::WhatIfChange c;
    c.change_type = "Delete";
    c.resource_type = "Microsoft.Web/sites";
    c.resource_name = "app-" + std::to_string(i);
    what_if.changes.push_back(c);
  }
  auto md = report::render_what_if(what_if, 15, 4000);
  CHECK(md.size() <= 4000);
  CHECK_THAT(md, Catch::Contains("more what-if changes omitted"));
  CHECK_THAT(md, Catch::Contains("| Microsoft.Web/sites | app-0 | Delete |"));
  CHECK_THAT(report::render_what_if(what_if), !Catch::Contains("omitted"));
}

TEST_CASE("a table with hidden change types says how many of which, before its rows") {
  const auto whole = azure::parse_what_if(read_fixture("az/what_if_mixed.json")).value();
  const auto md = report::render_what_if(azure::without_change_types(whole, {"Delete"}));
  CHECK_THAT(md, Catch::Contains("**What-if:** Create 1 · Modify 1 · NoChange 1"));
  const auto line = md.find("1 change(s) hidden by input what-if-exclude-change-types: Delete 1");
  REQUIRE(line != std::string::npos);
  CHECK(line < md.find("| Resource type |"));
  CHECK(md.find("| Delete |") == std::string::npos);
  // Kept under the tightest budget, which leaves out rows first.
  const auto tight =
      report::render_what_if(azure::without_change_types(whole, {"Delete"}), 15, 600);
  CHECK_THAT(tight, Catch::Contains("hidden by input what-if-exclude-change-types: Delete 1"));
}

TEST_CASE("a plan whose every change is hidden shows none and says so") {
  azure::WhatIfResult counted;
  counted.counts = {{"NoChange", 2}};
  const auto md = report::render_what_if(azure::without_change_types(counted, {"NoChange"}));
  CHECK_THAT(md, Catch::Contains("**What-if:** none shown"));
  CHECK_THAT(
      md, Catch::Contains("2 change(s) hidden by input what-if-exclude-change-types: NoChange 2"));
  CHECK(report::hidden_changes_line(counted).empty());
}
