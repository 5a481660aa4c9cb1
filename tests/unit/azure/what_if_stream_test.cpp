#include "azure/what_if_stream.hpp"

#include <catch2/catch.hpp>
#include <random>
#include <sstream>

#include "azure/what_if.hpp"
#include "support.hpp"

using namespace bicepgate;

namespace {

void check_same_change(const azure::WhatIfChange& a, const azure::WhatIfChange& b) {
  CHECK(a.resource_id == b.resource_id);
  CHECK(a.change_type == b.change_type);
  CHECK(a.resource_type == b.resource_type);
  CHECK(a.resource_name == b.resource_name);
  CHECK(a.unsupported_reason == b.unsupported_reason);
  CHECK(a.before_facts == b.before_facts);
  CHECK(a.after_facts == b.after_facts);
  REQUIRE(a.delta.size() == b.delta.size());
  for (std::size_t i = 0; i < a.delta.size(); ++i) {
    CHECK(a.delta[i].path == b.delta[i].path);
    CHECK(a.delta[i].change_type == b.delta[i].change_type);
    CHECK(a.delta[i].before == b.delta[i].before);
    CHECK(a.delta[i].after == b.delta[i].after);
  }
}

// The streamed reader must give what the document parser gives, errors included, from a string
// and from a stream alike.
void check_same_as_parser(const std::string& text) {
  INFO(text.substr(0, 300));
  auto parsed = azure::parse_what_if(text);
  std::istringstream in(text);
  for (auto streamed : {azure::read_what_if(std::string_view(text)), azure::read_what_if(in)}) {
    REQUIRE(static_cast<bool>(streamed) == static_cast<bool>(parsed));
    if (!parsed) {
      CHECK(streamed.error().code == parsed.error().code);
      CHECK(streamed.error().message == parsed.error().message);
      continue;
    }
    CHECK(streamed->status == parsed->status);
    CHECK(streamed->counts == parsed->counts);
    REQUIRE(streamed->changes.size() == parsed->changes.size());
    for (std::size_t i = 0; i < parsed->changes.size(); ++i)
      check_same_change(streamed->changes[i], parsed->changes[i]);
  }
}

}  // namespace

TEST_CASE("the streamed what-if equals the parsed one on az's real output") {
  auto text = testing::read_fixture("az/what_if_mixed.json");
  auto streamed = azure::read_what_if(std::string_view(text));
  REQUIRE(streamed);
  REQUIRE_FALSE(streamed->changes.empty());
  // Something to compare: a delta with values, and a watched body value.
  bool has_delta_value = false;
  bool has_fact = false;
  for (const auto& change : streamed->changes) {
    for (const auto& d : change.delta) has_delta_value |= !d.after.is_null();
    has_fact |= change.after_facts.count("location") > 0;
  }
  CHECK(has_delta_value);
  CHECK(has_fact);
  check_same_as_parser(text);
}

