#include "routing/config.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>
#include <tuple>

#include "azure/scope.hpp"
#include "azure/stack_limits.hpp"
#include "github/event_context.hpp"
#include "util/strings.hpp"
#include "util/yaml.hpp"

namespace bicepgate::routing {
namespace {

constexpr const char* kEmbeddedYaml =
    R"(# The routing bicepgate uses when the repository has no .github/bicepgate.yml.
environments:
  dev:
    resource-group: rg-aos-dev
    location: eastus
    template: bicep/main.bicep
    parameters: bicep/parameters/dev.parameters.json
    delete-policy: allow
  staging:
    resource-group: rg-aos-staging
    location: eastus
    template: bicep/main.bicep
    parameters: bicep/parameters/staging.parameters.json
    delete-policy: require-approval
  prod:
    resource-group: rg-aos-prod
    location: eastus
    template: bicep/main.bicep
    parameters: bicep/parameters/prod.parameters.json
    delete-policy: require-approval
    production: true
routes:
  - event: push
    branch: develop
    environment: dev
  - event: pull_request
    base: main
    environment: staging
    preview: [prod]
  - event: push
    branch: main
    environment: prod
)";

const std::vector<std::string> kTopKeys = {"environments", "routes"};
const std::vector<std::string> kEnvironmentKeys = {"resource-group",
                                                   "management-group",
                                                   "location",
                                                   "template",
                                                   "parameters",
                                                   "scope",
                                                   "mode",
                                                   "allow-warnings",
                                                   "delete-policy",
                                                   "unmanaged-policy",
                                                   "production",
                                                   "warnings-as-errors",
                                                   "health-probes",
                                                   "rollback-on-failure",
                                                   "type",
                                                   "action-on-unmanage",
                                                   "deny-settings-mode",
                                                   "deny-settings-excluded-principals",
                                                   "deny-settings-excluded-actions",
                                                   "deny-settings-apply-to-child-scopes"};
// The keys that only a stack reads (type: stack).
const std::vector<std::string> kStackKeys = {
    "action-on-unmanage", "deny-settings-mode", "deny-settings-excluded-principals",
    "deny-settings-excluded-actions", "deny-settings-apply-to-child-scopes"};
// action-on-unmanage as a map: each kind deleted or detached (ARM's actionOnUnmanage).
const std::vector<std::string> kUnmanageKinds = {"resources", "resource-groups",
                                                 "management-groups"};
// In the order of DeletePolicy and UnmanagedPolicy, so a position is the value.
const std::vector<std::string> kDeletePolicies = {"block", "require-approval", "allow"};
const std::vector<std::string> kUnmanagedPolicies = {"allow", "warn", "approve", "block"};
const std::vector<std::string> kRouteKeys = {"event",       "branch",  "tag",       "base",
                                             "environment", "preview", "plan-only", "drift"};
const std::vector<std::string> kProbeKeys = {"http", "tcp", "expect-status", "timeout-seconds"};
// The events that start a workflow, from GitHub's "Events that trigger workflows"
// (docs.github.com/actions/reference/workflows-and-actions/events-that-trigger-workflows).
// workflow_call is left out: a called workflow sees its caller's event, so it never matches.
const std::vector<std::string> kKnownEvents = {"branch_protection_rule",
                                               "check_run",
                                               "check_suite",
                                               "create",
                                               "delete",
                                               "deployment",
                                               "deployment_status",
                                               "discussion",
                                               "discussion_comment",
                                               "fork",
                                               "gollum",
                                               "image_version",
                                               "issue_comment",
                                               "issues",
                                               "label",
                                               "merge_group",
                                               "milestone",
                                               "page_build",
                                               "project",
                                               "project_card",
                                               "project_column",
                                               "public",
                                               "pull_request",
                                               "pull_request_review",
                                               "pull_request_review_comment",
                                               "pull_request_target",
                                               "push",
                                               "registry_package",
                                               "release",
                                               "repository_dispatch",
                                               "schedule",
                                               "status",
                                               "watch",
                                               "workflow_dispatch",
                                               "workflow_run"};
// Words of an environment's name that make it production (see is_production_name).
const std::vector<std::string> kProductionWords = {"prod", "production", "prd"};

bool same_name(const std::string& a, const std::string& b) {
  return util::to_lower(a) == util::to_lower(b);
}

using Reader = util::YamlReader;

Result<HealthProbe> parse_probe(const Reader& r, const YAML::Node& node, const std::string& env) {
  if (auto ok = r.expect(node, YAML::NodeType::Map, "a health probe of '" + env + "'"); !ok)
    return fail(ok.error());
  if (auto ok = r.check_keys(node, kProbeKeys, "a health probe of '" + env + "'"); !ok)
    return fail(ok.error());
  HealthProbe probe;
  if (node["http"] && node["tcp"])
    return r.error_at(node, "a health probe is either 'http' or 'tcp', not both");
  if (node["http"]) {
    probe.kind = "http";
    auto url = r.scalar(node["http"], "http");
    if (!url) return fail(url.error());
    if (!util::starts_with(*url, "http://") && !util::starts_with(*url, "https://")) {
      return r.error_at(node["http"],
                        "http probe '" + *url + "' must be an http:// or https:// URL");
    }
    probe.target = *url;
  } else if (node["tcp"]) {
    probe.kind = "tcp";
    auto target = r.scalar(node["tcp"], "tcp");
    if (!target) return fail(target.error());
    if (target->rfind(':') == std::string::npos) {
      return r.error_at(node["tcp"], "tcp probe '" + *target + "' must be host:port");
    }
    probe.target = *target;
  } else {
    return r.error_at(node, "a health probe needs 'http: URL' or 'tcp: host:port'");
  }
  if (node["expect-status"]) {
    auto status = r.integer(node["expect-status"], "expect-status", 100, 599);
    if (!status) return fail(status.error());
    probe.expect_status = *status;
  }
  if (node["timeout-seconds"]) {
    auto timeout = r.integer(node["timeout-seconds"], "timeout-seconds", 1, 600);
    if (!timeout) return fail(timeout.error());
    probe.timeout_seconds = *timeout;
  }
  return probe;
}

// true, false, or a list of diagnostic codes.
Result<WarningsAsErrors> parse_warnings_as_errors(const Reader& r, const YAML::Node& node,
                                                  const std::string& env) {
  const std::string what = "warnings-as-errors of environment '" + env + "'";
  WarningsAsErrors policy;
  if (node.IsScalar()) {
    auto value = r.boolean(node, what);
    if (!value) {
      return r.error_at(node, what + " is '" + node.as<std::string>() +
                                  "', expected true, false or a list of warning codes such as "
                                  "[BCP037, BCP081, no-unused-params]");
    }
    policy.all = *value;
    return policy;
  }
  if (!node.IsSequence()) {
    return r.error_at(node, what + " must be true, false or a list of warning codes");
  }
  for (const auto& item : node) {
    auto code = r.scalar(item, what);
    if (!code) return fail(code.error());
    if (code->empty() || code->find_first_of(" \t,") != std::string::npos) {
      return r.error_at(item, what + " has '" + *code +
                                  "', expected one warning code per item (BCP037, "
                                  "no-unused-params…)");
    }
    policy.codes.push_back(*code);
  }
  return policy;
}

// type: stack and its keys. action-on-unmanage is az's value (detachAll, deleteResources,
// deleteAll) or a map of the kinds to delete or detach; deny-settings-* are az's --deny-settings-*.
Result<std::optional<azure::StackSettings>> parse_stack_settings(const Reader& r,
                                                                 const YAML::Node& node,
                                                                 const std::string& env) {
  const std::string of = " of environment '" + env + "'";
  std::string type = "deployment";
  if (node["type"]) {
    auto value = r.scalar(node["type"], "type");
    if (!value) return fail(value.error());
    type = *value;
    if (type != "deployment" && type != "stack") {
      return r.error_at(node["type"], "type '" + type + "'" + of +
                                          " must be deployment or stack (a deployment stack, "
                                          "az stack)");
    }
  }
  if (type != "stack") {
    for (const auto& key : kStackKeys) {
      if (node[key]) {
        return r.error_at(node[key], "'" + key + "'" + of +
                                         " applies to deployment stacks only; add 'type: stack' "
                                         "or drop the key");
      }
    }
    return std::optional<azure::StackSettings>{};
  }
  azure::StackSettings stack;
  if (const auto& at = node["action-on-unmanage"]; at) {
    const std::string what = "action-on-unmanage" + of;
    if (at.IsMap()) {
      if (auto ok = r.check_keys(at, kUnmanageKinds, what); !ok) return fail(ok.error());
      std::string words[3];
      for (std::size_t i = 0; i < 3; ++i) {
        auto word = r.scalar_or(at, kUnmanageKinds[i], "detach");
        if (!word) return fail(word.error());
        words[i] = *word;
      }
      auto action = azure::unmanage_action_of(words[0], words[1], words[2], what);
      if (!action) return r.error_at(at, action.error().message);
      stack.action_on_unmanage = *action;
    } else {
      auto value = r.scalar(at, "action-on-unmanage");
      if (!value) return fail(value.error());
      auto action = azure::unmanage_action_named(*value);
      if (!action) {
        return r.error_at(at, what + " is '" + *value +
                                  "', expected detachAll, deleteResources or deleteAll, or a map "
                                  "of resources, resource-groups and management-groups to "
                                  "delete or detach");
      }
      stack.action_on_unmanage = *action;
    }
  }
  if (const auto& at = node["deny-settings-mode"]; at) {
    auto value = r.scalar(at, "deny-settings-mode");
    if (!value) return fail(value.error());
    auto mode = azure::deny_mode_named(*value);
    if (!mode) {
      return r.error_at(at, "deny-settings-mode '" + *value + "'" + of +
                                " must be none, denyDelete or denyWriteAndDelete");
    }
    stack.deny_mode = *mode;
  }
  for (auto [key, into, most] :
       {std::tuple{"deny-settings-excluded-principals", &stack.excluded_principals,
                   azure::kMaxExcludedPrincipals},
        std::tuple{"deny-settings-excluded-actions", &stack.excluded_actions,
                   azure::kMaxExcludedActions}}) {
    if (!node[key]) continue;
    auto items = r.values(node[key], key);
    if (!items) return fail(items.error());
    if (items->size() > most) {
      return r.error_at(node[key], std::string(key) + of + " has " + std::to_string(items->size()) +
                                       " items, at most " + std::to_string(most) +
                                       " are permitted (ARM's limit)");
    }
    for (const auto& item : *items) {
      // az splits each of these on spaces: an item with one would become two.
      if (item.empty() || item.find_first_of(" \t") != std::string::npos) {
        return r.error_at(node[key], std::string(key) + of + " has '" + item +
                                         "', expected one principal id or action per item, "
                                         "without spaces");
      }
    }
    *into = *items;
  }
  if (node["deny-settings-apply-to-child-scopes"]) {
    auto value = r.boolean(node["deny-settings-apply-to-child-scopes"],
                           "deny-settings-apply-to-child-scopes");
    if (!value) return fail(value.error());
    stack.apply_to_child_scopes = *value;
  }
  return std::optional<azure::StackSettings>{stack};
}

Result<EnvironmentConfig> parse_environment(const Reader& r, const std::string& name,
                                            const YAML::Node& node) {
  if (auto ok = r.expect(node, YAML::NodeType::Map, "environment '" + name + "'"); !ok)
    return fail(ok.error());
  if (auto ok = r.check_keys(node, kEnvironmentKeys, "environment '" + name + "'"); !ok) {
    return fail(ok.error());
  }
  EnvironmentConfig env;
  env.name = name;
  env.production = is_production_name(name);
  if (env.production) env.production_reason = "its name '" + name + "' says production";
  auto text = [&](const char* key, std::string& into) -> Status {
    if (!node[key]) return {};
    auto value = r.scalar(node[key], std::string(key));
    if (!value) return fail(value.error());
    into = *value;
    return {};
  };
  for (auto [key, into] :
       {std::pair{"resource-group", &env.resource_group}, std::pair{"location", &env.location},
        std::pair{"template", &env.template_file}, std::pair{"parameters", &env.parameters_file},
        std::pair{"scope", &env.scope}, std::pair{"mode", &env.mode},
        std::pair{"management-group", &env.management_group}}) {
    if (auto ok = text(key, *into); !ok) return fail(ok.error());
  }
  if (!azure::is_scope(env.scope)) {
    return r.error_at(node["scope"], "scope '" + env.scope + "' of environment '" + name +
                                         "' must be " + azure::scope_choices());
  }
  if (env.mode != "Incremental" && env.mode != "Complete") {
    return r.error_at(node["mode"], "mode '" + env.mode + "' of environment '" + name +
                                        "' must be Incremental or Complete");
  }
  if (env.scope == "resourceGroup" && env.resource_group.empty()) {
    return r.error_at(node, "environment '" + name + "' needs 'resource-group'");
  }
  if (env.scope == "managementGroup" && env.management_group.empty()) {
    return r.error_at(node, "environment '" + name +
                                "' needs 'management-group' (the management group's id) at "
                                "scope managementGroup");
  }
  // Complete mode exists at resource-group scope only; ARM would refuse it after what-if.
  if (env.mode == "Complete" && !azure::has_mode(env.scope)) {
    return r.error_at(node["mode"], "mode Complete of environment '" + name +
                                        "' needs scope resourceGroup: ARM has no Complete mode "
                                        "at " +
                                        env.scope + " scope");
  }
  if (node["production"]) {
    auto value = r.boolean(node["production"], "production");
    if (!value) return fail(value.error());
    // The name decides first; the key can only add to it, and saying otherwise is a mistake
    // worth stopping for rather than a setting to ignore.
    if (env.production && !*value) {
      return r.error_at(node["production"],
                        "environment '" + name + "' has 'production: false', but " +
                            env.production_reason +
                            " (prod, production or prd as a word of the name, in "
                            "any case); rename it or drop the key");
    }
    if (*value && !env.production) {
      env.production = true;
      env.production_reason = "it says 'production: true'";
    }
  }
  // A warning that breaks a deployment (an unknown property inside `properties:` is only BCP037
  // as a warning) must not reach production unnoticed; elsewhere warnings are annotated only.
  env.warnings_as_errors.all = env.production;
  if (node["warnings-as-errors"] && node["allow-warnings"]) {
    return r.error_at(
        node["allow-warnings"],
        "environment '" + name +
            "' sets both 'warnings-as-errors' and 'allow-warnings'; keep "
            "'warnings-as-errors' (allow-warnings: true is warnings-as-errors: false)");
  }
  if (const auto& value = node["warnings-as-errors"]; value) {
    auto policy = parse_warnings_as_errors(r, value, name);
    if (!policy) return fail(policy.error());
    env.warnings_as_errors = std::move(*policy);
  }
  if (node["allow-warnings"]) {
    // The older key, its inverse; kept so existing configs mean what they meant.
    auto value = r.boolean(node["allow-warnings"], "allow-warnings");
    if (!value) return fail(value.error());
    env.warnings_as_errors = WarningsAsErrors{!*value, {}};
  }
  if (const auto& at = node["delete-policy"]; at) {
    auto value = r.scalar(at, "delete-policy");
    if (!value) return fail(value.error());
    auto found = std::find(kDeletePolicies.begin(), kDeletePolicies.end(), *value);
    if (found == kDeletePolicies.end()) {
      auto guess = util::closest(*value, kDeletePolicies);
      return r.error_at(at, "delete-policy '" + *value + "' of environment '" + name +
                                "' must be block, require-approval or allow" +
                                (guess.empty() ? "" : " (did you mean '" + guess + "'?)"));
    }
    env.delete_policy = static_cast<DeletePolicy>(std::distance(kDeletePolicies.begin(), found));
  }
  if (const auto& at = node["unmanaged-policy"]; at) {
    auto value = r.scalar(at, "unmanaged-policy");
    if (!value) return fail(value.error());
    auto policy = unmanaged_policy_named(*value);
    if (!policy) {
      auto guess = util::closest(*value, kUnmanagedPolicies);
      return r.error_at(at, "unmanaged-policy '" + *value + "' of environment '" + name +
                                "' must be allow, warn, approve or block" +
                                (guess.empty() ? "" : " (did you mean '" + guess + "'?)"));
    }
    env.unmanaged_policy = *policy;
  }
  if (const auto& at = node["rollback-on-failure"]; at) {
    auto value = r.scalar(at, "rollback-on-failure");
    if (!value) return fail(value.error());
    auto policy =
        parse_rollback_policy(*value, "rollback-on-failure of environment '" + name + "'");
    if (!policy) return r.error_at(at, policy.error().message);
    if (policy->enabled() && env.scope != "resourceGroup") {
      return r.error_at(at, "rollback-on-failure of environment '" + name +
                                "' needs scope resourceGroup: ARM redeploys a deployment on "
                                "error only at resource-group scope; drop the key or set it "
                                "to false");
    }
    env.rollback_on_failure = *policy;
  }
  auto stack = parse_stack_settings(r, node, name);
  if (!stack) return fail(stack.error());
  env.stack = *stack;
  // ARM has stacks at resource-group, subscription and management-group scope
  // (Microsoft.Resources/deploymentStacks@2024-03-01, valid scopes), none at tenant scope;
  // bicepgate deploys them at the first two.
  if (env.stack && env.scope != "resourceGroup" && env.scope != "subscription") {
    return r.error_at(node["scope"], "type: stack of environment '" + name + "' at scope " +
                                         env.scope +
                                         ": bicepgate deploys stacks at resourceGroup and "
                                         "subscription scope only");
  }
  if (env.stack && env.mode == "Complete") {
    return r.error_at(node["mode"], "mode Complete of environment '" + name +
                                        "' does not apply to a deployment stack (type: stack): "
                                        "what the template drops is deleted or detached as "
                                        "'action-on-unmanage' says; drop 'mode'");
  }
  if (env.stack && env.rollback_on_failure && env.rollback_on_failure->enabled()) {
    return r.error_at(node["rollback-on-failure"],
                      "rollback-on-failure of environment '" + name +
                          "' does not apply to a deployment stack (type: stack): a stack has no "
                          "redeploy on error; drop the key or set it to false");
  }
  if (node["health-probes"]) {
    if (auto ok = r.expect(node["health-probes"], YAML::NodeType::Sequence, "health-probes"); !ok)
      return fail(ok.error());
    for (const auto& item : node["health-probes"]) {
      auto probe = parse_probe(r, item, name);
      if (!probe) return fail(probe.error());
      env.health_probes.push_back(*probe);
    }
  }
  return env;
}

Result<Route> parse_route(const Reader& r, const YAML::Node& node, const Config& config) {
  if (auto ok = r.expect(node, YAML::NodeType::Map, "each route"); !ok) return fail(ok.error());
  if (auto ok = r.check_keys(node, kRouteKeys, "a route"); !ok) return fail(ok.error());
  Route route;
  route.line = node.Mark().line + 1;
  if (!node["event"]) return r.error_at(node, "a route needs 'event' (push, pull_request, …)");
  auto events = r.values(node["event"], "event");
  if (!events) return fail(events.error());
  route.events = *events;
  for (std::size_t i = 0; i < route.events.size(); ++i) {
    const auto& event = route.events[i];
    if (std::find(kKnownEvents.begin(), kKnownEvents.end(), event) != kKnownEvents.end()) continue;
    const YAML::Node at = node["event"].IsSequence() ? node["event"][i] : node["event"];
    if (event == "pull_request_comment") {
      return r.error_at(at,
                        "unknown event 'pull_request_comment' in a route: a comment on a pull "
                        "request arrives as 'issue_comment'");
    }
    std::string message = "unknown event '" + event + "' in a route";
    if (auto guess = util::closest(event, kKnownEvents); !guess.empty()) {
      message += " (did you mean '" + guess + "'?)";
    } else {
      message +=
          " (expected a GitHub Actions event such as push, pull_request, "
          "workflow_dispatch, release)";
    }
    return r.error_at(at, message);
  }
  for (auto [key, into] : {std::pair{"branch", &route.branch}, std::pair{"base", &route.base},
                           std::pair{"tag", &route.tag}}) {
    if (!node[key]) continue;
    auto value = r.scalar(node[key], key);
    if (!value) return fail(value.error());
    *into = *value;
  }
  bool from_pr =
      std::any_of(route.events.begin(), route.events.end(), github::is_pull_request_like);
  if (!route.tag.empty()) {
    if (!route.branch.empty() || !route.base.empty()) {
      return r.error_at(node["tag"], "a route has 'tag' and '" +
                                         std::string(route.branch.empty() ? "base" : "branch") +
                                         "'; a ref is a tag or a branch, so give one route each");
    }
    if (from_pr) {
      return r.error_at(node["tag"],
                        "a route for pull-request events has 'tag', but a pull request is never "
                        "a tag; match its branches with 'branch' and 'base'");
    }
  }
  auto named = r.required(node, "environment", "a route");
  if (!named) return fail(named.error());
  auto env = r.scalar(*named, "environment");
  if (!env) return fail(env.error());
  route.environment = *env;
  std::vector<std::string> names;
  for (const auto& [name, _] : config.environments) names.push_back(name);
  auto known = [&](const std::string& name, const YAML::Node& at) -> Status {
    if (config.environments.count(name) != 0) return {};
    auto guess = util::closest(name, names);
    return r.error_at(at, "route names environment '" + name + "', which is not declared" +
                              (guess.empty() ? "" : " (did you mean '" + guess + "'?)"));
  };
  if (auto ok = known(route.environment, node["environment"]); !ok) return fail(ok.error());
  if (node["preview"]) {
    auto preview = r.values(node["preview"], "preview");
    if (!preview) return fail(preview.error());
    for (const auto& name : *preview) {
      if (auto ok = known(name, node["preview"]); !ok) return fail(ok.error());
    }
    route.preview = *preview;
  }
  route.plan_only = from_pr;
  if (node["plan-only"]) {
    auto value = r.boolean(node["plan-only"], "plan-only");
    if (!value) return fail(value.error());
    route.plan_only = *value;
  }
  if (node["drift"]) {
    auto value = r.boolean(node["drift"], "drift");
    if (!value) return fail(value.error());
    route.drift = *value;
    // A drift check runs on a clock or by hand; the events that carry a change deploy it.
    const bool timed = std::all_of(route.events.begin(), route.events.end(), [](const auto& e) {
      return e == "schedule" || e == "workflow_dispatch";
    });
    if (route.drift && !timed) {
      return r.error_at(node["drift"],
                        "a route with 'drift: true' is for the events schedule and "
                        "workflow_dispatch only; give the other events a route of their own");
    }
  }
  if (const auto& target = config.environments.at(route.environment);
      from_pr && target.production) {
    return r.error_at(node["environment"],
                      "a pull-request route deploys to the production environment '" +
                          route.environment + "' (" + target.production_reason +
                          "); production never deploys from a pull request (use 'preview: [" +
                          route.environment + "]' to show its what-if instead)");
  }
  return route;
}

}  // namespace

