#include "model/state_machine.hpp"

#include <catch2/catch.hpp>

using namespace bicepgate::model;

TEST_CASE("a full deployment walks every state in order, each recorded with a time") {
  StateMachine machine;
  for (State next : {State::kValidatingParameters, State::kLinting, State::kPlanning,
                     State::kAwaitingConfirmation, State::kDeploying, State::kVerifyingHealth,
                     State::kCompleted}) {
    machine.move_to(next);
  }
  CHECK(machine.current() == State::kCompleted);
  REQUIRE(machine.history().size() == 7);
  CHECK(machine.history().front().from == State::kInitialized);
  CHECK(machine.history().back().to == State::kCompleted);
  CHECK(machine.history().front().at <= machine.history().back().at);
}

TEST_CASE("any running state may fail; failed may roll back; terminal states stay put") {
  for (State from :
       {State::kInitialized, State::kValidatingParameters, State::kLinting, State::kPlanning,
        State::kAwaitingConfirmation, State::kDeploying, State::kVerifyingHealth}) {
    CHECK(is_legal(from, State::kFailed));
  }
  CHECK(is_legal(State::kFailed, State::kRolledBack));
  for (State terminal : {State::kCompleted, State::kRolledBack, State::kSkipped}) {
    CHECK_FALSE(is_legal(terminal, State::kFailed));
    CHECK_FALSE(is_legal(terminal, State::kDeploying));
  }
}

TEST_CASE("a cancel may end any running state, and a cancelled run stays cancelled") {
  for (State from :
       {State::kInitialized, State::kValidatingParameters, State::kLinting, State::kPlanning,
        State::kAwaitingConfirmation, State::kDeploying, State::kVerifyingHealth}) {
    CHECK(is_legal(from, State::kCancelled));
  }
  CHECK(is_terminal(State::kCancelled));
  CHECK(to_string(State::kCancelled) == "cancelled");
  for (State terminal : {State::kCompleted, State::kFailed, State::kRolledBack, State::kSkipped}) {
    CHECK_FALSE(is_legal(terminal, State::kCancelled));
  }
  CHECK_FALSE(is_legal(State::kCancelled, State::kFailed));
  CHECK_FALSE(is_legal(State::kCancelled, State::kRolledBack));
}

TEST_CASE("skipping a stage is an illegal transition and fails loudly") {
  StateMachine machine;
  machine.move_to(State::kValidatingParameters);
  CHECK_THROWS_WITH(machine.move_to(State::kDeploying),
                    Catch::Contains("validating_parameters -> deploying"));
  CHECK(machine.current() == State::kValidatingParameters);
  CHECK(machine.history().size() == 1);
}

TEST_CASE("a plan-only run completes from planning; an unchanged one is skipped") {
  CHECK(is_legal(State::kPlanning, State::kCompleted));
  CHECK(is_legal(State::kPlanning, State::kSkipped));
  CHECK(is_legal(State::kInitialized, State::kSkipped));
  CHECK_FALSE(is_legal(State::kLinting, State::kCompleted));
}

TEST_CASE("state names are the design's") {
  CHECK(to_string(State::kValidatingParameters) == "validating_parameters");
  CHECK(to_string(State::kAwaitingConfirmation) == "awaiting_confirmation");
  CHECK(to_string(State::kRolledBack) == "rolled_back");
}

TEST_CASE("a rolled-back run is a failure, as a failed one is; nothing else is") {
  CHECK(is_failure(State::kFailed));
  CHECK(is_failure(State::kRolledBack));
  for (State other : {State::kCompleted, State::kSkipped, State::kCancelled, State::kDeploying})
    CHECK_FALSE(is_failure(other));
}

TEST_CASE("a drift check plans straight after validating; nothing else skips to deploying") {
  CHECK(is_legal(State::kValidatingParameters, State::kPlanning));
  CHECK_FALSE(is_legal(State::kValidatingParameters, State::kDeploying));
  CHECK_FALSE(is_legal(State::kValidatingParameters, State::kCompleted));
}
