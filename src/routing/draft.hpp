#pragma once
// A first config for a repository bicepgate has not seen (bicepgate init): which templates are
// entry points, which parameter files belong to which environment, and routes that deploy
// only from pushes, production only from the main branch.

#include <string>
#include <vector>

namespace bicepgate::routing {

struct BicepSource {
  std::string path;  // workspace-relative, '/' separators
  std::string text;
};

struct DraftEnvironment {
  std::string name;             // dev, staging, prod…
  std::string parameters_file;  // workspace-relative, may be empty
};

struct Draft {
  std::string template_file;                      // the entry template chosen
  std::vector<std::string> other_entries;         // other templates no module references
  std::vector<DraftEnvironment> environments;     // in promotion order: dev first, prod last
  std::vector<std::string> unmatched_parameters;  // parameter files naming no environment
};

// Pure. From the repository's .bicep sources and the paths of its parameter files
// (*.bicepparam, *.parameters.json, *.json): the entry template (not referenced as a module;
// main.bicep first), and one environment per environment word (dev, test, qa, staging, uat,
// prod…) found in the names of the parameter files that belong to it (a .bicepparam's `using`
// must name it). Empty template_file when there is none.
Draft draft_layout(const std::vector<BicepSource>& sources,
                   const std::vector<BicepSource>& parameter_files);

// Pure. The config text for a draft: every environment with a placeholder resource group
// rg-<name>-<environment> and `location`, routes for develop/main and pull requests into main.
// parse_config accepts it (tested for every shape of draft).
std::string render_draft(const Draft& draft, const std::string& name, const std::string& location);

}  // namespace bicepgate::routing
