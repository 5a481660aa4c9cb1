#pragma once
// The parameters a compiled template declares, and the names given to it (overrides, a
// parameters file) that it does not: each answered with the declared list and a did-you-mean.

#include <string>
#include <vector>

namespace bicepgate::bicep {

// Pure. The names under the ARM template's "parameters", sorted as az lists them ("Allowed
// parameters: a, b": `sorted(template_param_defs.keys())`); empty for an unreadable template.
std::vector<std::string> declared_parameters(const std::string& arm_template_json);

struct UndeclaredParameter {
  std::string name;
  std::string suggestion;  // the closest declared name, or empty
};

// Pure. The `given` names not in `declared`, in the order given. `case_sensitive` as the reader
// of those names compares them: az's KEY=VALUE parsing looks the key up exactly.
std::vector<UndeclaredParameter> undeclared_parameters(const std::vector<std::string>& given,
                                                       const std::vector<std::string>& declared,
                                                       bool case_sensitive);

// Pure. The names a parameters file gives (under "parameters", or at the top level as az also
// reads it), in the file's order; empty when it is not a JSON object.
std::vector<std::string> parameters_file_names(const std::string& parameters_json);

// Pure. The 1-based line where `"name"` first appears as a key in the text, or 0.
int key_line(const std::string& json_text, const std::string& name);

}  // namespace bicepgate::bicep
