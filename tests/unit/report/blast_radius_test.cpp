#include "report/blast_radius.hpp"

#include <catch2/catch.hpp>

#include "azure/what_if_stream.hpp"
#include "report/what_if_table.hpp"
#include "report/what_if_text.hpp"
#include "support.hpp"

using namespace bicepgate;

namespace {

const std::string kGroup = "/subscriptions/s/resourceGroups/rg/providers/";

// One what-if change as az prints it, read the way the run reads it.
std::string change(const std::string& id_tail, const std::string& kind,
                   const std::string& rest = "") {
  return R"({"changeType": ")" + kind + R"(", "resourceId": ")" + kGroup + id_tail + "\"" +
         (rest.empty() ? "" : ", " + rest) + "}";
}

azure::WhatIfResult plan(const std::vector<std::string>& changes) {
  std::string text = R"({"status": "Succeeded", "changes": [)";
  for (std::size_t i = 0; i < changes.size(); ++i) text += (i ? "," : "") + changes[i];
  auto parsed = azure::read_what_if(std::string_view(text + "]}"));
  REQUIRE(parsed);
  return *parsed;
}

}  // namespace

TEST_CASE("a location change is a replacement; a Delete and Create of one name elsewhere too") {
  auto what_if = plan({
      change(
          "Microsoft.Web/sites/app", "Modify",
          R"("delta": [{"path": "location", "propertyChangeType": "Modify", "before": "eastus", "after": "westus"}])"),
      change(
          "Microsoft.Web/sites/quiet", "Modify",
          R"("delta": [{"path": "tags.a", "propertyChangeType": "Modify", "before": "1", "after": "2"}])"),
  });
  auto radius = report::assess_blast_radius(what_if);
  CHECK(radius.replacements == 1);
  CHECK(radius.sku_changes == 0);
  // The same type and name deleted under one subscription and created under another.
  std::string text =
      R"({"changes": [{"changeType": "Delete", "resourceId": "/subscriptions/a/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st1"},
                      {"changeType": "Create", "resourceId": "/subscriptions/b/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st1"},
                      {"changeType": "Create", "resourceId": "/subscriptions/b/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st2"}]})";
  auto moved = azure::read_what_if(std::string_view(text));
  REQUIRE(moved);
  auto r2 = report::assess_blast_radius(*moved);
  CHECK(r2.replacements == 1);
  CHECK(r2.deletes == 1);
  CHECK(r2.destructive == 1);
}

TEST_CASE("role assignments count when created, changed or deleted, not when unchanged") {
  const std::string role = "Microsoft.Authorization/roleAssignments/";
  auto what_if = plan({
      change(role + "11111111-1111-1111-1111-111111111111", "Create",
             R"("after": {"properties": {"roleDefinitionId": "/x/8e3af657", "principalId": "p"}})"),
      change(role + "22222222-2222-2222-2222-222222222222", "Delete"),
      change(role + "33333333-3333-3333-3333-333333333333", "NoChange"),
  });
  auto radius = report::assess_blast_radius(what_if);
  CHECK(radius.role_assignments == 2);
}

TEST_CASE("network exposure: public access turned on, rules from anywhere, public IPs") {
  auto what_if = plan({
      // Disabled -> Enabled counts; Enabled -> Enabled does not.
      change("Microsoft.Storage/storageAccounts/open", "Modify",
             R"("before": {"properties": {"publicNetworkAccess": "Disabled"}},
                "after": {"properties": {"publicNetworkAccess": "Enabled"}},
                "delta": [{"path": "properties.publicNetworkAccess", "propertyChangeType": "Modify", "before": "Disabled", "after": "Enabled"}])"),
      change("Microsoft.Storage/storageAccounts/already", "Modify",
             R"("before": {"properties": {"publicNetworkAccess": "Enabled"}},
                "after": {"properties": {"publicNetworkAccess": "Enabled", "x": 1}},
                "delta": [{"path": "properties.x", "propertyChangeType": "Create", "after": 1}])"),
      change(
          "Microsoft.Network/networkSecurityGroups/nsg/securityRules/any", "Create",
          R"("after": {"properties": {"access": "Allow", "direction": "Inbound", "sourceAddressPrefix": "*"}})"),
      change(
          "Microsoft.Network/networkSecurityGroups/nsg/securityRules/office", "Create",
          R"("after": {"properties": {"access": "Allow", "direction": "Inbound", "sourceAddressPrefix": "10.0.0.0/8"}})"),
      change("Microsoft.Network/networkSecurityGroups/inline", "Modify",
             R"("before": {"properties": {"securityRules": []}},
                "after": {"properties": {"securityRules": [{"name": "r", "properties": {"access": "Allow", "direction": "Inbound", "sourceAddressPrefixes": ["10.1.0.0/16", "Internet"]}}]}})"),
      change("Microsoft.Network/publicIPAddresses/pip", "Create"),
      change(
          "Microsoft.Sql/servers/sql/firewallRules/all", "Create",
          R"("after": {"properties": {"startIpAddress": "0.0.0.0", "endIpAddress": "255.255.255.255"}})"),
      change(
          "Microsoft.Sql/servers/sql/firewallRules/azure", "Create",
          R"("after": {"properties": {"startIpAddress": "0.0.0.0", "endIpAddress": "0.0.0.0"}})"),
  });
  auto radius = report::assess_blast_radius(what_if);
  CHECK(radius.network_exposure == 5);
  std::vector<std::string> names;
  for (const auto& f : radius.findings) names.push_back(f.change->resource_name);
  CHECK(names == std::vector<std::string>{"open", "nsg/any", "inline", "pip", "sql/all"});
}

