#include "routing/router.hpp"

#include <fnmatch.h>

#include <nlohmann/json.hpp>

#include "util/strings.hpp"

namespace bicepgate::routing {
namespace {

bool glob_matches(const std::string& pattern, const std::string& value) {
  if (pattern.empty()) return true;
  return ::fnmatch(pattern.c_str(), value.c_str(), 0) == 0;
}

std::string describe_event(const github::EventContext& ctx) {
  if (ctx.event_name.empty()) return "no GitHub event (not running in Actions)";
  if (ctx.pull_request && ctx.pull_request->head_unknown) {
    return ctx.event_name + " on pull request #" + std::to_string(ctx.pull_request->number);
  }
  if (ctx.pull_request) {
    return ctx.event_name + " #" + std::to_string(ctx.pull_request->number) + " from '" +
           ctx.pull_request->head_ref + "' into '" + ctx.pull_request->base_ref + "'";
  }
  if (!ctx.branch.empty()) return ctx.event_name + " to branch '" + ctx.branch + "'";
  if (!ctx.tag.empty()) return ctx.event_name + " of tag '" + ctx.tag + "'";
  return ctx.event_name + (ctx.ref.empty() ? "" : " on " + ctx.ref);
}

bool route_matches(const Route& route, const github::EventContext& ctx) {
  if (std::find(route.events.begin(), route.events.end(), ctx.event_name) == route.events.end()) {
    return false;
  }
  if (ctx.pull_request) {
    return glob_matches(route.base, ctx.pull_request->base_ref) &&
           glob_matches(route.branch, ctx.pull_request->head_ref);
  }
  if (!route.base.empty()) return false;  // a base only exists on pull requests
  // A tag is not a branch: it matches only a route that names tags, and nothing else does.
  if (!ctx.tag.empty()) return !route.tag.empty() && glob_matches(route.tag, ctx.tag);
  if (!route.tag.empty()) return false;
  return glob_matches(route.branch, ctx.branch);
}

}  // namespace

RouteDecision decide(const Config& config, const github::EventContext& ctx,
                     const std::string& requested) {
  RouteDecision decision;
  const std::string event = describe_event(ctx);
  if (ctx.pull_request && ctx.pull_request->head_unknown) {
    decision.reason = event +
                      ": its payload does not say which repository the pull request comes from, "
                      "so it is treated as a fork; pull requests from forks never deploy";
    return decision;
  }
  if (ctx.pull_request && ctx.pull_request->from_fork) {
    decision.reason =
        event + " comes from the fork '" +
        (ctx.pull_request->head_repository.empty() ? std::string("(deleted)")
                                                   : ctx.pull_request->head_repository) +
        "'; pull requests from forks never deploy";
    return decision;
  }
  if (!requested.empty()) {
    const auto* found = find_environment(config, requested);
    if (found == nullptr) {
      std::vector<std::string> names;
      for (const auto& [name, _] : config.environments) names.push_back(name);
      decision.rejected = true;
      decision.reason = "input 'environment' is '" + requested + "', which " + config.source +
                        " does not declare (declared: " + util::join(names, ", ") + ")";
      return decision;
    }
    if (ctx.is_pull_request_event() && found->production) {
      decision.rejected = true;
      decision.reason = "input 'environment' asks for production environment '" + found->name +
                        "' (" + found->production_reason + ") on " + event +
                        "; production never deploys from a pull request";
      return decision;
    }
    decision.environment = found->name;
    decision.plan_only = ctx.is_pull_request_event();
    decision.reason = "input 'environment' selects '" + found->name + "' (" + event + ")";
    return decision;
  }
  if (ctx.event_name.empty()) {
    decision.reason =
        "no GitHub event (GITHUB_EVENT_NAME is not set), so nothing is deployed; "
        "inside Actions the runner sets it, on a laptop pass --event-name and --ref";
    return decision;
  }
  for (const auto& route : config.routes) {
    if (!route_matches(route, ctx)) continue;
    decision.environment = route.environment;
    decision.preview = route.preview;
    decision.plan_only = route.plan_only;
    decision.drift = route.drift;
    decision.reason = event + " matches the route at " + config.source + ":" +
                      std::to_string(route.line) + " → " + route.environment;
    // Defence in depth: a config that got this far cannot route a PR to production.
    if (const auto& target = config.environments.at(route.environment);
        ctx.is_pull_request_event() && target.production) {
      decision.environment.reset();
      decision.rejected = true;
      decision.reason = event + " would reach production '" + route.environment + "' (" +
                        target.production_reason + "); refused";
    }
    return decision;
  }
  decision.reason = event + " matches no route in " + config.source + "; nothing is deployed";
  if (!ctx.tag.empty()) decision.reason += " (a tag matches only routes with 'tag:')";
  return decision;
}

nlohmann::json to_json(const RouteDecision& decision, const Config& config,
                       const github::EventContext& ctx) {
  nlohmann::json out;
  out["environment"] =
      decision.environment ? nlohmann::json(*decision.environment) : nlohmann::json();
  out["reason"] = decision.reason;
  out["preview"] = decision.preview;
  out["rejected"] = decision.rejected;
  out["plan_only"] = decision.plan_only;
  out["drift"] = decision.drift;
  out["config"] = config.source;
  out["event"] = ctx.event_name;
  out["ref"] = ctx.ref;
  out["sha"] = ctx.sha;
  if (ctx.pull_request) {
    out["pull_request"] = {{"number", ctx.pull_request->number},
                           {"head", ctx.pull_request->head_ref},
                           {"base", ctx.pull_request->base_ref},
                           {"from_fork", ctx.pull_request->from_fork}};
  }
  if (decision.environment) {
    const auto& env = config.environments.at(*decision.environment);
    out["target"] = {{"resource_group", env.resource_group},
                     {"location", env.location},
                     {"template", env.template_file},
                     {"parameters", env.parameters_file},
                     {"scope", env.scope},
                     {"production", env.production},
                     {"delete_policy", to_string(env.delete_policy)},
                     {"unmanaged_policy", to_string(env.unmanaged_policy)},
                     {"warnings_as_errors", env.warnings_as_errors.all ? nlohmann::json(true)
                                            : env.warnings_as_errors.codes.empty()
                                                ? nlohmann::json(false)
                                                : nlohmann::json(env.warnings_as_errors.codes)}};
  }
  return out;
}

}  // namespace bicepgate::routing
