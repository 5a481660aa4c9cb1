#include "azure/regions.hpp"

#include <catch2/catch.hpp>

#include "support.hpp"

using namespace bicepgate::azure;
using nlohmann::json;

namespace {

const char* kTable = R"(
tier1: [eastus, westeurope]
capabilities:
  - name: servicebus-premium
    description: Service Bus Premium namespaces
    resource-type: Microsoft.ServiceBus/namespaces
    sku: [Premium]
    if-missing: falls back to Standard
    regions: [East US, westeurope, brazilsouth]
  - name: azure-ml
    description: Azure ML workspaces
    resource-type: Microsoft.MachineLearningServices/workspaces
    if-missing: not deployed
    regions: [westeurope]
)";

RegionTable table() {
  auto parsed = RegionTable::parse(kTable, "regions.yml");
  REQUIRE(parsed);
  return *parsed;
}

}  // namespace

TEST_CASE("the shipped region table loads and lists the plan's tier-1 regions") {
  auto shipped = RegionTable::load(std::string(BICEPGATE_SOURCE_DIR) + "/data/regions.yml");
  REQUIRE(shipped);
  CHECK(shipped->tier1 == std::vector<std::string>{"eastus", "eastus2", "westus2", "westeurope",
                                                   "northeurope", "southeastasia"});
  CHECK(shipped->capabilities.size() == 3);
  for (const auto& capability : shipped->capabilities) {
    for (const auto& region : shipped->tier1) CHECK(shipped->offers(region, capability));
  }
}

TEST_CASE("region names compare as Azure writes them either way") {
  CHECK(normalize_region("East US 2") == "eastus2");
  auto t = table();
  CHECK(t.offers("eastus", t.capabilities[0]));
  CHECK(t.offers("West Europe", t.capabilities[0]));
  CHECK_FALSE(t.offers("westus", t.capabilities[0]));
}

TEST_CASE("a bad region table is an error with its line") {
  auto bad = RegionTable::parse("tier1: [eastus]\ncapabilities:\n  - name: x\n    regoins: [a]\n",
                                "regions.yml");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().message.find("regions.yml:4: unknown key 'regoins'") == 0);
  CHECK_FALSE(RegionTable::parse("tier1: []\ncapabilities: []\n", "r.yml"));
}

TEST_CASE("needs come from resources, SKUs and conditions resolved from the parameters") {
  auto t = table();
  json arm = {
      {"parameters",
       {{"sku", {{"type", "string"}, {"defaultValue", "Standard"}}},
        {"ml", {{"type", "bool"}, {"defaultValue", true}}},
        {"location", {{"type", "string"}, {"defaultValue", "[resourceGroup().location]"}}}}},
      {"resources",
       {{"bus",
         {{"type", "Microsoft.ServiceBus/namespaces"},
          {"name", "sb-1"},
          {"location", "[parameters('location')]"},
          {"sku", {{"name", "[parameters('sku')]"}}}}},
        {"ml",
         {{"condition", "[parameters('ml')]"},
          {"type", "Microsoft.MachineLearningServices/workspaces"},
          {"name", "mlw-1"},
          {"location", "West US"}}}}}};
  // Standard SKU: only the ML workspace needs something, in West US.
  auto needs = needed_capabilities(arm, json::object(), t);
  REQUIRE(needs.size() == 1);
  CHECK(needs[0].capability->name == "azure-ml");
  CHECK(needs[0].location == "westus");
  // Premium and ML disabled: the namespace, at the deployment's own location (unknown here).
  needs = needed_capabilities(arm, {{"sku", "Premium"}, {"ml", false}}, t);
  REQUIRE(needs.size() == 1);
  CHECK(needs[0].capability->name == "servicebus-premium");
  CHECK(needs[0].resource == "Microsoft.ServiceBus/namespaces sb-1");
  CHECK(needs[0].location.empty());
}

