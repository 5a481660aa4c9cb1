#pragma once
// What a .bicepparam file says about its template: the `using` declaration. `bicep build-params`
// compiles the template that line names, whatever else the caller was told to deploy.

#include <optional>
#include <string>
#include <string_view>

namespace bicepgate::bicep {

// Pure. The string of the file's `using '<target>'` declaration, escapes resolved; nullopt for
// `using none` or no declaration (the compiler then says what is wrong). Comments and other
// strings are skipped as Bicep's lexer skips them.
std::optional<std::string> using_target(std::string_view bicepparam_text);

// Pure. A `using` target that is a file beside the .bicepparam rather than a registry module
// (`br:`, `br/alias:`) or a template spec (`ts:`, `ts/alias:`), per the Bicep docs on the
// using statement (learn.microsoft.com/azure/azure-resource-manager/bicep/bicep-using).
bool is_local_target(std::string_view target);

}  // namespace bicepgate::bicep
