// The settings stay as resolved before the run; what lint and auto-region resolve lives in the
// record, and the context answers with the resolved value.

#include <catch2/catch.hpp>

#include "run_fixture.hpp"
#include "stages/failure.hpp"
#include "stages/whatif.hpp"

using namespace bicepgate;

TEST_CASE("the template's own scope, once lint has read it, is where the run deploys") {
  testing::RunFixture f;
  f.settings.target.name = "dev";
  f.settings.target.scope = "resourceGroup";
  f.settings.target.resource_group = "rg-aos-dev";
  f.settings.target.location = "westeurope";
  CHECK(f.ctx.scope() == "resourceGroup");
  f.ctx.record.scope = "subscription";  // lint: targetScope = 'subscription'
  f.ctx.record.deployment_name = "bicepgate-dev-1";
  CHECK(f.ctx.scope() == "subscription");
  CHECK(f.settings.target.scope == "resourceGroup");  // the settings are not rewritten
  CHECK(stages::deployment_target(f.ctx).scope == "subscription");
  CHECK_THAT(stages::follow_or_stop_deployment(f.ctx), Catch::Contains("az deployment sub"));
}

TEST_CASE("auto-region's region becomes the location override, and a subscription's location") {
  testing::RunFixture f;
  f.settings.target.scope = "subscription";
  f.settings.target.location = "westeurope";
  f.settings.overrides = {{"sku", "S1"}, {"location", "westeurope"}};
  CHECK(f.ctx.location() == "westeurope");
  f.ctx.record.moved_to_region = "swedencentral";
  CHECK(f.ctx.location() == "swedencentral");
  const auto overrides = f.ctx.overrides();
  REQUIRE(overrides.size() == 2);
  CHECK(overrides[0] == std::pair<std::string, std::string>{"sku", "S1"});
  CHECK(overrides[1] == std::pair<std::string, std::string>{"location", "swedencentral"});
  CHECK(f.settings.overrides[1].second == "westeurope");

  f.settings.target.scope = "resourceGroup";  // a group keeps its own location
  CHECK(f.ctx.location() == "westeurope");
}
