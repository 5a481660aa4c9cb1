#pragma once
// Lint findings as SARIF 2.1.0, the format GitHub code scanning uploads.

#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bicep/diagnostics.hpp"

namespace bicepgate::report {

// Pure. `relative` maps the compiler's path to a workspace-relative one (URIs must be relative
// to the repository root for code scanning to place them).
nlohmann::json render_sarif(const std::vector<bicep::Diagnostic>& diagnostics,
                            const std::string& bicep_version,
                            const std::function<std::string(const std::string&)>& relative);

}  // namespace bicepgate::report
