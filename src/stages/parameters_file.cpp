#include "stages/parameters_file.hpp"

#include "bicep/template_parameters.hpp"
#include "util/files.hpp"
#include "util/jsonc.hpp"
#include "util/strings.hpp"

namespace bicepgate::stages {

Status check_parameters_file(pipeline::RunContext& ctx) {
  const auto& name = ctx.settings.target.parameters_file;
  if (name.empty() || ctx.in_workspace(name).extension() != ".json") return {};
  auto text = util::read_file(ctx.in_workspace(name));
  if (!text) {
    ctx.outcome.failure_class = "configuration";
    return fail("parameters file " + name + " cannot be read (" + text.error().message +
                    "); its secure values cannot be masked, so nothing runs",
                "parameters.unreadable");
  }
  auto parsed = util::parse_jsonc(*text, name);
  if (parsed) return {};
  ctx.outcome.failure_class = "configuration";
  ctx.outcome.file = name;
  ctx.outcome.line = parsed.error().line;
  ctx.outcome.column = parsed.error().column;
  return fail(parsed.error().message +
                  " (az reads JSON with comments and, without true/false/null, trailing "
                  "commas; nothing else). Its secure values cannot be masked, so nothing runs",
              "parameters.invalid_json");
}

Status check_parameter_names(pipeline::RunContext& ctx) {
  const auto declared = bicep::declared_parameters(ctx.compilation.arm_json);
  const auto& template_file = ctx.settings.target.template_file;
  auto described = [&](const bicep::UndeclaredParameter& p) {
    return "'" + p.name + "'" +
           (p.suggestion.empty() ? "" : " (did you mean '" + p.suggestion + "'?)");
  };
  const std::string listed = ". " + template_file + " declares " +
                             (declared.empty() ? std::string("no parameters")
                                               : "these parameters: " + util::join(declared, ", "));
  std::vector<std::string> override_names;
  for (const auto& [name, _] : ctx.settings.overrides) override_names.push_back(name);
  // az looks a KEY=VALUE key up exactly: `template_param_defs.get(key, None)`, else "unrecognized
  // template parameter" (azure-cli, command_modules/resource/custom.py,
  // _process_parameters._try_parse_key_value_object).
  if (auto wrong = bicep::undeclared_parameters(override_names, declared, true); !wrong.empty()) {
    std::vector<std::string> names;
    for (const auto& p : wrong) names.push_back(described(p));
    ctx.outcome.failure_class = "configuration";
    return fail(
        "the parameter overrides (input 'parameter-overrides'; --param on the command line) set " +
            util::join(names, ", ") + ", which the template does not declare" + listed,
        "parameters.undeclared");
  }
  // A .bicepparam file is checked by the compiler itself (its `using` template's parameters).
  const auto& file = ctx.settings.target.parameters_file;
  if (file.empty() || ctx.in_workspace(file).extension() != ".json") return {};
  const auto text = ctx.parameters_text();
  // Compared without regard to case, as the secure-value masking compares them: a name that
  // differs from a declared one only in case is left for ARM to judge, never refused here.
  auto wrong = bicep::undeclared_parameters(bicep::parameters_file_names(text), declared, false);
  if (wrong.empty()) return {};
  std::vector<std::string> names;
  for (const auto& p : wrong) names.push_back(described(p));
  ctx.outcome.failure_class = "configuration";
  ctx.outcome.file = ctx.workspace_relative(file);
  ctx.outcome.line = bicep::key_line(text, wrong.front().name);
  return fail("parameters file " + ctx.outcome.file +
                  (ctx.outcome.line > 0 ? ":" + std::to_string(ctx.outcome.line) : "") + " sets " +
                  util::join(names, ", ") + ", which the template does not declare" + listed,
              "parameters.undeclared");
}

}  // namespace bicepgate::stages
