#include <catch2/catch.hpp>

#include "routing/config.hpp"

using namespace bicepgate;

namespace {

Result<routing::Config> one_environment(const std::string& settings) {
  return routing::parse_config("environments:\n  dev:\n    resource-group: rg-dev\n" + settings,
                               "stacks.yml");
}

}  // namespace

TEST_CASE("an environment is a deployment unless it says type: stack") {
  auto config = one_environment("");
  REQUIRE(config);
  CHECK_FALSE(config->environments.at("dev").stack.has_value());
  config = one_environment("    type: deployment\n");
  REQUIRE(config);
  CHECK_FALSE(config->environments.at("dev").stack.has_value());
}

TEST_CASE("type: stack takes az's action-on-unmanage and the deny settings") {
  auto config = one_environment(
      "    type: stack\n"
      "    action-on-unmanage: deleteresources\n"
      "    deny-settings-mode: denyWriteAndDelete\n"
      "    deny-settings-excluded-principals: [00000000-0000-0000-0000-000000000001, "
      "00000000-0000-0000-0000-000000000002]\n"
      "    deny-settings-excluded-actions: Microsoft.Resources/tags/write\n"
      "    deny-settings-apply-to-child-scopes: true\n");
  REQUIRE(config);
  const auto& stack = config->environments.at("dev").stack;
  REQUIRE(stack.has_value());
  CHECK(stack->action_on_unmanage == azure::UnmanageAction::kDeleteResources);
  CHECK(stack->deny_mode == azure::DenyMode::kDenyWriteAndDelete);
  CHECK(stack->excluded_principals.size() == 2);
  CHECK(stack->excluded_actions == std::vector<std::string>{"Microsoft.Resources/tags/write"});
  CHECK(stack->apply_to_child_scopes);
}

TEST_CASE("a stack detaches and denies nothing unless its config says so") {
  auto config = one_environment("    type: stack\n");
  REQUIRE(config);
  const auto& stack = config->environments.at("dev").stack;
  REQUIRE(stack.has_value());
  CHECK(stack->action_on_unmanage == azure::UnmanageAction::kDetachAll);
  CHECK(stack->deny_mode == azure::DenyMode::kNone);
  CHECK_FALSE(stack->apply_to_child_scopes);
}

TEST_CASE("action-on-unmanage per kind maps to the one az value that does it") {
  auto config = one_environment(
      "    type: stack\n    action-on-unmanage:\n      resources: delete\n"
      "      resource-groups: delete\n      management-groups: delete\n");
  REQUIRE(config);
  CHECK(config->environments.at("dev").stack->action_on_unmanage ==
        azure::UnmanageAction::kDeleteAll);
  config = one_environment("    type: stack\n    action-on-unmanage:\n      resources: delete\n");
  REQUIRE(config);
  CHECK(config->environments.at("dev").stack->action_on_unmanage ==
        azure::UnmanageAction::kDeleteResources);
}

TEST_CASE("a per-kind action az cannot ask for is refused with the values it can") {
  auto config = one_environment(
      "    type: stack\n    action-on-unmanage:\n      resources: detach\n"
      "      resource-groups: delete\n");
  REQUIRE_FALSE(config);
  CHECK(config.error().message.find("stacks.yml:6") != std::string::npos);
  CHECK(config.error().message.find("action-on-unmanage of environment 'dev'") !=
        std::string::npos);
  CHECK(config.error().message.find("deleteResources") != std::string::npos);
}

TEST_CASE("bad stack values name the key, the environment and what is allowed") {
  auto config = one_environment("    type: stacks\n");
  REQUIRE_FALSE(config);
  CHECK(config.error().message.find("type 'stacks' of environment 'dev' must be deployment or "
                                    "stack") != std::string::npos);
  config = one_environment("    type: stack\n    action-on-unmanage: delete\n");
  REQUIRE_FALSE(config);
  CHECK(config.error().message.find("expected detachAll, deleteResources or deleteAll") !=
        std::string::npos);
  config = one_environment("    type: stack\n    deny-settings-mode: readOnly\n");
  REQUIRE_FALSE(config);
  CHECK(config.error().message.find("deny-settings-mode 'readOnly' of environment 'dev' must be "
                                    "none, denyDelete or denyWriteAndDelete") != std::string::npos);
  config = one_environment("    type: stack\n    deny-settings-excluded-actions: ['a/b c/d']\n");
  REQUIRE_FALSE(config);
  CHECK(config.error().message.find("without spaces") != std::string::npos);
}

TEST_CASE("stack keys without type: stack, and Complete mode with it, are mistakes") {
  auto config = one_environment("    action-on-unmanage: deleteAll\n");
  REQUIRE_FALSE(config);
  CHECK(config.error().message.find("'action-on-unmanage' of environment 'dev' applies to "
                                    "deployment stacks only") != std::string::npos);
  config = one_environment("    type: stack\n    mode: Complete\n");
  REQUIRE_FALSE(config);
  CHECK(config.error().message.find("does not apply to a deployment stack") != std::string::npos);
}

TEST_CASE("more excluded principals than ARM permits is refused with the limit") {
  auto config = one_environment(
      "    type: stack\n    deny-settings-excluded-principals: [a, b, c, d, e, f]\n");
  REQUIRE_FALSE(config);
  CHECK(config.error().message.find("deny-settings-excluded-principals of environment 'dev' has 6 "
                                    "items, at most 5 are permitted") != std::string::npos);
}

TEST_CASE("a stack at management-group or tenant scope is refused naming the scopes it has") {
  auto config = routing::parse_config(
      "environments:\n  platform:\n    scope: tenant\n    location: eastus\n    type: stack\n",
      "stacks.yml");
  REQUIRE_FALSE(config);
  CHECK(config.error().message.find("type: stack of environment 'platform' at scope tenant") !=
        std::string::npos);
  CHECK(config.error().message.find("resourceGroup and subscription scope only") !=
        std::string::npos);
}
