#include "stages/parameters_file.hpp"

#include "bicep/bicepparam.hpp"
#include "bicep/template_parameters.hpp"
#include "util/files.hpp"
#include "util/jsonc.hpp"
#include "util/strings.hpp"

namespace bicepgate::stages {
namespace {

// bicep build-params compiles the template the file's `using` names and nothing else, so a
// different template given beside it would be silently replaced (and recorded in its place).
Status check_using(model::RunContext& ctx, const std::string& name) {
  const auto bicepparam = ctx.in_workspace(name);
  auto text = util::read_file(bicepparam);
  if (!text) return {};  // the compiler says why it cannot read it
  auto target = bicep::using_target(*text);
  if (!target) return {};  // `using none` or no declaration: the compiler's error says so
  const auto& template_file = ctx.settings.target.template_file;
  const auto given = ctx.in_workspace(template_file);
  std::error_code ec;
  if (bicep::is_local_target(*target)) {
    const auto named = (bicepparam.parent_path() / *target).lexically_normal();
    if (std::filesystem::weakly_canonical(named, ec) ==
        std::filesystem::weakly_canonical(given, ec))
      return {};
    ctx.record.outcome.failure_class = classify::FailureClass::kConfiguration;
    return fail("parameters file " + name + " names template " +
                    ctx.workspace_relative(named.string()) + " (using '" + *target +
                    "'), but the template given is " + template_file +
                    ": bicep build-params compiles the file `using` names, so " + template_file +
                    " would not be deployed. Give the same template in both",
                "parameters.using_mismatch");
  }
  ctx.record.outcome.failure_class = classify::FailureClass::kConfiguration;
  return fail("parameters file " + name + " names '" + *target +
                  "' (a registry module or template spec) with `using`, but the template given "
                  "is " +
                  template_file +
                  ": bicepgate deploys a template from the repository. Point `using` at " +
                  template_file,
              "parameters.using_mismatch");
}

}  // namespace

Status check_parameters_file(model::RunContext& ctx) {
  const auto& name = ctx.settings.target.parameters_file;
  if (name.empty()) return {};
  if (ctx.in_workspace(name).extension() == ".bicepparam") return check_using(ctx, name);
  if (ctx.in_workspace(name).extension() != ".json") return {};
  auto text = util::read_file(ctx.in_workspace(name));
  if (!text) {
    ctx.record.outcome.failure_class = classify::FailureClass::kConfiguration;
    return fail("parameters file " + name + " cannot be read (" + text.error().message +
                    "); its secure values cannot be masked, so nothing runs",
                "parameters.unreadable");
  }
  auto parsed = util::parse_jsonc(*text, name);
  if (parsed) return {};
  ctx.record.outcome.failure_class = classify::FailureClass::kConfiguration;
  ctx.record.outcome.file = name;
  ctx.record.outcome.line = parsed.error().line;
  ctx.record.outcome.column = parsed.error().column;
  return fail(parsed.error().message +
                  " (az reads JSON with comments and, without true/false/null, trailing "
                  "commas; nothing else). Its secure values cannot be masked, so nothing runs",
              "parameters.invalid_json");
}

Status check_parameter_names(model::RunContext& ctx) {
  const auto declared = bicep::declared_parameters(ctx.record.compilation.arm_json);
  const auto& template_file = ctx.settings.target.template_file;
  auto described = [&](const bicep::UndeclaredParameter& p) {
    return "'" + p.name + "'" +
           (p.suggestion.empty() ? "" : " (did you mean '" + p.suggestion + "'?)");
  };
  const std::string listed = ". " + template_file + " declares " +
                             (declared.empty() ? std::string("no parameters")
                                               : "these parameters: " + util::join(declared, ", "));
  std::vector<std::string> override_names;
  for (const auto& [name, _] : ctx.overrides()) override_names.push_back(name);
  // az looks a KEY=VALUE key up exactly: `template_param_defs.get(key, None)`, else "unrecognized
  // template parameter" (azure-cli, command_modules/resource/custom.py,
  // _process_parameters._try_parse_key_value_object).
  if (auto wrong = bicep::undeclared_parameters(override_names, declared, true); !wrong.empty()) {
    std::vector<std::string> names;
    names.reserve(wrong.size());
    for (const auto& p : wrong) names.push_back(described(p));
    ctx.record.outcome.failure_class = classify::FailureClass::kConfiguration;
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
  names.reserve(wrong.size());
  for (const auto& p : wrong) names.push_back(described(p));
  ctx.record.outcome.failure_class = classify::FailureClass::kConfiguration;
  ctx.record.outcome.file = ctx.workspace_relative(file);
  ctx.record.outcome.line = bicep::key_line(text, wrong.front().name);
  return fail(
      "parameters file " + ctx.record.outcome.file +
          (ctx.record.outcome.line > 0 ? ":" + std::to_string(ctx.record.outcome.line) : "") +
          " sets " + util::join(names, ", ") + ", which the template does not declare" + listed,
      "parameters.undeclared");
}

}  // namespace bicepgate::stages