TEST_CASE("nested deployments (modules) are walked with the parameters passed to them") {
  auto t = table();
  json module = {{"parameters", {{"tier", {{"type", "string"}}}}},
                 {"resources", json::array({{{"type", "Microsoft.ServiceBus/namespaces"},
                                             {"name", "sb-mod"},
                                             {"location", "brazilsouth"},
                                             {"sku", {{"tier", "[parameters('tier')]"}}}}})}};
  json arm = {
      {"parameters", {{"busTier", {{"type", "string"}}}}},
      {"resources",
       json::array({{{"type", "Microsoft.Resources/deployments"},
                     {"name", "bus"},
                     {"properties",
                      {{"template", module},
                       {"parameters", {{"tier", {{"value", "[parameters('busTier')]"}}}}}}}}})}};
  auto needs = needed_capabilities(arm, {{"busTier", "Premium"}}, t);
  REQUIRE(needs.size() == 1);
  CHECK(needs[0].location == "brazilsouth");
  CHECK(needed_capabilities(arm, {{"busTier", "Basic"}}, t).empty());
}

TEST_CASE("auto-region picks the first tier-1 region offering every need") {
  auto t = table();
  std::vector<Need> needs = {{&t.capabilities[0], "bus", ""}};
  CHECK(choose_region(needs, t) == "eastus");
  needs.push_back({&t.capabilities[1], "ml", ""});
  CHECK(choose_region(needs, t) == "westeurope");
  RegionTable none = t;
  none.tier1 = {"japaneast"};
  CHECK_FALSE(choose_region(needs, none));
}

TEST_CASE("az provider show gives a resource type's live locations") {
  json provider = {
      {"namespace", "Microsoft.ServiceBus"},
      {"resourceTypes",
       {{{"resourceType", "namespaces"}, {"locations", {"East US", "Brazil South"}}}}}};
  CHECK(provider_locations(provider, "Namespaces") ==
        std::vector<std::string>{"eastus", "brazilsouth"});
  CHECK_FALSE(provider_locations(provider, "queues"));
  CHECK_FALSE(provider_locations(json(), "namespaces"));
}

TEST_CASE("a compiled template of the wrong shapes needs nothing and throws nothing") {
  auto t = table();
  // Each of these threw nlohmann::json::type_error (exit 70, no audit record) before.
  for (const char* text : {
           R"({"resources": [{"type": 7, "name": "x"}]})",
           R"({"resources": [{"type": ["Microsoft.ServiceBus/namespaces"]}]})",
           R"({"resources": {"a": {"type": null, "sku": "Premium"}}})",
           R"({"resources": [{"type": "Microsoft.Resources/deployments", "properties": 3}]})",
           R"({"resources": [{"type": "Microsoft.Resources/deployments",
                              "properties": {"template": {"resources": [{"type": {}}]}}}]})",
           R"({"parameters": [1, 2], "resources": [{"type": "x", "sku": {"tier": 1}}]})",
       }) {
    INFO(text);
    json arm = json::parse(text);
    std::vector<Need> needs;
    REQUIRE_NOTHROW(needs = needed_capabilities(arm, json::object(), t));
    CHECK(needs.empty());
  }
  REQUIRE_NOTHROW(provider_locations(json::parse(R"({"resourceTypes": {"a": 1}})"), "a"));
  CHECK_FALSE(provider_locations(json::parse(R"({"resourceTypes": 5})"), "namespaces"));
}

TEST_CASE("a region table missing a key or holding the wrong kind says which and where") {
  auto no_tier1 = RegionTable::parse("capabilities: []\n", "regions.yml");
  REQUIRE_FALSE(no_tier1);
  CHECK(no_tier1.error().message == "regions.yml:1: the region table needs 'tier1'");
  auto scalar = RegionTable::parse("tier1: eastus\ncapabilities: []\n", "regions.yml");
  REQUIRE_FALSE(scalar);
  CHECK(scalar.error().message ==
        "regions.yml:1: tier1 must be a non-empty list, found a single value");
}