std::string to_string(DeletePolicy policy) {
  switch (policy) {
    case DeletePolicy::kBlock: return "block";
    case DeletePolicy::kAllow: return "allow";
    case DeletePolicy::kRequireApproval: break;
  }
  return "require-approval";
}

const std::vector<std::string>& unmanaged_policy_names() {
  return kUnmanagedPolicies;
}

std::optional<UnmanagedPolicy> unmanaged_policy_named(std::string_view name) {
  auto found = std::find(kUnmanagedPolicies.begin(), kUnmanagedPolicies.end(), name);
  if (found == kUnmanagedPolicies.end()) return std::nullopt;
  return static_cast<UnmanagedPolicy>(std::distance(kUnmanagedPolicies.begin(), found));
}

std::string to_string(UnmanagedPolicy policy) {
  return kUnmanagedPolicies.at(static_cast<std::size_t>(policy));
}

bool WarningsAsErrors::fails(const std::string& code) const {
  if (all) return true;
  // Bicep prints BCP codes upper-case and linter rules lower-case; people write either.
  return std::any_of(codes.begin(), codes.end(), [&](const std::string& listed) {
    return util::to_lower(listed) == util::to_lower(code);
  });
}

std::string to_string(const WarningsAsErrors& policy) {
  if (policy.all) return "true";
  if (policy.codes.empty()) return "false";
  return util::join(policy.codes, ", ");
}

