#include "azure/what_if.hpp"

#include <catch2/catch.hpp>

#include "support.hpp"

using namespace bicepgate::azure;
using bicepgate::testing::read_fixture;

TEST_CASE("az's what-if JSON is parsed into changes and counts") {
  auto result = parse_what_if(read_fixture("az/what_if_mixed.json"));
  REQUIRE(result);
  CHECK(result->status == "Succeeded");
  REQUIRE(result->changes.size() == 4);
  CHECK(result->counts ==
        std::map<std::string, int>{{"Create", 1}, {"Delete", 1}, {"Modify", 1}, {"NoChange", 1}});
  CHECK(result->has_changes());
  const auto& modify = result->changes[1];
  CHECK(modify.change_type == "Modify");
  CHECK(modify.resource_type == "Microsoft.Storage/storageAccounts");
  CHECK(modify.resource_name == "staosprod001");
  CHECK(modify.changed_properties() ==
        std::vector<std::string>{"properties.minimumTlsVersion", "sku.name"});
}

TEST_CASE("only NoChange and Ignore is no change") {
  auto result = parse_what_if(R"({"status":"Succeeded","changes":[
    {"resourceId":"/subscriptions/s/resourceGroups/rg/providers/A.B/c/d","changeType":"NoChange"},
    {"resourceId":"/subscriptions/s/resourceGroups/rg/providers/A.B/c/e","changeType":"Ignore"}]})");
  REQUIRE(result);
  CHECK_FALSE(result->has_changes());
}

TEST_CASE("child resource ids give the full type and name") {
  auto [type, name] = type_and_name_of(
      "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/app/config/web");
  CHECK(type == "Microsoft.Web/sites/config");
  CHECK(name == "app/web");
}

TEST_CASE("odd resource ids: the last providers segment in any case, empty segments kept") {
  using Split = std::pair<std::string, std::string>;
  CHECK(type_and_name_of("/subscriptions/s/PROVIDERS/A.B/x/providers/C.D/e/f/g/h") ==
        Split{"C.D/e/g", "f/h"});
  CHECK(type_and_name_of("/subscriptions/s/providers/A.B/c//d/e/") == Split{"A.B/c/d", "e"});
  CHECK(type_and_name_of("/subscriptions/s/providers/A.B/c/n/odd") == Split{"A.B/c", "n"});
  CHECK(type_and_name_of("providers/A.B/c/n") == Split{"", "providers/A.B/c/n"});
  CHECK(type_and_name_of("/providers/A.B") == Split{"", "/providers/A.B"});
  CHECK(type_and_name_of("") == Split{"", ""});
}

TEST_CASE("pretty-printed or broken output is a clear error") {
  auto pretty = parse_what_if(
      "Resource and property changes are indicated with these symbols:\n  + Create\n");
  REQUIRE_FALSE(pretty);
  CHECK_THAT(pretty.error().message, Catch::Contains("--no-pretty-print"));
  CHECK_FALSE(parse_what_if(R"({"changes": 3})"));
  CHECK_FALSE(parse_what_if(R"({"changes": [{"resourceId": "x"}]})"));
  CHECK_FALSE(parse_what_if("[]"));
}

TEST_CASE("the REST shape with properties.changes is accepted too") {
  auto result = parse_what_if(R"({"status":"Succeeded","properties":{"changes":[
    {"resourceId":"/subscriptions/s/resourceGroups/rg/providers/A.B/c/d","changeType":"Create"}]}})");
  REQUIRE(result);
  CHECK(result->counts.at("Create") == 1);
}

TEST_CASE("nested deltas become dotted paths with array indexes, keeping before and after") {
  auto result = parse_what_if(R"({"status":"Succeeded","changes":[{
    "resourceId":"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/app","changeType":"Modify",
    "delta":[{"path":"properties.siteConfig","propertyChangeType":"Modify","children":[
      {"path":"appSettings","propertyChangeType":"Array","children":[
        {"path":"0","propertyChangeType":"Modify","children":[
          {"path":"value","propertyChangeType":"Modify","before":"old","after":"new"}]}]},
      {"path":"ftpsState","propertyChangeType":"NoEffect","before":"FtpsOnly","after":null}]}]}]})");
  REQUIRE(result);
  const auto& delta = result->changes[0].delta;
  REQUIRE(delta.size() == 2);
  CHECK(delta[0].path == "properties.siteConfig.appSettings[0].value");
  CHECK(delta[0].before == "old");
  CHECK(delta[0].after == "new");
  CHECK(result->changes[0].changed_properties() ==
        std::vector<std::string>{"properties.siteConfig.appSettings[0].value"});
}

