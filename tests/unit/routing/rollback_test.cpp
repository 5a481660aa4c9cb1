#include "routing/rollback.hpp"

#include <catch2/catch.hpp>

using namespace bicepgate;
using routing::RollbackPolicy;

namespace {

routing::EnvironmentConfig environment(const std::string& name) {
  routing::EnvironmentConfig env;
  env.name = name;
  env.resource_group = "rg-" + name;
  return env;
}

const std::string kProduction = "its name 'prod' says production";

}  // namespace

TEST_CASE("rollback-on-failure reads false, true, last-successful and deployment names") {
  CHECK_FALSE(routing::parse_rollback_policy("false", "x")->enabled());
  CHECK(routing::parse_rollback_policy("True", "x")->kind == RollbackPolicy::Kind::kLastSuccessful);
  CHECK(routing::parse_rollback_policy("last-successful", "x")->kind ==
        RollbackPolicy::Kind::kLastSuccessful);
  auto named = routing::parse_rollback_policy("bicepgate-dev-0123456789abcdef", "x");
  REQUIRE(named);
  CHECK(named->kind == RollbackPolicy::Kind::kNamed);
  CHECK(named->deployment == "bicepgate-dev-0123456789abcdef");
  CHECK(routing::to_string(*named) == "bicepgate-dev-0123456789abcdef");
  CHECK(routing::to_string(RollbackPolicy{RollbackPolicy::Kind::kLastSuccessful, ""}) ==
        "last-successful");
}

TEST_CASE("a rollback target that ARM could not name is refused with what is expected") {
  auto spaced = routing::parse_rollback_policy("my deployment", "input 'rollback-on-failure'");
  REQUIRE_FALSE(spaced);
  CHECK(spaced.error().message.find("input 'rollback-on-failure' is 'my deployment', expected "
                                    "false, true, last-successful") != std::string::npos);
  CHECK_FALSE(routing::parse_rollback_policy(std::string(65, 'a'), "x"));
  CHECK_FALSE(routing::parse_rollback_policy("", "x"));
}

TEST_CASE("no input and no config key: no rollback") {
  auto choice = routing::choose_rollback(environment("dev"), "", "", false);
  REQUIRE(choice);
  CHECK_FALSE(choice->policy.enabled());
  CHECK(choice->refused.empty());
}

TEST_CASE("the input rolls back a non-production environment, over its config key") {
  auto dev = environment("dev");
  dev.rollback_on_failure = RollbackPolicy{};
  auto choice = routing::choose_rollback(dev, "", "true", false);
  REQUIRE(choice);
  CHECK(choice->policy.kind == RollbackPolicy::Kind::kLastSuccessful);
  CHECK(choice->source == "input rollback-on-failure");
}

TEST_CASE("a routed production environment does not take a shared input's rollback") {
  auto prod = environment("prod");
  auto choice = routing::choose_rollback(prod, kProduction, "true", false);
  REQUIRE(choice);
  CHECK_FALSE(choice->policy.enabled());
  CHECK(choice->refused.find("not applied to production environment 'prod' (" + kProduction) !=
        std::string::npos);
}

TEST_CASE("production rolls back when its own config says so, whatever a shared input says") {
  auto prod = environment("prod");
  prod.rollback_on_failure = RollbackPolicy{RollbackPolicy::Kind::kNamed, "known-good"};
  auto choice = routing::choose_rollback(prod, kProduction, "", false);
  REQUIRE(choice);
  CHECK(choice->policy.deployment == "known-good");
  CHECK(choice->source == "rollback-on-failure of environment 'prod' in the config");
  auto shared = routing::choose_rollback(prod, kProduction, "true", false);
  REQUIRE(shared);
  CHECK(shared->policy.deployment == "known-good");
  CHECK_FALSE(shared->refused.empty());
}

TEST_CASE("production takes the input when the step names it with input environment") {
  auto choice = routing::choose_rollback(environment("prod"), kProduction, "last-successful", true);
  REQUIRE(choice);
  CHECK(choice->policy.kind == RollbackPolicy::Kind::kLastSuccessful);
  CHECK(choice->refused.empty());
}

TEST_CASE("an input of false turns a production environment's rollback off") {
  auto prod = environment("prod");
  prod.rollback_on_failure = RollbackPolicy{RollbackPolicy::Kind::kLastSuccessful, ""};
  auto choice = routing::choose_rollback(prod, kProduction, "false", false);
  REQUIRE(choice);
  CHECK_FALSE(choice->policy.enabled());
  CHECK(choice->refused.empty());
}

TEST_CASE("rollback at subscription scope is a configuration error naming the setting") {
  auto platform = environment("platform");
  platform.scope = "subscription";
  auto choice = routing::choose_rollback(platform, "", "true", false);
  REQUIRE_FALSE(choice);
  CHECK(choice.error().code == "config.rollback");
  CHECK(choice.error().message.find("rollback-on-failure (input rollback-on-failure) is "
                                    "last-successful") != std::string::npos);
  CHECK(choice.error().message.find("only at resource-group scope") != std::string::npos);
  CHECK(routing::choose_rollback(platform, "", "false", false));
}