std::string to_string(const RollbackPolicy& policy) {
  switch (policy.kind) {
    case RollbackPolicy::Kind::kNone: return "false";
    case RollbackPolicy::Kind::kLastSuccessful: return "last-successful";
    case RollbackPolicy::Kind::kNamed: return policy.deployment;
  }
  return "false";
}

Result<RollbackPolicy> parse_rollback_policy(const std::string& value, const std::string& what) {
  const auto lowered = util::to_lower(util::trim(value));
  if (lowered == "false") return RollbackPolicy{};
  if (lowered == "true" || lowered == "last-successful")
    return RollbackPolicy{RollbackPolicy::Kind::kLastSuccessful, ""};
  // ARM's deployment names: at most 64 of letters, digits and - _ . ( ).
  auto allowed = [](unsigned char c) {
    return std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '(' || c == ')';
  };
  if (value.empty() || value.size() > 64 || !std::all_of(value.begin(), value.end(), allowed)) {
    return fail(what + " is '" + value +
                "', expected false, true, last-successful, or the name of a deployment to "
                "redeploy (letters, digits, - _ . ( ), at most 64 characters)");
  }
  return RollbackPolicy{RollbackPolicy::Kind::kNamed, value};
}

bool is_production_name(const std::string& name) {
  // Words: runs of letters or of digits, split where a lower-case letter meets an upper-case one.
  std::vector<std::string> words(1);
  auto kind = [](unsigned char c) { return std::isalpha(c) ? 1 : std::isdigit(c) ? 2 : 0; };
  for (std::size_t i = 0; i < name.size(); ++i) {
    const auto c = static_cast<unsigned char>(name[i]);
    const auto previous = i == 0 ? 0 : static_cast<unsigned char>(name[i - 1]);
    const bool breaks = kind(c) == 0 || (i > 0 && kind(c) != kind(previous)) ||
                        (std::islower(previous) && std::isupper(c));
    if (breaks && !words.back().empty()) words.emplace_back();
    if (kind(c) != 0) words.back() += static_cast<char>(std::tolower(c));
  }
  return std::any_of(words.begin(), words.end(), [](const std::string& word) {
    return std::find(kProductionWords.begin(), kProductionWords.end(), word) !=
           kProductionWords.end();
  });
}