TEST_CASE("an array change without a path is the element itself: items[0][1].order") {
  // The shape of a Cosmos DB compositeIndexes change (an array of arrays), as azure-cli's own
  // formatter test test_nested_array_changes has it: the inner Array change has "path": null.
  auto result = parse_what_if(R"({"status":"Succeeded","changes":[{
    "resourceId":"/subscriptions/s/resourceGroups/rg/providers/Microsoft.DocumentDB/databaseAccounts/a/sqlDatabases/d/containers/c",
    "changeType":"Modify",
    "delta":[{"path":"properties.resource.indexingPolicy.compositeIndexes","propertyChangeType":"Array",
      "children":[{"path":"0","propertyChangeType":"Modify","children":[
        {"path":null,"propertyChangeType":"Array","children":[
          {"path":"0","propertyChangeType":"Modify","children":[
            {"path":"order","propertyChangeType":"Delete","before":"ascending"}]},
          {"path":"1","propertyChangeType":"Modify","children":[
            {"path":"order","propertyChangeType":"Delete","before":"ascending"}]}]}]}]}]}]})");
  REQUIRE(result);
  CHECK(
      result->changes[0].changed_properties() ==
      std::vector<std::string>{"properties.resource.indexingPolicy.compositeIndexes[0][0].order",
                               "properties.resource.indexingPolicy.compositeIndexes[0][1].order"});
}

TEST_CASE("a property whose name starts with a digit is no array index") {
  auto result = parse_what_if(R"({"status":"Succeeded","changes":[{
    "resourceId":"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/app","changeType":"Modify",
    "delta":[{"path":"tags","propertyChangeType":"Modify","children":[
      {"path":"1st-owner","propertyChangeType":"Create","after":"x"}]}]}]})");
  REQUIRE(result);
  CHECK(result->changes[0].changed_properties() == std::vector<std::string>{"tags.1st-owner"});
}

TEST_CASE("change types are ARM's seven, matched without case") {
  CHECK(change_types() == std::vector<std::string>{"Create", "Delete", "Deploy", "Ignore", "Modify",
                                                   "NoChange", "Unsupported"});
  CHECK(canonical_change_type("nochange") == "NoChange");
  CHECK(canonical_change_type("DELETE") == "Delete");
  CHECK(canonical_change_type("Unsupported") == "Unsupported");
  CHECK(canonical_change_type("No Change").empty());
  CHECK(canonical_change_type("Delet").empty());
  CHECK(canonical_change_type("").empty());
}

TEST_CASE("hiding change types takes their changes and counts out and counts them as hidden") {
  const auto whole = parse_what_if(read_fixture("az/what_if_mixed.json")).value();
  const auto shown = without_change_types(whole, {"Delete", "NoChange"});
  CHECK(shown.counts == std::map<std::string, int>{{"Create", 1}, {"Modify", 1}});
  CHECK(shown.hidden == std::map<std::string, int>{{"Delete", 1}, {"NoChange", 1}});
  REQUIRE(shown.changes.size() == 2);
  for (const auto& change : shown.changes) {
    CHECK(change.change_type != "Delete");
    CHECK(change.change_type != "NoChange");
  }
  // The whole plan is left as it was: the gate reads it.
  CHECK(whole.changes.size() == 4);
  CHECK(whole.counts.at("Delete") == 1);
  CHECK(whole.hidden.empty());
}

TEST_CASE("hiding nothing, or a type the plan has none of, hides nothing") {
  const auto whole = parse_what_if(read_fixture("az/what_if_mixed.json")).value();
  for (const auto& types :
       {std::vector<std::string>{}, std::vector<std::string>{"Unsupported", "Ignore"}}) {
    const auto shown = without_change_types(whole, types);
    CHECK(shown.changes.size() == whole.changes.size());
    CHECK(shown.counts == whole.counts);
    CHECK(shown.hidden.empty());
  }
}

TEST_CASE("counts without changes (the streamed counter's) are hidden the same way") {
  WhatIfResult counted;
  counted.counts = {{"Create", 3}, {"NoChange", 40}};
  const auto shown = without_change_types(counted, {"NoChange"});
  CHECK(shown.counts == std::map<std::string, int>{{"Create", 3}});
  CHECK(shown.hidden == std::map<std::string, int>{{"NoChange", 40}});
  CHECK(shown.has_changes());
}
