#pragma once
// routing/: which environment an event deploys to. config.* loads the YAML that names the
// environments and the ordered routes (or the embedded default); router.* decides.

#include <map>
#include <string>
#include <vector>

#include "util/result.hpp"

namespace bicepgate::routing {

inline constexpr const char* kDefaultConfigPath = ".github/bicepgate.yml";
inline constexpr const char* kEmbeddedConfigName = "<embedded default>";

enum class DeletePolicy { kBlock, kRequireApproval, kAllow };
std::string to_string(DeletePolicy policy);

struct HealthProbe {
  std::string kind;    // "http" or "tcp"
  std::string target;  // URL for http, host:port for tcp
  int expect_status = 200;
  int timeout_seconds = 10;
};

struct EnvironmentConfig {
  std::string name;
  std::string resource_group;
  std::string location;
  std::string template_file;
  std::string parameters_file;
  std::string scope = "resourceGroup";  // or "subscription"
  std::string mode = "Incremental";     // or "Complete"
  bool allow_warnings = false;
  bool production = false;
  DeletePolicy delete_policy = DeletePolicy::kRequireApproval;
  std::vector<HealthProbe> health_probes;
};

struct Route {
  std::vector<std::string> events;  // push, pull_request, workflow_dispatch…
  std::string branch;               // glob over the pushed branch / PR head branch; empty = any
  std::string base;                 // glob over a PR's base branch; empty = any
  std::string environment;
  std::vector<std::string> preview;  // environments to what-if only
  // Pull requests plan (what-if) without deploying unless a route says plan-only: false.
  bool plan_only = false;
  int line = 0;  // where it was declared, for reasons and errors
};

struct Config {
  std::string source;  // file path, or kEmbeddedConfigName
  std::map<std::string, EnvironmentConfig> environments;
  std::vector<Route> routes;
};

// Pure: YAML text in, a validated config out. `source` names the text in errors.
Result<Config> parse_config(const std::string& yaml_text, const std::string& source);
// The built-in routing: develop→dev, PR into main→staging (+prod preview), main→prod.
Config embedded_default_config();
// Reads `path` when it exists; when it is the default path and missing, the embedded default.
Result<Config> load_config(const std::string& path, bool path_was_given);

bool is_pull_request_event(const std::string& event_name);

}  // namespace bicepgate::routing
