#include <catch2/catch.hpp>
#include <sstream>

#include "report/headline.hpp"
#include "report/pr_comment.hpp"
#include "run_fixture.hpp"

using namespace bicepgate;

namespace {

struct Run : testing::RunFixture {
  explicit Run(std::initializer_list<model::State> states) {
    settings.target.name = "staging";
    for (auto state : states) ctx.record.machine.move_to(state);
  }
};

}  // namespace

TEST_CASE("the headline names the step in a reviewer's words, never the state's name") {
  using model::State;
  SECTION("a lint failure: the step, the class and the decisive code") {
    Run run{State::kValidatingParameters, State::kLinting};
    run.ctx.record.outcome.failure_class = classify::FailureClass::kLogic;
    run.ctx.record.outcome.stage = "linting";
    run.ctx.record.outcome.code = "BCP057";
    run.ctx.record.machine.move_to(State::kFailed);
    CHECK(report::run_headline(run.ctx) == "failed at Bicep build and lint (logic, `BCP057`)");
  }
  SECTION("the delete gate says what it waits for") {
    Run run{State::kValidatingParameters, State::kLinting, State::kPlanning,
            State::kAwaitingConfirmation};
    run.ctx.record.outcome.failure_class = classify::FailureClass::kConfiguration;
    run.ctx.record.outcome.stage = "awaiting_confirmation";
    run.ctx.record.outcome.code = "gate.deletes";
    run.ctx.record.machine.move_to(State::kFailed);
    CHECK(report::run_headline(run.ctx) == "stopped at the delete gate, waiting for approval");
  }
  SECTION("the comment's stage line reads as steps") {
    Run run{State::kValidatingParameters, State::kLinting, State::kPlanning};
    run.settings.plan_only = true;
    run.ctx.record.machine.move_to(State::kCompleted);
    auto md = report::render_pr_comment(run.ctx, {}, "<!-- bicepgate -->");
    CHECK_THAT(md, Catch::Contains("staging: planned (what-if only, nothing deployed)"));
    CHECK_THAT(md, Catch::Contains("Stages: input checks → Bicep build and lint → what-if → done"));
    CHECK_THAT(md, !Catch::Contains("validating_parameters"));
  }
}

TEST_CASE("every state has words of its own and an unknown stage name comes back as it is") {
  using model::State;
  for (int i = static_cast<int>(State::kInitialized); i <= static_cast<int>(State::kCancelled);
       ++i) {
    const auto state = static_cast<State>(i);
    CHECK(model::describe_stage(model::to_string(state)) == model::describe(state));
    if (state != State::kFailed && state != State::kSkipped && state != State::kCancelled)
      CHECK(model::describe(state) != model::to_string(state));
  }
  CHECK(model::describe_stage("preview prod: lint") == "preview prod: lint");
}

TEST_CASE("a rolled-back run is told as its failure, then what ARM redeployed") {
  using model::State;
  Run run{State::kValidatingParameters, State::kLinting, State::kPlanning, State::kDeploying};
  run.ctx.record.deployment_name = "bicepgate-staging-0123456789abcdef";
  run.ctx.record.outcome.failure_class = classify::FailureClass::kLogic;
  run.ctx.record.outcome.stage = "deploying";
  run.ctx.record.outcome.code = "StorageAccountAlreadyTaken";
  run.ctx.record.machine.move_to(State::kFailed);
  auto& rollback = run.ctx.record.rollback;
  rollback.requested = true;
  rollback.type = "LastSuccessful";
  rollback.deployment = "bicepgate-staging-fedcba9876543210";
  rollback.state = "Succeeded";
  run.ctx.record.machine.move_to(State::kRolledBack);
  CHECK(report::run_headline(run.ctx) ==
        "failed at deployment (logic, `StorageAccountAlreadyTaken`), rolled back to "
        "`bicepgate-staging-fedcba9876543210`");
  auto md = report::render_pr_comment(run.ctx, {}, "<!-- bicepgate -->");
  CHECK_THAT(md, Catch::Contains("**Rolled back: ARM redeployed "
                                 "`bicepgate-staging-fedcba9876543210` (LastSuccessful) after "
                                 "`bicepgate-staging-0123456789abcdef` failed"));
  CHECK_THAT(md, Catch::Contains("Stages: input checks → Bicep build and lint → what-if → "
                                 "deployment → failed → rolled back"));

  rollback.state = "Failed";
  rollback.detail = "ARM's redeploy of good ended Failed";
  auto failed = report::render_pr_comment(run.ctx, {}, "<!-- bicepgate -->");
  CHECK_THAT(failed, Catch::Contains("**Rollback failed: ARM's redeploy of good ended Failed**"));
}
