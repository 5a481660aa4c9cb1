#pragma once
// Which rollback-on-failure a run uses: the input's or the environment's, and never a shared
// input's for production.

#include <string>

#include "routing/config.hpp"
#include "util/result.hpp"

namespace bicepgate::routing {

struct RollbackChoice {
  RollbackPolicy policy;
  std::string source;   // where it came from: "input rollback-on-failure", the config key
  std::string refused;  // why the input was not applied (a production environment), or ""
};

// Pure. The rule:
//  - the input, when given (not empty), overrides the environment's config key, except that
//  - a production environment (`production_reason` not empty: production_reason() of the target
//    with the inputs applied) takes the input only when the
//    step names it with input `environment`: a workflow whose one step serves every routed
//    environment must not roll production back because dev wanted it. Otherwise the input is
//    refused (`refused` says so) and production keeps its own config key;
//  - no input, no key: no rollback.
// An enabled policy at subscription scope is an error: ARM redeploys on error (onErrorDeployment)
// only at resource-group scope, and bicepgate does not imitate it there.
Result<RollbackChoice> choose_rollback(const EnvironmentConfig& target,
                                       const std::string& production_reason,
                                       const std::string& input, bool environment_named);

}  // namespace bicepgate::routing
