#include <catch2/catch.hpp>
#include <csignal>
#include <sstream>

#include "report/pr_comment.hpp"
#include "run_fixture.hpp"
#include "stages/failure.hpp"

using namespace bicepgate;

TEST_CASE("a pull request's comment on a cancelled run says so and how to stop the deployment") {
  testing::RunFixture run;
  auto& ctx = run.ctx;
  run.settings.target.name = "prod";
  run.settings.target.scope = "resourceGroup";
  run.settings.target.resource_group = "rg-aos-prod";
  ctx.record.deployment_name = "prod-0123abcd";
  for (auto state : {model::State::kValidatingParameters, model::State::kLinting,
                     model::State::kPlanning, model::State::kDeploying})
    ctx.record.machine.move_to(state);
  auto status = stages::interrupted(ctx, SIGINT, Status{});
  ctx.record.outcome.stage = "deploying";
  ctx.record.outcome.message = status.error().message;
  ctx.record.machine.move_to(model::State::kCancelled, ctx.record.outcome.message);
  auto md = report::render_pr_comment(ctx, {}, "<!-- bicepgate -->");
  CHECK_THAT(md, Catch::Contains("prod: cancelled during deployment"));
  CHECK_THAT(md, Catch::Contains("az deployment group cancel -g rg-aos-prod -n prod-0123abcd"));
  CHECK_THAT(md, !Catch::Contains("#### Errors"));
}
