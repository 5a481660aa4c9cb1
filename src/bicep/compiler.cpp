#include "bicep/compiler.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "util/files.hpp"
#include "util/json.hpp"
#include "util/subprocess.hpp"

namespace bicepgate::bicep {

int Compilation::count(Severity severity) const {
  return static_cast<int>(
      std::count_if(diagnostics.begin(), diagnostics.end(),
                    [&](const Diagnostic& d) { return d.severity == severity; }));
}

Result<std::string> target_scope(const std::string& arm_json) {
  auto parsed = util::parse_json(arm_json, "the compiled template");
  if (!parsed) return fail(parsed.error());
  const auto& doc = *parsed;
  if (!doc.is_object()) return fail("the compiled template is not a JSON object", "template.json");
  // The schema names Bicep writes for each targetScope (bicep build of a targetScope =
  // 'managementGroup' or 'tenant' file: …/2019-08-01/managementGroupDeploymentTemplate.json#,
  // …/tenantDeploymentTemplate.json#); ARM's deploymentTemplate.json# is a resource group's.
  const std::string schema = util::text_member(doc, "$schema");
  if (schema.find("subscriptionDeploymentTemplate") != std::string::npos)
    return std::string("subscription");
  if (schema.find("managementGroupDeploymentTemplate") != std::string::npos)
    return std::string("managementGroup");
  if (schema.find("tenantDeploymentTemplate") != std::string::npos) return std::string("tenant");
  return std::string("resourceGroup");
}

namespace {

Result<Compilation> run_compiler(const std::string& bicep_executable, const std::string& verb,
                                 const std::string& file) {
  util::Command command;
  command.argv = {bicep_executable, verb, file, "--stdout"};
  command.timeout = std::chrono::minutes(10);
  auto done = util::run(command);
  if (!done) {
    return fail(done.error().message + " (install the Bicep CLI, or set input 'bicep-path')",
                "bicep.spawn");
  }
  if (done->timed_out)
    return fail("bicep " + verb + " " + file + " did not finish in 10 minutes", "bicep.timeout");
  if (done->signal != 0) {
    return fail(
        "bicep " + verb + " " + file + " was killed by signal " + std::to_string(done->signal),
        "bicep.signal");
  }
  Compilation out;
  out.compiled = true;
  out.exit_code = done->exit_code;
  out.raw_errors = done->err;
  out.diagnostics = parse_diagnostics(done->err);
  if (done->exit_code == 0) out.arm_json = std::move(done->out);
  return out;
}

}  // namespace

Result<Compilation> compile(const std::string& bicep_executable, const std::string& template_file) {
  Compilation out;
  auto dot = template_file.rfind('.');
  std::string extension = dot == std::string::npos ? "" : template_file.substr(dot);
  if (extension == ".json") {
    auto text = util::read_file(template_file);
    if (!text) return fail(text.error());
    out.arm_json = std::move(*text);
    return out;
  }
  if (extension != ".bicep") {
    return fail(
        "template '" + template_file + "' must be a .bicep file or a compiled ARM .json file",
        "template.extension");
  }
  return run_compiler(bicep_executable, "build", template_file);
}

Status split_build_params(const std::string& stdout_text, Compilation& into) {
  nlohmann::json doc = nlohmann::json::parse(stdout_text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("parametersJson") ||
      !doc["parametersJson"].is_string()) {
    return fail(
        "bicep build-params printed no 'parametersJson'; a Bicep CLI of 0.23 or later is needed",
        "bicep.build_params");
  }
  into.parameters_json = doc["parametersJson"].get<std::string>();
  if (doc.contains("templateJson") && doc["templateJson"].is_string())
    into.arm_json = doc["templateJson"].get<std::string>();
  if (into.arm_json.empty()) {
    return fail(
        "bicep build-params printed no 'templateJson' (does the .bicepparam file have a 'using' "
        "line "
        "naming a local .bicep file?)",
        "bicep.build_params");
  }
  return {};
}

Result<Compilation> compile_params(const std::string& bicep_executable,
                                   const std::string& params_file) {
  auto compiled = run_compiler(bicep_executable, "build-params", params_file);
  if (!compiled || compiled->exit_code != 0) return compiled;
  if (auto split = split_build_params(compiled->arm_json, *compiled); !split)
    return fail(split.error());
  return compiled;
}

}  // namespace bicepgate::bicep