TEST_CASE("the streamed what-if agrees with the parser on every shape it accepts or refuses") {
  for (
      const char* text : {
          R"({"changes": [{"changeType": "Create"}, {"changeType": "Create"}, {"changeType": "Delete"}]})",
          R"({"status": "Succeeded", "properties": {"changes": [{"changeType": "Modify"}]}})",
          R"({"status": 5, "changes": []})",
          R"({"properties": {"changes": [{"changeType": "Modify"}]}, "changes": [{"changeType": "Ignore"}]})",
          R"({"properties": {"changes": [{"changeType": "Modify"}]}, "changes": null})",
          R"({"changes": null, "error": {"code": "InvalidTemplate", "details": [{"a": [1, 2.5, true]}]}})",
          R"({"changes": null, "error": null})",
          R"({"error": {"code": "x"}, "error": null})",
          R"({"error": null, "error": {"code": "x", "code": "y"}})",
          R"({})",
          R"({"changes": {"a": 1}})",
          R"({"changes": [1]})",
          R"({"changes": [[{"changeType": "Create"}]]})",
          R"({"changes": [{"changeType": 3}]})",
          R"({"changes": [{"changeType": ""}]})",
          R"({"changes": [{"resourceId": "x"}]})",
          R"({"changes": [{"changeType": "Create", "changeType": "Delete"}]})",
          R"({"changes": [{"changeType": "Create"}], "changes": [{"changeType": "Delete"}]})",
          R"({"properties": 5, "changes": []})",
          R"({"properties": {"changes": [2]}, "changes": [{"changeType": "Deploy"}]})",
          // Deltas: nested, arrays of arrays, no path, repeated, not a list.
          R"({"changes": [{"changeType": "Modify", "resourceId": "/subscriptions/s/resourceGroups/g/providers/Microsoft.Web/sites/a/config/web",
              "delta": [{"path": "siteConfig", "propertyChangeType": "Modify", "children": [
                {"path": "ipSecurityRestrictions", "propertyChangeType": "Array", "children": [
                  {"path": "0", "propertyChangeType": "Modify", "children": [{"path": "action", "propertyChangeType": "Modify", "before": "Deny", "after": "Allow"}]},
                  {"path": "1", "propertyChangeType": "Create", "after": {"ipAddress": "0.0.0.0/0", "n": [1, {"x": null}]}}]}]},
                {"path": "tags", "propertyChangeType": "Delete", "before": {"a": "b"}},
                {"propertyChangeType": "Array", "children": [{"path": "0", "propertyChangeType": "NoEffect", "before": 1, "after": 2}]}]}]})",
          R"({"changes": [{"changeType": "Modify", "delta": [{"path": "a", "before": 1, "after": 2}], "delta": null}]})",
          R"({"changes": [{"changeType": "Modify", "delta": null, "delta": [{"path": "a", "before": -1, "after": 1e3}]}]})",
          R"({"changes": [{"changeType": "Modify", "delta": {"path": "a"}}]})",
          R"({"changes": [{"changeType": "Unsupported", "unsupportedReason": "nested template"}]})",
          R"({"changes": [{"changeType": "Unsupported", "unsupportedReason": "x", "unsupportedReason": null}]})",
          // Bodies: watched values kept, others dropped, repeated keys, dotted keys.
          R"({"changes": [{"changeType": "Create", "after": {"location": "westeurope", "sku": {"name": "S1", "tier": "Standard"},
              "properties": {"publicNetworkAccess": "Enabled", "securityRules": [{"properties": {"sourceAddressPrefix": "*"}}],
                             "other": {"deep": [1, 2]}, "networkAcls": {"defaultAction": "Allow", "bypass": "None"}}}}]})",
          R"({"changes": [{"changeType": "Delete", "before": {"properties": {"access": "Allow"}, "properties": {"direction": "Inbound"}}}]})",
          R"({"changes": [{"changeType": "Delete", "before": {"properties.access": "Allow", "location": 1, "location": [2]}}]})",
          R"({"changes": [{"changeType": "Create", "after": {"sku": "x"}, "after": null, "before": 7}]})",
          R"({"changes": [{"changeType": "Create", "after": {"properties": 3, "properties": {"networkAcls": {"defaultAction": "Deny"}}}}]})",
          // Syntax errors and other roots.
          R"([1, 2])",
          R"("text")",
          R"({"changes": [{"changeType": "Create"}]} trailing)",
          R"({"changes": [)",
          R"({"changes": [{"changeType": "Create", "delta": [{"path": "a")",
          "0-5 \"",
          R"([1, 2)",
          "",
      }) {
    check_same_as_parser(text);
  }
}

TEST_CASE("the streamed what-if agrees with the parser on a generated plan of every kind") {
  nlohmann::json changes = nlohmann::json::array();
  const char* kinds[] = {"Create", "Delete", "Modify", "NoChange", "Ignore", "Deploy"};
  for (int i = 0; i < 300; ++i) {
    const std::string kind = kinds[i % 6];
    const std::string id =
        "/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/"
        "storageAccounts/st" +
        std::to_string(i);
    nlohmann::json body = {{"id", id},
                           {"location", i % 2 ? "eastus" : "westus"},
                           {"sku", {{"name", "Standard_LRS"}}},
                           {"properties", {{"publicNetworkAccess", "Enabled"}, {"n", i}}}};
    nlohmann::json change = {{"changeType", kind}, {"resourceId", id}};
    change["before"] = kind == "Create" ? nlohmann::json(nullptr) : body;
    change["after"] = kind == "Delete" ? nlohmann::json(nullptr) : body;
    if (kind == "Modify") {
      change["delta"] = {{{"path", "sku.name"},
                          {"propertyChangeType", "Modify"},
                          {"before", "Standard_LRS"},
                          {"after", "Standard_GRS"}},
                         {{"path", "properties.list"},
                          {"propertyChangeType", "Array"},
                          {"children",
                           {{{"path", std::to_string(i)},
                             {"propertyChangeType", "Create"},
                             {"after", {{"k", i}}}}}}}};
    }
    changes.push_back(change);
  }
  check_same_as_parser(nlohmann::json{{"status", "Succeeded"}, {"changes", changes}}.dump());
}

TEST_CASE("the streamed what-if agrees with the parser on az's output cut and corrupted") {
  // The skimmed bodies (util::json_skim) must refuse what the parser refuses, with its message.
  const std::string fixture = testing::read_fixture("az/what_if_mixed.json");
  std::mt19937 random(16);
  const std::string bytes("{}[],:\"\\ 0-1.eE+tfnu\x01\x80\xC3\xEF\0", 25);
  for (int i = 0; i < 600; ++i) {
    std::string text = fixture;
    std::uniform_int_distribution<std::size_t> at(0, text.size() - 1);
    switch (i % 3) {
      case 0: text[at(random)] = bytes[random() % bytes.size()]; break;
      case 1: text.erase(at(random), 1 + random() % 3); break;
      case 2: text.resize(at(random)); break;
    }
    check_same_as_parser(text);
  }
}
