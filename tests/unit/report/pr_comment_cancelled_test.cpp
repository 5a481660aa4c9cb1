#include <catch2/catch.hpp>
#include <csignal>
#include <sstream>

#include "pipeline/failure.hpp"
#include "report/pr_comment.hpp"
#include "run_fixture.hpp"

using namespace bicepgate;

TEST_CASE("a pull request's comment on a cancelled run says so and how to stop the deployment") {
  testing::RunFixture run;
  auto& ctx = run.ctx;
  ctx.settings.target.name = "prod";
  ctx.settings.target.scope = "resourceGroup";
  ctx.settings.target.resource_group = "rg-aos-prod";
  ctx.deployment_name = "prod-0123abcd";
  for (auto state : {pipeline::State::kValidatingParameters, pipeline::State::kLinting,
                     pipeline::State::kPlanning, pipeline::State::kDeploying})
    ctx.machine.move_to(state);
  auto status = pipeline::interrupted(ctx, SIGINT, Status{});
  ctx.outcome.stage = "deploying";
  ctx.outcome.message = status.error().message;
  ctx.machine.move_to(pipeline::State::kCancelled, ctx.outcome.message);
  auto md = report::render_pr_comment(ctx, {}, "<!-- bicepgate -->");
  CHECK_THAT(md, Catch::Contains("prod: cancelled during deployment"));
  CHECK_THAT(md, Catch::Contains("az deployment group cancel -g rg-aos-prod -n prod-0123abcd"));
  CHECK_THAT(md, !Catch::Contains("#### Errors"));
}