std::string production_reason(const Config& config, const EnvironmentConfig& target) {
  if (target.production) {
    return target.production_reason.empty() ? "it is production" : target.production_reason;
  }
  if (is_production_name(target.name)) return "its name '" + target.name + "' says production";
  for (const auto& [name, env] : config.environments) {
    if (!env.production) continue;
    if (target.scope == "subscription") {
      return "it deploys at subscription scope, which reaches the resource groups of production "
             "environment '" +
             name + "' (a run has one subscription)";
    }
    if (target.scope == "tenant") {
      return "it deploys at tenant scope, which reaches every subscription, that of production "
             "environment '" +
             name + "' too";
    }
    // A management group holds subscriptions whose hierarchy the config does not say; two
    // environments at the same group (Azure compares ids without case) reach the same ones.
    if (target.scope == "managementGroup" && env.scope == "managementGroup" &&
        same_name(env.management_group, target.management_group)) {
      return "it deploys to management group '" + target.management_group +
             "', which production environment '" + name + "' uses";
    }
    // Azure compares resource group names without case (learn.microsoft.com, "Naming rules and
    // restrictions for Azure resources": always compare names case-insensitively).
    if (!env.resource_group.empty() && same_name(env.resource_group, target.resource_group)) {
      return "it deploys to resource group '" + target.resource_group +
             "', which production environment '" + name + "' uses";
    }
  }
  return {};
}

