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
  std::string parameters_json;  // from a .bicepparam file: the ARM parameters file it compiles to
  std::vector<Diagnostic> diagnostics;
  std::string raw_errors;  // the compiler's stderr, for the record

  int count(Severity severity) const;
};

// Pure: the scope the compiled template targets (azure::kScopes: resourceGroup, subscription,
// managementGroup, tenant), from its $schema.
Result<std::string> target_scope(const std::string& arm_json);

// Fails only when the compiler cannot be run; compiler errors are diagnostics.
Result<Compilation> compile(const std::string& bicep_executable, const std::string& template_file);

// A .bicepparam file compiles, with the template its `using` names, in one compiler run:
// `bicep build-params FILE --stdout` prints {"parametersJson": "…", "templateJson": "…"}.
Result<Compilation> compile_params(const std::string& bicep_executable,
                                   const std::string& params_file);

// Pure: the build-params --stdout document split into template and parameters.
Status split_build_params(const std::string& stdout_text, Compilation& into);

}  // namespace bicepgate::bicep
