#include "routing/rollback.hpp"

namespace bicepgate::routing {
namespace {

RollbackChoice from_config(const EnvironmentConfig& target) {
  if (!target.rollback_on_failure) return {};
  return {*target.rollback_on_failure,
          "rollback-on-failure of environment '" + target.name + "' in the config", ""};
}

}  // namespace

Result<RollbackChoice> choose_rollback(const EnvironmentConfig& target,
                                       const std::string& production_reason,
                                       const std::string& input, bool environment_named) {
  RollbackChoice choice = from_config(target);
  if (!input.empty()) {
    auto policy = parse_rollback_policy(input, "input 'rollback-on-failure'");
    if (!policy) return fail(policy.error());
    if (production_reason.empty() || environment_named || !policy->enabled()) {
      choice = {*policy, "input rollback-on-failure", ""};
    } else {
      choice.refused = "input rollback-on-failure: " + input +
                       " is not applied to production environment '" + target.name + "' (" +
                       production_reason +
                       "): set rollback-on-failure in its config, or name it with input "
                       "environment in the step that sets the input";
    }
  }
  if (choice.policy.enabled() && target.scope != "resourceGroup") {
    return fail("rollback-on-failure (" + choice.source + ") is " + to_string(choice.policy) +
                    ", but environment '" + target.name + "' deploys at " + target.scope +
                    " scope: ARM redeploys a deployment on error only "
                    "at resource-group scope; set it to false there",
                "config.rollback");
  }
  return choice;
}

}  // namespace bicepgate::routing
