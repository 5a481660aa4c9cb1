#pragma once
// The routing decision: which environment this event deploys to, and why.

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "github/event_context.hpp"
#include "routing/config.hpp"

namespace bicepgate::routing {

struct RouteDecision {
  std::optional<std::string> environment;  // nullopt: nothing deploys
  std::string reason;
  std::vector<std::string> preview;  // what-if only
  bool plan_only = false;            // what-if the environment, do not deploy
  bool drift = false;                // check the environment for drift, do not deploy
  bool rejected = false;             // an explicit request that the rules refuse
};

// Pure. `requested` is the `environment` input (empty when not given).
RouteDecision decide(const Config& config, const github::EventContext& ctx,
                     const std::string& requested = {});

nlohmann::json to_json(const RouteDecision& decision, const Config& config,
                       const github::EventContext& ctx);

}  // namespace bicepgate::routing