TEST_CASE("SKU changes: sku.* and tier paths") {
  auto what_if = plan({
      change(
          "Microsoft.Web/serverfarms/plan", "Modify",
          R"("delta": [{"path": "sku.tier", "propertyChangeType": "Modify", "before": "Dynamic", "after": "ElasticPremium"},
                          {"path": "sku.name", "propertyChangeType": "Modify", "before": "Y1", "after": "EP1"}])"),
      change(
          "Microsoft.Sql/servers/s/databases/db", "Modify",
          R"("delta": [{"path": "properties.currentServiceObjectiveName", "propertyChangeType": "Modify", "before": "S0", "after": "S1"},
                          {"path": "properties.requestedBackupStorageRedundancy", "propertyChangeType": "Modify", "before": "Geo", "after": "Local"}])"),
  });
  auto radius = report::assess_blast_radius(what_if);
  CHECK(radius.sku_changes == 1);  // one per resource
}

TEST_CASE("the counts output splits the gate's destructive list into deletes and unmanaged") {
  auto what_if = plan({change("Microsoft.Web/sites/gone", "Delete")});
  auto radius = report::assess_blast_radius(what_if, 3);
  CHECK(radius.counts() == nlohmann::json::parse(
                               R"({"destructive":3,"deletes":1,"unmanaged":2,"replacements":0,
                                   "roleAssignments":0,"networkExposure":0,"skuChanges":0})"));
}

TEST_CASE("the header says what approves each category, and is quiet when nothing is at risk") {
  auto what_if = plan({
      change("Microsoft.Web/sites/gone", "Delete"),
      change(
          "Microsoft.Web/serverfarms/plan", "Modify",
          R"("delta": [{"path": "sku.tier", "propertyChangeType": "Modify", "before": "Dynamic", "after": "ElasticPremium"}])"),
  });
  auto md = report::render_blast_radius(report::assess_blast_radius(what_if, 1), "approve-deletes");
  CHECK_THAT(md, Catch::Contains("**1 destructive** (1 deleted, 0 left unmanaged): approved by "
                                 "the label `approve-deletes`, input `allow-deletes: true`"));
  CHECK_THAT(md, Catch::Contains("**1 SKU change**: the reviewer approves; "
                                 "`Microsoft.Web/serverfarms plan` (SKU changes: `sku.tier` "
                                 "`Dynamic` → `ElasticPremium`)"));
  auto quiet = report::render_blast_radius(report::assess_blast_radius(plan({})), "l");
  CHECK_THAT(quiet, Catch::Contains("nothing deleted, replaced, granted"));
  CHECK_THAT(report::render_blast_radius_text(report::assess_blast_radius(what_if)),
             Catch::Contains("1 SKU change: for the reviewer; plan (SKU changes)"));
}

TEST_CASE("rows go destructive first, then risky changes, then the rest; Ignore is counted") {
  auto what_if = plan({
      change("Microsoft.Web/sites/created", "Create"),
      change(
          "Microsoft.Web/sites/plain", "Modify",
          R"("delta": [{"path": "tags.a", "propertyChangeType": "Modify", "before": "1", "after": "2"}])"),
      change("Microsoft.Network/publicIPAddresses/pip", "Create"),
      change(
          "Microsoft.Web/serverfarms/resized", "Modify",
          R"("delta": [{"path": "sku.name", "propertyChangeType": "Modify", "before": "Y1", "after": "EP1"}])"),
      change("Microsoft.Web/sites/left", "Ignore"),
      change("Microsoft.Web/sites/gone", "Delete"),
  });
  auto md = report::render_what_if(what_if);
  std::vector<std::size_t> at;
  for (const char* name : {"| gone |", "| resized |", "| pip |", "| plain |", "| created |"}) {
    at.push_back(md.find(name));
    REQUIRE(at.back() != std::string::npos);
  }
  CHECK(std::is_sorted(at.begin(), at.end()));
  CHECK_THAT(md, Catch::Contains("| Modify (**SKU**) |"));
  CHECK_THAT(md, Catch::Contains("| Create (**network exposure**) |"));
  CHECK_THAT(md, !Catch::Contains("| left |"));
  CHECK_THAT(md, Catch::Contains("1 resource(s) ignored"));
  auto full = report::render_what_if_text(what_if);
  auto text = full.substr(full.find("CHANGE"));  // the table, below the blast radius
  CHECK(text.find("gone") < text.find("resized"));
  CHECK(text.find("resized") < text.find("plain"));
  CHECK_THAT(text, Catch::Contains("sku.name: Y1 → EP1"));
  CHECK_THAT(text, Catch::Contains("1 resource(s) ignored"));
}

TEST_CASE("SKU paths: a segment named sku in any case or indexed, a last one tier or skuName") {
  const std::vector<std::pair<std::string, bool>> paths = {{"sku", true},
                                                           {"SKU.Name", true},
                                                           {"properties.sku[0].name", true},
                                                           {"properties.Tier", true},
                                                           {"properties.skuName", true},
                                                           {"properties.pricingTier", false},
                                                           {"properties.skus", false},
                                                           {"properties.tier.value", false},
                                                           {"skuname.x", false},
                                                           {"", false},
                                                           {"properties.", false},
                                                           {".sku", true}};
  for (const auto& [path, sku] : paths) {
    INFO(path);
    auto what_if =
        plan({change("Microsoft.Web/serverfarms/plan", "Modify",
                     R"("delta": [{"path": ")" + path +
                         R"(", "propertyChangeType": "Modify", "before": "a", "after": "b"}])")});
    CHECK(report::assess_blast_radius(what_if).sku_changes == (sku ? 1U : 0U));
  }
}
