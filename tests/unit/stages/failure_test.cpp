#include "stages/failure.hpp"

#include <catch2/catch.hpp>
#include <csignal>
#include <sstream>

#include "report/fix_request.hpp"
#include "run_fixture.hpp"

using namespace bicepgate;

namespace {

// A run that reached `stage`, as the runner's cancel finds it.
struct Run : testing::RunFixture {
  explicit Run(model::State stage) {
    settings.target.name = "prod";
    settings.target.scope = "resourceGroup";
    settings.target.resource_group = "rg-aos-prod";
    ctx.record.deployment_name = "prod-0123abcd";
    for (auto state : {model::State::kValidatingParameters, model::State::kLinting,
                       model::State::kPlanning, model::State::kDeploying}) {
      ctx.record.machine.move_to(state);
      if (state == stage) break;
    }
  }
};
}  // namespace

TEST_CASE("az's 'wait cancelled' after a SIGINT ends the run cancelled, not a logic failure") {
  Run f(model::State::kDeploying);
  // What az prints and returns when the forwarded SIGINT stops its wait: no rule knows it.
  azure::AzResult said;
  said.exit_code = 1;
  said.err = testing::read_fixture("az/deployment_create_cancelled.stderr");
  auto stage_result = stages::az_failed(f.ctx, "az deployment create", said);
  REQUIRE_FALSE(stage_result);

  auto status = stages::interrupted(f.ctx, SIGINT, stage_result);
  REQUIRE_FALSE(status);
  CHECK(status.error().code == "run.cancelled");
  CHECK_THAT(status.error().message,
             Catch::Contains("cancelled: interrupted by signal 2 while deploying"));
  const auto& outcome = f.ctx.record.outcome;
  CHECK_FALSE(outcome.failure_class);  // a cancel is no failure of any class
  CHECK(outcome.code == "run.cancelled");
  CHECK_FALSE(outcome.retryable);
  CHECK(outcome.errors.empty());
  CHECK_THAT(outcome.hint, Catch::Contains("az deployment group cancel -g rg-aos-prod -n "
                                           "prod-0123abcd"));
  f.ctx.record.machine.move_to(model::State::kCancelled, status.error().message);
  CHECK_FALSE(report::wants_fix_request(f.ctx));
}

TEST_CASE("a stage that succeeded as the SIGTERM came is interrupted too") {
  Run f(model::State::kDeploying);
  auto status = stages::interrupted(f.ctx, SIGTERM, Status{});
  REQUIRE_FALSE(status);
  CHECK_THAT(status.error().message, Catch::Contains("signal 15 while deploying"));
  CHECK_FALSE(f.ctx.record.outcome.failure_class);
}

TEST_CASE("a cancel before the deploy stage says nothing was deployed") {
  Run f(model::State::kValidatingParameters);
  auto status = stages::interrupted(f.ctx, SIGINT, fail("lint failed", "BCP037"));
  CHECK_THAT(status.error().message, Catch::Contains("while validating_parameters"));
  CHECK(f.ctx.record.outcome.code == "run.cancelled");
  CHECK_THAT(f.ctx.record.outcome.hint, Catch::Contains("Nothing was deployed"));
}

TEST_CASE("a cancel of a subscription deployment names az's sub commands, without a group") {
  Run f(model::State::kDeploying);
  f.settings.target.scope = "subscription";
  (void)stages::interrupted(f.ctx, SIGINT, Status{});
  CHECK_THAT(f.ctx.record.outcome.hint,
             Catch::Contains("`az deployment sub show -n prod-0123abcd`") &&
                 Catch::Contains("`az deployment sub cancel -n prod-0123abcd`") &&
                 !Catch::Contains("-g "));
}

TEST_CASE("a cancel while verifying health says the deployment succeeded and how to see it") {
  Run f(model::State::kDeploying);
  f.ctx.record.machine.move_to(model::State::kVerifyingHealth);
  (void)stages::interrupted(f.ctx, SIGTERM, Status{});
  CHECK_THAT(f.ctx.record.outcome.hint,
             Catch::Contains("had succeeded") &&
                 Catch::Contains("`az deployment group show -g rg-aos-prod -n prod-0123abcd`") &&
                 !Catch::Contains("cancel"));
}
