#pragma once
// The what-if noise filter: property paths known to show changes that are not (read-only
// values ARM echoes back, API-version artefacts). Rules are data: data/whatif-noise.txt plus
// the input 'what-if-noise'.

#include <string>
#include <vector>

#include "azure/what_if.hpp"
#include "util/result.hpp"

namespace bicepgate::azure {

struct NoiseRule {
  std::string type_glob;  // resource type, case-insensitive glob: "*", "Microsoft.Web/*"
  std::string path_glob;  // delta path glob: "properties.provisioningState", "tags.hidden-*"
  std::string origin;     // file:line, for "filtered by" notes
};

// Pure. One rule per line: "<type-glob> <path-glob>", or just "<path-glob>" for every type;
// '#' starts a comment.
Result<std::vector<NoiseRule>> parse_noise_rules(const std::string& text,
                                                 const std::string& source);

// Drops deltas that match a rule (and NoEffect deltas); a Modify left with nothing becomes
// NoChange. Each change records the paths it lost, so the summary can say what was filtered.
void apply_noise_filter(WhatIfResult& result, const std::vector<NoiseRule>& rules);

}  // namespace bicepgate::azure
