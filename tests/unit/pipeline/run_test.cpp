#include "pipeline/run.hpp"

#include <catch2/catch.hpp>
#include <sstream>
#include <stdexcept>

#include "pipeline/failure.hpp"
#include "report/fix_request.hpp"
#include "support.hpp"
#include "util/files.hpp"

using namespace bicepgate;

namespace {

// An az seam with a bug behind it: every call but `az version` throws, as a parser meeting a
// shape it never expected would.
class ThrowingAz final : public azure::AzRunner {
 public:
  Result<azure::AzResult> run(const azure::AzCall& call) override {
    calls.push_back(call.args);
    if (!call.args.empty() && call.args[0] == "version") {
      azure::AzResult result;
      result.out = R"({"azure-cli": "2.74.0"})";
      return result;
    }
    throw std::runtime_error("[json.exception.type_error.302] type must be string, but is number");
  }
  std::vector<std::vector<std::string>> calls;
};

using testing::NoAz;

}  // namespace

TEST_CASE("an exception inside a stage fails that stage as internal and the run still reports") {
  testing::TempDir workspace;
  // Compiled ARM JSON: no Bicep CLI is needed to reach the first az call that matters.
  REQUIRE(util::write_file_atomic(
      workspace / "main.json",
      R"({"$schema": "https://schema.management.azure.com/schemas/2019-04-01/)"
      R"(deploymentTemplate.json#", "contentVersion": "1.0.0.0", "resources": []})"));
  testing::TempDir runner;
  github::EnvironmentMap env = {{"GITHUB_OUTPUT", (runner / "output").string()},
                                {"GITHUB_STEP_SUMMARY", (runner / "summary.md").string()}};
  REQUIRE(util::write_file_atomic(runner / "output", ""));
  REQUIRE(util::write_file_atomic(runner / "summary.md", ""));
  std::ostringstream out;
  github::WorkflowCommands commands{out};
  github::RunnerFiles files{env};
  ThrowingAz az;
  pipeline::RunSettings settings;
  settings.workspace = workspace.path();
  settings.work_dir = runner / "work";
  settings.target.name = "dev";
  settings.target.scope = "resourceGroup";
  settings.target.resource_group = "rg-aos-dev";
  settings.target.template_file = "main.json";
  pipeline::RunContext ctx{std::move(settings),     github::EventContext{}, commands, files, az,
                           testing::shipped_rules()};

  int code = 0;
  REQUIRE_NOTHROW(code = pipeline::execute(ctx));
  CHECK(code == 1);
  CHECK(ctx.machine.current() == pipeline::State::kFailed);
  CHECK(ctx.outcome.code == pipeline::kInternalErrorCode);
  CHECK(ctx.outcome.failure_class == "unknown");
  CHECK_FALSE(ctx.outcome.retryable);
  CHECK_THAT(ctx.outcome.message, Catch::Contains("internal error: [json.exception.type_error"));
  // Not retried, and no fix-request: the template is not what is wrong.
  CHECK(az.calls.size() == 2);
  CHECK_FALSE(report::wants_fix_request(ctx));
  // The outputs and the summary were written as for any failure.
  auto outputs = util::read_file(runner / "output");
  REQUIRE(outputs);
  CHECK_THAT(*outputs, Catch::Contains("failure-code<<"));
  CHECK_THAT(*outputs, Catch::Contains("bicepgate.internal"));
  auto summary = util::read_file(runner / "summary.md");
  REQUIRE(summary);
  CHECK_THAT(*summary, Catch::Contains("internal error"));
}

TEST_CASE("a deployment az printed as Failed with exit 0 fails with ARM's own error") {
  std::ostringstream out;
  github::WorkflowCommands commands{out};
  github::RunnerFiles files{github::EnvironmentMap{}};
  NoAz az;
  pipeline::RunContext ctx{pipeline::RunSettings{}, github::EventContext{}, commands, files, az,
                           testing::shipped_rules()};
  ctx.settings.target.scope = "resourceGroup";
  ctx.settings.target.resource_group = "rg-aos-prod";
  ctx.deployment_name = "bicepgate-prod-1";

  auto deployment =
      azure::parse_deployment(testing::read_fixture("az/deployment_create_failed_exit0.json"));
  REQUIRE(deployment);
  REQUIRE(deployment->provisioning_state == "Failed");
  auto status = pipeline::deployment_not_succeeded(ctx, *deployment);
  REQUIRE_FALSE(status);
  CHECK(ctx.outcome.code == "StorageAccountAlreadyTaken");
  CHECK(ctx.outcome.failure_class != "unknown");
  CHECK_THAT(status.error().message, Catch::Contains("is Failed"));

  // Canceled by someone else, with no error: not a success either, and says how to look.
  azure::DeploymentResult canceled;
  canceled.name = "bicepgate-prod-1";
  canceled.provisioning_state = "Canceled";
  ctx.outcome = {};
  auto second = pipeline::deployment_not_succeeded(ctx, canceled);
  REQUIRE_FALSE(second);
  CHECK(ctx.outcome.code == "DeploymentCanceled");
  CHECK_THAT(ctx.outcome.hint, Catch::Contains("az deployment group show -g rg-aos-prod"));
}
