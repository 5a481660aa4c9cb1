#include "azure/deployment_history.hpp"

#include <catch2/catch.hpp>

#include "azure/resources.hpp"

using namespace bicepgate::azure;

TEST_CASE("the last succeeded deployment of an environment is found by prefix and time") {
  auto history = parse_deployment_list(R"([
    {"name":"bicepgate-prod-aaaa","properties":{"provisioningState":"Succeeded","timestamp":"2026-11-01T10:00:00Z",
      "outputResources":[{"id":"/x/old"}]}},
    {"name":"bicepgate-prod-bbbb","properties":{"provisioningState":"Succeeded","timestamp":"2026-11-02T10:00:00Z",
      "outputResources":[{"id":"/x/new"}]}},
    {"name":"bicepgate-prod-cccc","properties":{"provisioningState":"Failed","timestamp":"2026-11-03T10:00:00Z"}},
    {"name":"bicepgate-production-dddd","properties":{"provisioningState":"Succeeded","timestamp":"2026-11-04T10:00:00Z"}},
    {"name":"manual","properties":{"provisioningState":"Succeeded","timestamp":"2026-11-05T10:00:00Z"}},
    "not a deployment"])");
  REQUIRE(history);
  CHECK(history->size() == 5);
  auto last = last_succeeded(*history, deployment_name_prefix("prod"));
  REQUIRE(last);
  CHECK(last->name == "bicepgate-prod-bbbb");
  CHECK(last->output_resource_ids == std::vector<std::string>{"/x/new"});
  CHECK(succeeded_named(*history, "bicepgate-prod-aaaa"));
  CHECK_FALSE(succeeded_named(*history, "bicepgate-prod-cccc"));
  CHECK_FALSE(last_succeeded(*history, deployment_name_prefix("dev")));
}

TEST_CASE("an empty history and a broken one") {
  CHECK(parse_deployment_list("[]").value().empty());
  CHECK_FALSE(parse_deployment_list("{}"));
  CHECK_FALSE(parse_deployment_list("ERROR: x"));
}

TEST_CASE("resource states come from a list, keyed case-insensitively") {
  auto states = parse_resource_states(R"([
    {"id":"/subscriptions/s/resourceGroups/RG/providers/A.B/c/d","provisioningState":"Succeeded"},
    {"id":"/subscriptions/s/resourceGroups/RG/providers/A.B/c/e","properties":{"provisioningState":"Failed"}}])");
  REQUIRE(states);
  CHECK(states->at("/subscriptions/s/resourcegroups/rg/providers/a.b/c/d") == "Succeeded");
  CHECK(states->at("/subscriptions/s/resourcegroups/rg/providers/a.b/c/e") == "Failed");
  CHECK(is_child_resource(
      "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/app/config/web"));
  CHECK_FALSE(
      is_child_resource("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/app"));
  CHECK(is_extension_resource(
      "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st/"
      "Providers/Microsoft.Authorization/roleAssignments/0f1e"));
  CHECK_FALSE(is_extension_resource(
      "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/app"));
  CHECK_FALSE(is_extension_resource("/subscriptions/s/resourceGroups/rg"));
}
