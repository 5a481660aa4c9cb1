#pragma once
// The compile step: `bicep build FILE --stdout`, run once; its ARM JSON is what what-if and
// deploy then use, so the plan is exactly what is applied.

#include <string>
#include <vector>

#include "bicep/diagnostics.hpp"
#include "util/result.hpp"

namespace bicepgate::bicep {

struct Compilation {
  bool compiled = false;  // false when the template was ARM JSON already
  int exit_code = 0;
  std::string arm_json;
  std::vector<Diagnostic> diagnostics;
  std::string raw_errors;  // the compiler's stderr, for the record

  int count(Severity severity) const;
};

// Pure: "resourceGroup" or "subscription" from the compiled template's $schema; management-group
// and tenant templates are refused by name.
Result<std::string> target_scope(const std::string& arm_json);

// Fails only when the compiler cannot be run; compiler errors are diagnostics.
Result<Compilation> compile(const std::string& bicep_executable, const std::string& template_file);

}  // namespace bicepgate::bicep
