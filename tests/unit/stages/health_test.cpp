#include "stages/health.hpp"

#include <catch2/catch.hpp>

using namespace bicepgate;

TEST_CASE("each output resource is healthy only when listed as Succeeded") {
  const std::string base = "/subscriptions/s/resourceGroups/rg/providers/";
  auto checks = stages::check_resources(
      {base + "A.B/c/ok", base + "A.B/c/failed", base + "A.B/c/missing",
       base + "Microsoft.Web/sites/app/config/web",
       base + "A.B/c/ok/providers/Microsoft.Authorization/roleAssignments/0f1e"},
      {{"/subscriptions/s/resourcegroups/rg/providers/a.b/c/ok", "Succeeded"},
       {"/subscriptions/s/resourcegroups/rg/providers/a.b/c/failed", "Failed"}});
  REQUIRE(checks.size() == 5);
  CHECK(checks[0].healthy);
  CHECK_FALSE(checks[1].healthy);
  CHECK(checks[1].detail == "provisioningState Failed");
  CHECK_FALSE(checks[2].healthy);
  CHECK(checks[2].detail == "not found in the resource list");
  CHECK(checks[3].healthy);
  CHECK_FALSE(checks[3].checked);
  // A role assignment on a listed resource is in no list: not checked, not unhealthy.
  CHECK(checks[4].healthy);
  CHECK_FALSE(checks[4].checked);
  CHECK(checks[4].detail.find("extension resource") != std::string::npos);
}

TEST_CASE("a management group's or the tenant's resources are not checked against a list") {
  auto checks = stages::check_resources(
      {"/providers/Microsoft.Management/managementGroups/mg-platform/providers/"
       "Microsoft.Authorization/policyDefinitions/allowed-locations",
       "/providers/Microsoft.Management/managementGroups/mg-platform",
       "/subscriptions/s/resourceGroups/rg/providers/A.B/c/missing"},
      {});
  REQUIRE(checks.size() == 3);
  for (int i : {0, 1}) {
    CHECK(checks[i].healthy);
    CHECK_FALSE(checks[i].checked);
    CHECK(checks[i].detail.find("above any subscription") != std::string::npos);
  }
  // Under a subscription, missing from the list is still unhealthy.
  CHECK_FALSE(checks[2].healthy);
  CHECK(checks[2].checked);
}
