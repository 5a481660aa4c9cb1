#include "pipeline/run.hpp"

#include <catch2/catch.hpp>

#include "run_fixture.hpp"
#include "stages/failure.hpp"

using namespace bicepgate;

TEST_CASE("a deployment az printed as Failed with exit 0 fails with ARM's own error") {
  testing::RunFixture run;
  auto& ctx = run.ctx;
  run.settings.target.scope = "resourceGroup";
  run.settings.target.resource_group = "rg-aos-prod";
  ctx.record.deployment_name = "bicepgate-prod-1";

  auto deployment =
      azure::parse_deployment(testing::read_fixture("az/deployment_create_failed_exit0.json"));
  REQUIRE(deployment);
  REQUIRE(deployment->provisioning_state == "Failed");
  auto status = stages::deployment_not_succeeded(ctx, *deployment);
  REQUIRE_FALSE(status);
  CHECK(ctx.record.outcome.code == "StorageAccountAlreadyTaken");
  CHECK(model::class_name(ctx.record.outcome) != "unknown");
  CHECK_THAT(status.error().message, Catch::Contains("is Failed"));

  // Canceled by someone else, with no error: not a success either, and says how to look.
  azure::DeploymentResult canceled;
  canceled.name = "bicepgate-prod-1";
  canceled.provisioning_state = "Canceled";
  ctx.record.outcome = {};
  auto second = stages::deployment_not_succeeded(ctx, canceled);
  REQUIRE_FALSE(second);
  CHECK(ctx.record.outcome.code == "DeploymentCanceled");
  CHECK_THAT(ctx.record.outcome.hint, Catch::Contains("az deployment group show -g rg-aos-prod"));
}
