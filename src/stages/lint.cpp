#include "stages/lint.hpp"

#include <spdlog/spdlog.h>

#include "azure/scope.hpp"
#include "bicep/secure_parameters.hpp"
#include "report/sarif.hpp"
#include "stages/parameters_file.hpp"
#include "util/files.hpp"

namespace bicepgate::stages {
namespace {

github::AnnotationLevel level_of(bicep::Severity severity) {
  switch (severity) {
    case bicep::Severity::kWarning: return github::AnnotationLevel::kWarning;
    case bicep::Severity::kInfo: return github::AnnotationLevel::kNotice;
    case bicep::Severity::kError: break;
  }
  return github::AnnotationLevel::kError;
}

// "BCP037 at bicep/main.bicep:12, no-unused-params at …", the first few.
std::string places_of(const model::RunContext& ctx,
                      const std::vector<const bicep::Diagnostic*>& warnings) {
  constexpr std::size_t kShown = 5;
  std::string out;
  for (std::size_t i = 0; i < warnings.size() && i < kShown; ++i) {
    const auto& d = *warnings[i];
    if (!out.empty()) out += ", ";
    out += d.code + " at " + ctx.workspace_relative(d.file) + ":" + std::to_string(d.line);
  }
  if (warnings.size() > kShown) out += " and " + std::to_string(warnings.size() - kShown) + " more";
  return out;
}

// The failure's code, place and words are those of the diagnostic that decides it.
// `what` leads the message: "bicep build x failed: BCP037 at x:11:3: The property …".
Status failed_on(model::RunContext& ctx, const bicep::Diagnostic& decisive,
                 const std::string& what) {
  auto& out = ctx.record.outcome;
  out.failure_class = classify::FailureClass::kLogic;
  out.code = decisive.code;
  out.file = ctx.workspace_relative(decisive.file);
  out.line = decisive.line;
  out.column = decisive.column;
  return fail(what + decisive.code + " at " + out.file + ":" + std::to_string(out.line) + ":" +
                  std::to_string(out.column) + ": " + decisive.message,
              decisive.code);
}

}  // namespace

const bicep::Diagnostic* decisive_error(const std::vector<bicep::Diagnostic>& diagnostics) {
  for (const auto& d : diagnostics) {
    if (d.severity == bicep::Severity::kError) return &d;
  }
  return nullptr;
}

std::vector<const bicep::Diagnostic*> failing_warnings(
    const std::vector<bicep::Diagnostic>& diagnostics, const routing::WarningsAsErrors& policy) {
  std::vector<const bicep::Diagnostic*> out;
  for (const auto& d : diagnostics) {
    if (d.severity == bicep::Severity::kWarning && policy.fails(d.code)) out.push_back(&d);
  }
  return out;
}

namespace {

// A .bicepparam file compiles together with the template its `using` line names: one run.
Status compile(model::RunContext& ctx, const std::filesystem::path& template_path,
               bool bicepparam) {
  const auto& params = ctx.settings.target.parameters_file;
  auto compiled =
      bicepparam
          ? bicep::compile_params(ctx.settings.bicep_executable, ctx.in_workspace(params).string())
          : bicep::compile(ctx.settings.bicep_executable, template_path.string());
  if (!compiled) {
    ctx.record.outcome.failure_class = classify::FailureClass::kConfiguration;
    return fail(compiled.error());
  }
  ctx.record.compilation = std::move(*compiled);
  return {};
}

// Every diagnostic as an annotation on its source line, and the SARIF file when asked.
void report_diagnostics(model::RunContext& ctx, const std::filesystem::path& template_path) {
  const auto& policy = ctx.settings.target.warnings_as_errors;
  for (const auto& d : ctx.record.compilation.diagnostics) {
    const bool fails = d.severity == bicep::Severity::kWarning && policy.fails(d.code);
    github::Annotation annotation;
    // Still a warning, as Bicep calls it; the failure annotation says why it stops the run.
    annotation.level = level_of(d.severity);
    annotation.file = ctx.workspace_relative(d.file);
    annotation.line = d.line;
    annotation.column = d.column;
    annotation.title = "Bicep " + d.code + (fails ? " (fails lint: warnings-as-errors)" : "");
    annotation.message = d.message + (d.link.empty() ? "" : "\n" + d.link);
    ctx.commands.annotate(annotation);
  }
  // Written whatever the outcome: a failing lint is exactly when code scanning should show it.
  if (!ctx.settings.sarif_file.empty()) {
    auto sarif =
        report::render_sarif(ctx.record.compilation.diagnostics, "",
                             [&](const std::string& path) { return ctx.workspace_relative(path); });
    auto path = ctx.in_workspace(ctx.settings.sarif_file);
    if (auto written = util::write_file_atomic(path, sarif.dump(2) + "\n"); !written) {
      spdlog::warn("sarif-file {}: {}", path.string(), written.error().message);
    }
  }
  spdlog::info("lint: {} error(s), {} warning(s) in {}",
               ctx.record.compilation.count(bicep::Severity::kError),
               ctx.record.compilation.count(bicep::Severity::kWarning),
               ctx.workspace_relative(template_path.string()));
}

// An error, a compiler that failed without one, or a warning the environment treats as an
// error stops the run, pointed at the deciding diagnostic.
Status check_diagnostics(model::RunContext& ctx, const std::filesystem::path& template_path) {
  const auto& compilation = ctx.record.compilation;
  const auto shown = ctx.workspace_relative(template_path.string());
  const int errors = compilation.count(bicep::Severity::kError);
  if (const auto* decisive = decisive_error(compilation.diagnostics); decisive != nullptr) {
    return failed_on(ctx, *decisive,
                     "bicep build " + shown + " failed" +
                         (errors > 1 ? " with " + std::to_string(errors) +
                                           " errors (all in the summary); the first: "
                                     : ": "));
  }
  if (compilation.exit_code != 0) {
    ctx.record.outcome.failure_class = classify::FailureClass::kLogic;
    std::string detail = "exit code " + std::to_string(compilation.exit_code);
    if (!compilation.raw_errors.empty()) detail += ": " + compilation.raw_errors;
    return fail("bicep build " + shown + " failed with " + detail, "lint.errors");
  }
  const auto& policy = ctx.settings.target.warnings_as_errors;
  if (auto failing = failing_warnings(compilation.diagnostics, policy); !failing.empty()) {
    return failed_on(
        ctx, *failing.front(),
        std::to_string(failing.size()) + " Bicep warning(s) in " + shown +
            " fail lint: environment '" + ctx.settings.target.name +
            "' has warnings-as-errors: " + routing::to_string(policy) +
            (policy.all && ctx.settings.target.production ? " (on by default for production)"
                                                          : "") +
            "; " + places_of(ctx, failing) +
            ". Fix them, or set warnings-as-errors (false, or a list of codes) for the "
            "environment in the config, or input 'allow-warnings: true'. The first: ");
  }
  return {};
}

// The template's own schema says where it deploys: targetScope = 'subscription' compiles to
// the subscription deployment schema, whatever the config assumed. Into the record.
Status resolve_scope(model::RunContext& ctx, const std::filesystem::path& template_path) {
  auto scope = bicep::target_scope(ctx.record.compilation.arm_json);
  if (!scope) {
    ctx.record.outcome.failure_class = classify::FailureClass::kLogic;
    return fail(scope.error());
  }
  if (*scope != ctx.scope()) {
    spdlog::info("lint: {} targets the {} scope", ctx.workspace_relative(template_path.string()),
                 *scope);
    ctx.record.scope = *scope;
  }
  if (azure::needs_location(*scope) && ctx.location().empty()) {
    ctx.record.outcome.failure_class = classify::FailureClass::kConfiguration;
    return fail(ctx.workspace_relative(template_path.string()) + " deploys at " + *scope +
                    " scope, which needs a location (where ARM keeps the deployment): set "
                    "'location' for environment '" +
                    ctx.settings.target.name + "' or the input 'location'",
                "lint.location");
  }
  if (*scope == "managementGroup" && ctx.settings.target.management_group.empty()) {
    ctx.record.outcome.failure_class = classify::FailureClass::kConfiguration;
    return fail(ctx.workspace_relative(template_path.string()) +
                    " deploys at managementGroup scope, which needs the management group's id: "
                    "set 'management-group' for environment '" +
                    ctx.settings.target.name + "' or the input 'management-group-id'",
                "lint.management_group");
  }
  return {};
}

// Secrets are masked before anything (az errors, the summary, the audit) could print them.
// Validation read a .json file already; a .bicepparam file's compiled values are read here.
Status mask_secure_values(model::RunContext& ctx, bool bicepparam) {
  const auto& params = ctx.settings.target.parameters_file;
  auto secrets = bicep::secure_parameter_values(
      ctx.record.compilation.arm_json, ctx.parameters_text(),
      bicepparam ? params + " (as bicep build-params compiled it)" : params, ctx.overrides());
  if (!secrets) {
    ctx.record.outcome.failure_class = classify::FailureClass::kConfiguration;
    return fail(secrets.error().message + ". Its secure values cannot be masked, so nothing runs",
                "parameters.invalid_json");
  }
  for (const auto& secret : *secrets) ctx.commands.add_mask(secret);
  return {};
}

// The compiled JSON az plans and applies, written once to the work folder.
Status write_compiled(model::RunContext& ctx, std::filesystem::path& into, const std::string& stem,
                      const std::string& text) {
  into = ctx.settings.work_dir / (stem + ".json");
  if (auto written = util::write_file_atomic(into, text); !written) {
    ctx.record.outcome.failure_class = classify::FailureClass::kEnvironmental;
    return written;
  }
  return {};
}

}  // namespace

Status lint(model::RunContext& ctx) {
  const auto template_path = ctx.in_workspace(ctx.settings.target.template_file);
  const auto params = ctx.in_workspace(ctx.settings.target.parameters_file);
  const bool bicepparam = params.extension() == ".bicepparam";
  // Compile once, with the real Bicep CLI: the ARM JSON is what is planned and applied.
  if (auto compiled = compile(ctx, template_path, bicepparam); !compiled) return compiled;
  // On the source lines and in code scanning, whatever the outcome.
  report_diagnostics(ctx, template_path);
  // Errors, and warnings the environment treats as errors, stop the run here.
  if (auto clean = check_diagnostics(ctx, template_path); !clean) return clean;
  if (auto scoped = resolve_scope(ctx, template_path); !scoped) return scoped;
  if (bicepparam) {
    auto written =
        write_compiled(ctx, ctx.record.compiled_parameters, params.stem().string() + ".parameters",
                       ctx.record.compilation.parameters_json);
    if (!written) return written;
  }
  if (auto masked = mask_secure_values(ctx, bicepparam); !masked) return masked;
  // A misspelt override or parameters-file name, answered before az with the declared names.
  if (auto named = check_parameter_names(ctx); !named) return named;
  return write_compiled(ctx, ctx.record.compiled_template, template_path.stem().string(),
                        ctx.record.compilation.arm_json);
}

}  // namespace bicepgate::stages
