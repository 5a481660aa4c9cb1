#include "report/what_if_text.hpp"

#include <catch2/catch.hpp>

#include "support.hpp"

using namespace bicepgate;
using bicepgate::testing::read_fixture;

TEST_CASE("a saved what-if reads as an aligned table, deletes first, unchanged counted") {
  auto what_if = azure::parse_what_if(read_fixture("az/what_if_mixed.json")).value();
  CHECK(report::render_what_if_text(what_if) ==
        "What-if: Create 1, Delete 1, Modify 1, NoChange 1\n"
        "Blast radius:\n"
        "  1 destructive (1 deleted): need the delete approval (label, allow-deletes or "
        "delete-policy)\n"
        "  1 SKU change: for the reviewer; staosprod001 (SKU changes)\n"
        "\n"
        "CHANGE  TYPE                               NAME            PROPERTIES (BEFORE → AFTER)\n"
        "Delete  Microsoft.Cache/redis              redis-aos-prod\n"
        "Modify  Microsoft.Storage/storageAccounts  staosprod001    properties.minimumTlsVersion: "
        "TLS1_0 → TLS1_2\n"
        "                                                           sku.name: Standard_LRS → "
        "Standard_GRS\n"
        "Create  Microsoft.Web/serverfarms          plan-aos-prod\n"
        "\n"
        "1 resource(s) unchanged.\n");
}

TEST_CASE("a what-if without resources says so") {
  azure::WhatIfResult empty;
  CHECK(report::render_what_if_text(empty) == "What-if: no resources\n");
}

TEST_CASE("a coloured table is the plain one with each change type in its colour") {
  auto what_if = azure::parse_what_if(read_fixture("az/what_if_mixed.json")).value();
  auto coloured = report::render_what_if_text(what_if, report::TextStyle::kColour);
  CHECK_THAT(coloured, Catch::Contains("\x1b[31mDelete\x1b[0m  Microsoft.Cache/redis") &&
                           Catch::Contains("\x1b[32mCreate\x1b[0m") &&
                           Catch::Contains("\x1b[35mModify\x1b[0m") &&
                           Catch::StartsWith("\x1b[1mWhat-if:\x1b[0m Create 1"));
  // Without its colour codes it is the plain table, column for column.
  std::string stripped;
  for (std::size_t i = 0; i < coloured.size(); ++i) {
    if (coloured[i] == '\x1b') {
      i = coloured.find('m', i);
      continue;
    }
    stripped += coloured[i];
  }
  CHECK(stripped == report::render_what_if_text(what_if));
}

TEST_CASE("control characters in a name cannot colour or move the terminal") {
  auto what_if = azure::parse_what_if(read_fixture("az/what_if_mixed.json")).value();
  what_if.changes.front().resource_name = "evil\x1b[2J\x1b]0;title\x07name";
  auto text = report::render_what_if_text(what_if, report::TextStyle::kColour);
  CHECK_THAT(text, Catch::Contains("evil [2J ]0;title name"));
  CHECK_THAT(text, !Catch::Contains("\x1b[2J"));
}

TEST_CASE("the terminal table of a plan with hidden types says what it hides under its counts") {
  const auto whole = azure::parse_what_if(read_fixture("az/what_if_mixed.json")).value();
  const auto text =
      report::render_what_if_text(azure::without_change_types(whole, {"Delete", "NoChange"}));
  CHECK(text.starts_with(
      "What-if: Create 1, Modify 1\n"
      "2 change(s) hidden by input what-if-exclude-change-types: Delete 1, NoChange 1; the delete "
      "gate still counts them.\n"));
  CHECK(text.find("redis-aos-prod") == std::string::npos);
  CHECK(text.find("unchanged") == std::string::npos);
}
