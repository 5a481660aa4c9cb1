#include <catch2/catch.hpp>

#include "cli/run_setup.hpp"
#include "routing/config.hpp"
#include "support.hpp"

using namespace bicepgate;
using bicepgate::testing::TempDir;

namespace {

// The routed environment `dev` of a config, with these inputs as the runner sets them.
Result<model::RunSettings> settings_with(const std::string& environment_yaml,
                                         const github::EnvironmentMap& inputs) {
  static TempDir workspace;
  auto config = routing::parse_config(
      "environments:\n  dev:\n    resource-group: rg-dev\n" + environment_yaml, "stacks.yml");
  REQUIRE(config);
  routing::RouteDecision decision;
  decision.environment = "dev";
  github::EnvironmentMap env = inputs;
  env["GITHUB_WORKSPACE"] = workspace.path().string();
  return cli::settings_from(github::Inputs(env), *config, decision, env);
}

}  // namespace

TEST_CASE("input type: stack makes the routed environment a stack with the inputs' settings") {
  auto settings = settings_with("", {{"INPUT_TYPE", "deploymentStack"},
                                     {"INPUT_ACTION-ON-UNMANAGE", "deleteAll"},
                                     {"INPUT_DENY-SETTINGS-MODE", "denyWriteAndDelete"},
                                     {"INPUT_DENY-SETTINGS-EXCLUDED-ACTIONS", "a/b, c/d"},
                                     {"INPUT_DENY-SETTINGS-APPLY-TO-CHILD-SCOPES", "true"},
                                     {"INPUT_STACK-DELETE", "true"}});
  REQUIRE(settings);
  REQUIRE(settings->target.stack);
  CHECK(settings->target.stack->action_on_unmanage == azure::UnmanageAction::kDeleteAll);
  CHECK(settings->target.stack->deny_mode == azure::DenyMode::kDenyWriteAndDelete);
  CHECK(settings->target.stack->excluded_actions == std::vector<std::string>{"a/b", "c/d"});
  CHECK(settings->target.stack->apply_to_child_scopes);
  CHECK(settings->stack_delete);
}

TEST_CASE("empty stack inputs keep the config's stack settings") {
  auto settings = settings_with("    type: stack\n    action-on-unmanage: deleteResources\n", {});
  REQUIRE(settings);
  REQUIRE(settings->target.stack);
  CHECK(settings->target.stack->action_on_unmanage == azure::UnmanageAction::kDeleteResources);
  CHECK_FALSE(settings->stack_delete);
  settings = settings_with("    type: stack\n", {{"INPUT_TYPE", "deployment"}});
  REQUIRE(settings);
  CHECK_FALSE(settings->target.stack);
}

TEST_CASE("stack inputs for a deployment, and bad values, are refused naming the input") {
  auto settings = settings_with("", {{"INPUT_ACTION-ON-UNMANAGE", "deleteAll"}});
  REQUIRE_FALSE(settings);
  CHECK(settings.error().message.find("input 'action-on-unmanage' applies to deployment stacks "
                                      "only") != std::string::npos);
  settings = settings_with("    type: stack\n", {{"INPUT_ACTION-ON-UNMANAGE", "purge"}});
  REQUIRE_FALSE(settings);
  CHECK(settings.error().message.find("input 'action-on-unmanage' is 'purge', expected "
                                      "detachAll, deleteResources or deleteAll") !=
        std::string::npos);
  settings = settings_with("", {{"INPUT_TYPE", "stacks"}});
  REQUIRE_FALSE(settings);
  CHECK(settings.error().message.find("input 'type' is 'stacks'") != std::string::npos);
  settings = settings_with("    type: stack\n", {{"INPUT_MODE", "Complete"}});
  REQUIRE_FALSE(settings);
  CHECK(settings.error().message.find("input 'mode' is Complete") != std::string::npos);
}
