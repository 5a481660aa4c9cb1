#include "stages/rollback.hpp"

#include <catch2/catch.hpp>

#include "azure/deployment.hpp"
#include "run_fixture.hpp"
#include "scripted_az.hpp"

using namespace bicepgate;
using testing::AzAnswer;

namespace {

AzAnswer printed(const std::string& out) {
  AzAnswer answer;
  answer.out = out;
  return answer;
}

// A deploying run whose deployment failed, with rollback-on-failure as `policy` says.
struct Run : testing::RunFixture {
  explicit Run(azure::AzRunner& az, const std::string& policy) : testing::RunFixture(az) {
    settings.target.name = "dev";
    settings.target.resource_group = "rg-aos-dev";
    settings.rollback = *routing::parse_rollback_policy(policy, "test");
    settings.progress_interval = std::chrono::seconds(0);
    ctx.record.deployment_name = "bad";
    azure::DeploymentResult good;
    good.name = "good";
    good.provisioning_state = "Succeeded";
    good.timestamp = "2026-12-01T10:00:00Z";
    azure::DeploymentResult older = good;
    older.name = "older";
    older.timestamp = "2026-11-01T10:00:00Z";
    ctx.record.history = {older, good};
  }
};

}  // namespace

TEST_CASE("a redeploy ARM reports Succeeded is recorded with the deployment the history names") {
  testing::ScriptedAz az;
  az.on("deployment group show",
        printed(testing::read_fixture("az/deployment_show_rolled_back.json")));
  Run f(az, "true");
  stages::read_rollback(f.ctx);
  const auto& rollback = f.ctx.record.rollback;
  CHECK(rollback.requested);
  CHECK(rollback.succeeded());
  CHECK(rollback.type == "LastSuccessful");
  // ARM left deploymentName null: the newest succeeded deployment of the history names it.
  CHECK(rollback.deployment == "good");
  CHECK(rollback.correlation_id == "4cb18c8d-0b11-4d36-85c8-0447c9ce3fbd");
  CHECK(rollback.detail.empty());
  auto json = model::rollback_json(rollback);
  CHECK(json["outcome"] == "rolled_back");
  CHECK(json["policy"] == "last-successful");
}

TEST_CASE("a deployment ARM refused before it ran reports no redeploy: the rollback did not run") {
  testing::ScriptedAz az;
  // deployment_create_failed_exit0.json is a Failed deployment with no onErrorDeployment.
  az.on("deployment group show",
        printed(testing::read_fixture("az/deployment_create_failed_exit0.json")));
  Run f(az, "older");
  stages::read_rollback(f.ctx);
  const auto& rollback = f.ctx.record.rollback;
  CHECK_FALSE(rollback.succeeded());
  CHECK(rollback.deployment == "older");
  CHECK(rollback.detail.find("reports no onErrorDeployment on bad") != std::string::npos);
  CHECK(model::rollback_json(rollback)["outcome"] == "not_run");
}

TEST_CASE("a redeploy that failed in ARM is a failed rollback, said with its state") {
  auto shown = nlohmann::json::parse(testing::read_fixture("az/deployment_show_rolled_back.json"));
  shown["properties"]["onErrorDeployment"]["provisioningState"] = "Failed";
  testing::ScriptedAz az;
  az.on("deployment group show", printed(shown.dump()));
  Run f(az, "good");
  stages::read_rollback(f.ctx);
  CHECK_FALSE(f.ctx.record.rollback.succeeded());
  CHECK(f.ctx.record.rollback.detail.find("ARM's redeploy of good ended Failed") !=
        std::string::npos);
  CHECK(model::rollback_json(f.ctx.record.rollback)["outcome"] == "failed");
}

TEST_CASE("a redeploy still running is read again until it ends, within a bound") {
  auto shown = nlohmann::json::parse(testing::read_fixture("az/deployment_show_rolled_back.json"));
  auto running = shown;
  running["properties"]["onErrorDeployment"]["provisioningState"] = "Running";
  testing::ScriptedAz az;
  az.on("deployment group show", printed(running.dump()));
  az.on("deployment group show", printed(shown.dump()));
  Run f(az, "true");
  stages::read_rollback(f.ctx);
  CHECK(f.ctx.record.rollback.succeeded());
  CHECK(az.calls().size() == 2);
}

TEST_CASE("no rollback asked for: nothing is read and nothing recorded") {
  testing::ScriptedAz az;
  Run f(az, "false");
  stages::read_rollback(f.ctx);
  CHECK_FALSE(f.ctx.record.rollback.requested);
  CHECK(az.calls().empty());
  CHECK(model::rollback_json(f.ctx.record.rollback).is_null());
}

TEST_CASE("a redeploy has ended once Succeeded, Failed or Canceled, in any case") {
  CHECK(azure::deployment_ended("Succeeded"));
  CHECK(azure::deployment_ended("failed"));
  CHECK(azure::deployment_ended("Canceled"));
  CHECK_FALSE(azure::deployment_ended("Running"));
  CHECK_FALSE(azure::deployment_ended(""));
}
