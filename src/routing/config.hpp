#pragma once
// routing/: which environment an event deploys to. config.* loads the YAML that names the
// environments and the ordered routes (or the embedded default); router.* decides.

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "azure/stack.hpp"
#include "util/result.hpp"

namespace bicepgate::routing {

inline constexpr const char* kDefaultConfigPath = ".github/bicepgate.yml";
inline constexpr const char* kEmbeddedConfigName = "<embedded default>";

enum class DeletePolicy { kBlock, kRequireApproval, kAllow };
std::string to_string(DeletePolicy policy);
// Resources the template stopped declaring that Incremental mode leaves running: allowed
// silently, warned about (the default; never stops a run), gated like deletes, or refused.
enum class UnmanagedPolicy { kAllow, kWarn, kApprove, kBlock };
std::string to_string(UnmanagedPolicy policy);
// The names the config and `bicepgate deploy --unmanaged-policy` take, in enum order.
const std::vector<std::string>& unmanaged_policy_names();
// The policy a name means, or nullopt for a name that is none of them.
std::optional<UnmanagedPolicy> unmanaged_policy_named(std::string_view name);

struct HealthProbe {
  std::string kind;    // "http" or "tcp"
  std::string target;  // URL for http, host:port for tcp
  int expect_status = 200;
  int timeout_seconds = 10;
};

// Which Bicep warnings (the compiler's BCP… and the linter's rules) fail lint in an environment.
// Config key warnings-as-errors: true, false, or a list of codes. Default: true for a production
// environment, false elsewhere.
struct WarningsAsErrors {
  bool all = false;
  std::vector<std::string> codes;  // when not all: only these (BCP037, no-unused-params…)
  bool fails(const std::string& code) const;
  bool any() const { return all || !codes.empty(); }
};
// "true", "false", or the codes joined with ", ", as the config would say it.
std::string to_string(const WarningsAsErrors& policy);

// What a failed deployment redeploys (config key and input rollback-on-failure): nothing, ARM's
// last successful deployment in the resource group, or the succeeded deployment of this name.
// ARM redeploys on error (the deployment's onErrorDeployment) at resource-group scope only.
struct RollbackPolicy {
  enum class Kind { kNone, kLastSuccessful, kNamed };
  Kind kind = Kind::kNone;
  std::string deployment;  // kNamed: the deployment to redeploy
  bool enabled() const { return kind != Kind::kNone; }
};
// "false", "last-successful" or the deployment's name, as the config would say it.
std::string to_string(const RollbackPolicy& policy);
// Pure. false, true or last-successful (any case), or a deployment name: letters, digits and
// - _ . ( ), at most 64 characters, as ARM names deployments. `what` names the setting in errors.
Result<RollbackPolicy> parse_rollback_policy(const std::string& value, const std::string& what);

struct EnvironmentConfig {
  std::string name;
  std::string resource_group;
  std::string location;
  std::string template_file;
  std::string parameters_file;
  std::string scope = "resourceGroup";  // or subscription, managementGroup, tenant
  // managementGroup scope: the group's id (`az deployment mg … --management-group-id`).
  std::string management_group;
  std::string mode = "Incremental";  // or "Complete"
  // Production as production_reason() decides; no config key can turn it off.
  bool production = false;
  std::string production_reason;  // why production is true ("" when it is not)
  WarningsAsErrors warnings_as_errors;
  DeletePolicy delete_policy = DeletePolicy::kRequireApproval;
  UnmanagedPolicy unmanaged_policy = UnmanagedPolicy::kWarn;
  std::vector<HealthProbe> health_probes;
  // The environment's own rollback-on-failure; nullopt when its config does not say.
  std::optional<RollbackPolicy> rollback_on_failure;
  // type: stack deploys the environment as a deployment stack with these settings (keys
  // action-on-unmanage and deny-settings-*); nullopt: type: deployment, the default.
  std::optional<azure::StackSettings> stack;
};

struct Route {
  std::vector<std::string> events;  // push, pull_request, workflow_dispatch…
  std::string branch;               // glob over the pushed branch / PR head branch; empty = any
  std::string base;                 // glob over a PR's base branch; empty = any
  // Glob over a pushed tag. A tag matches only routes that name one, and such a route matches
  // only tags: a tag is not a branch, and a route without either is for branches.
  std::string tag;
  std::string environment;
  std::vector<std::string> preview;  // environments to what-if only
  // Pull requests plan (what-if) without deploying unless a route says plan-only: false.
  bool plan_only = false;
  // A drift check of the environment (what-if of its last deployment) instead of a deployment;
  // only on schedule and workflow_dispatch routes.
  bool drift = false;
  int line = 0;  // where it was declared, for reasons and errors
};

struct Config {
  std::string source;  // file path, or kEmbeddedConfigName
  // When the embedded default applies: the workspace-relative path that was looked for.
  std::string looked_for;
  std::map<std::string, EnvironmentConfig> environments;
  std::vector<Route> routes;
};

// Pure: YAML text in, a validated config out. `source` names the text in errors.
Result<Config> parse_config(const std::string& yaml_text, const std::string& source);
// The built-in routing: develop→dev, PR into main→staging (+prod preview), main→prod.
Config embedded_default_config();
// The config a run uses. `config_input` is the input 'config' (or --config), relative to the
// workspace. The runner sets every input a workflow leaves out to its action.yml default, so the
// default path cannot be told from "not given": that path missing means the embedded default
// (with `looked_for` set); any other path missing is an error naming the input.
Result<Config> load_config(const std::filesystem::path& workspace, const std::string& config_input);
// For a config that came from the embedded default: one line saying so and what it routes.
std::string embedded_default_notice(const Config& config);

// Pure. What makes an environment production, whatever else the config says:
//  - its name has the word prod, production or prd, in any case (Prod, prod-eu, eu_PROD, prodEu),
//    words being split at anything but a letter or digit, and where case or letters/digits change;
//  - production: true;
//  - it deploys where a production environment does: the same resource group (Azure compares
//    names without case), or the whole subscription at subscription scope. A run has one
//    subscription (the login's), so every environment of a config shares it, and a
//    subscription-scope deployment can reach any resource group in it.
// Returns why `target` is production ("" when it is not). `target` may be an environment of
// `config`, or one that inputs changed.
std::string production_reason(const Config& config, const EnvironmentConfig& target);
bool is_production_name(const std::string& name);
// The declared environment with this name, compared without case; nullptr when there is none.
const EnvironmentConfig* find_environment(const Config& config, const std::string& name);

}  // namespace bicepgate::routing