const EnvironmentConfig* find_environment(const Config& config, const std::string& name) {
  for (const auto& [declared, env] : config.environments) {
    if (same_name(declared, name)) return &env;
  }
  return nullptr;
}

static Result<Config> parse_config_checked(const std::string& yaml_text,
                                           const std::string& source) {
  const Reader r(source, "config");
  auto document =
      r.document(yaml_text, YAML::NodeType::Map, "a map with 'environments' and 'routes'");
  if (!document) return fail(document.error());
  const YAML::Node& root = *document;
  if (auto ok = r.check_keys(root, kTopKeys, "the top level"); !ok) return fail(ok.error());
  Config config;
  config.source = source;
  if (!root["environments"] || !root["environments"].IsMap() || root["environments"].size() == 0) {
    return r.error_at(root,
                      "'environments' must map at least one environment name to its settings");
  }
  for (auto it = root["environments"].begin(); it != root["environments"].end(); ++it) {
    auto name = it->first.as<std::string>();
    // GitHub's environment names and Azure's resource groups ignore case; so do we.
    if (const auto* twin = find_environment(config, name)) {
      return r.error_at(it->first, "environments '" + twin->name + "' and '" + name +
                                       "' differ only in case; give them different names");
    }
    auto env = parse_environment(r, name, it->second);
    if (!env) return fail(env.error());
    config.environments.emplace(name, std::move(*env));
  }
  // Then what deploys where production does is production too: one pass over the
  // environments that are production by name or key, so that it cannot chain on.
  std::vector<std::pair<std::string, std::string>> shares;
  for (const auto& [name, env] : config.environments) {
    if (env.production) continue;
    if (auto why = production_reason(config, env); !why.empty()) shares.emplace_back(name, why);
  }
  for (const auto& [name, why] : shares) {
    const auto& declared = root["environments"][name]["production"];
    if (declared && declared.IsScalar() && declared.as<std::string>() != "true" &&
        declared.as<std::string>() != "True" && declared.as<std::string>() != "TRUE") {
      return r.error_at(declared, "environment '" + name + "' has 'production: false', but " + why +
                                      "; give it its own resource group or drop the key");
    }
    config.environments.at(name).production = true;
    config.environments.at(name).production_reason = why;
  }
  if (root["routes"]) {
    if (auto ok = r.expect(root["routes"], YAML::NodeType::Sequence, "'routes'"); !ok)
      return fail(ok.error());
    for (const auto& node : root["routes"]) {
      auto route = parse_route(r, node, config);
      if (!route) return fail(route.error());
      config.routes.push_back(std::move(*route));
    }
  }
  return config;
}

Config embedded_default_config() {
  auto config = parse_config(kEmbeddedYaml, kEmbeddedConfigName);
  // The embedded text is ours and covered by tests; failing here is a programming error.
  if (!config)
    throw std::logic_error("embedded default config is invalid: " + config.error().message);
  return *config;
}

Result<Config> load_config(const std::filesystem::path& workspace,
                           const std::string& config_input) {
  const std::filesystem::path asked =
      std::filesystem::path(config_input.empty() ? kDefaultConfigPath : config_input)
          .lexically_normal();
  const bool is_default = asked == std::filesystem::path(kDefaultConfigPath);
  const auto path = asked.is_absolute() ? asked : workspace / asked;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    if (is_default) {
      auto config = embedded_default_config();
      config.looked_for = asked.generic_string();
      return config;
    }
    return fail("config file " + asked.generic_string() + " (input 'config') does not exist in " +
                    workspace.string() +
                    ": expected a YAML file of environments and routes, relative to the "
                    "workspace; leave the input out to read " +
                    kDefaultConfigPath + ", or the embedded default routing when that is missing",
                "config.missing");
  }
  auto text = util::YamlReader::read_file(path, "config");
  if (!text) return fail(text.error());
  return parse_config(*text, asked.generic_string());
}

std::string embedded_default_notice(const Config& config) {
  return "no config file at " +
         (config.looked_for.empty() ? kDefaultConfigPath : config.looked_for) +
         "; using the embedded default routing: push to develop deploys dev, a pull request "
         "into main deploys staging (with a what-if of prod), push to main deploys prod";
}

Result<Config> parse_config(const std::string& yaml_text, const std::string& source) {
  const util::YamlReader reader(source, "config");
  return reader.guard([&] { return parse_config_checked(yaml_text, source); });
}

}  // namespace bicepgate::routing
