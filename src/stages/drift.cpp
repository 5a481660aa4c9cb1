#include "stages/drift.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "azure/scope.hpp"
#include "azure/what_if_stream.hpp"
#include "classify/error_tree.hpp"
#include "report/drift.hpp"
#include "report/what_if_text.hpp"
#include "stages/failure.hpp"
#include "util/files.hpp"
#include "util/strings.hpp"

namespace bicepgate::stages {
namespace {

constexpr auto kReadTimeout = std::chrono::minutes(10);

std::string place_of(const model::RunContext& ctx) {
  return azure::describe(ctx.place());
}

// Nothing was deployed here by bicepgate (or nothing succeeded): there is nothing to compare
// Azure with. A configuration outcome: deploy once, or point the check at the right place.
Status no_baseline(model::RunContext& ctx, const std::string& why) {
  ctx.record.outcome.failure_class = classify::FailureClass::kConfiguration;
  ctx.record.outcome.code = kNoBaselineCode;
  ctx.record.outcome.hint =
      "Deploy the environment with bicepgate once (its deployments are named " +
      azure::deployment_name_prefix(ctx.settings.target.name) +
      "…), or check the input resource-group and the config's environment.";
  return fail("no successful bicepgate deployment of environment '" + ctx.settings.target.name +
                  "' in " + place_of(ctx) + " to check for drift: " + why,
              kNoBaselineCode);
}

bool names_missing_group(const std::string& az_error) {
  auto errors = classify::extract_errors(az_error);
  return std::any_of(errors.begin(), errors.end(),
                     [](const auto& error) { return error.code == "ResourceGroupNotFound"; });
}

// ARM keeps no value of a secure parameter: the workflow gives it again in parameter-overrides
// (in a 0600 file, as the deploy does). The other overrides are not the deployment's and are
// not used.
Status secure_values(model::RunContext& ctx, const azure::DeployedInputs& deployed,
                     const nlohmann::json& arm_template, azure::DeploymentTarget& target) {
  if (deployed.secure_without_value.empty()) return {};
  std::vector<std::string> given;
  auto document = azure::secure_overrides_document(arm_template, ctx.overrides(), given);
  std::vector<std::string> missing;
  for (const auto& name : deployed.secure_without_value) {
    const bool found = std::any_of(given.begin(), given.end(), [&](const std::string& g) {
      return util::equals_ignoring_case(g, name);
    });
    if (!found) missing.push_back(name);
  }
  if (!missing.empty()) {
    ctx.record.outcome.failure_class = classify::FailureClass::kConfiguration;
    ctx.record.outcome.hint =
        "Give them in parameter-overrides (KEY=VALUE, from the workflow's secrets), as the "
        "deploying workflow does.";
    return fail("deployment " + ctx.record.drift.baseline + " has secure parameter(s) " +
                    util::join(missing, ", ") +
                    " whose values ARM does not keep, and parameter-overrides gives none",
                "drift.secure-parameters");
  }
  const auto path = ctx.settings.work_dir / "drift-secure.parameters.json";
  if (auto written = util::write_private_file(path, document.dump()); !written) {
    ctx.record.outcome.failure_class = classify::FailureClass::kEnvironmental;
    return written;
  }
  target.secure_overrides_file = path.string();
  return {};
}

// The baseline's template and parameters, written where az reads them.
Status baseline_target(model::RunContext& ctx, azure::DeploymentTarget& target) {
  const auto& env = ctx.settings.target;
  const auto& name = ctx.record.drift.baseline;
  auto shown =
      ctx.az.run({"planning", azure::deployment_show_args(ctx.place(), name), kReadTimeout});
  if (!shown || !shown->ok()) return az_failed(ctx, "az deployment show", shown);
  auto deployed = azure::parse_deployed_inputs(shown->out);
  if (!deployed) return unreadable(ctx, deployed.error());
  auto exported =
      ctx.az.run({"planning", azure::deployment_export_args(ctx.place(), name), kReadTimeout});
  if (!exported || !exported->ok()) return az_failed(ctx, "az deployment export", exported);
  auto arm_template = azure::parse_exported_template(exported->out);
  if (!arm_template) return unreadable(ctx, arm_template.error());

  target.scope = ctx.scope();
  target.resource_group = env.resource_group;
  target.management_group = env.management_group;
  target.location = deployed->location.empty() ? ctx.location() : deployed->location;
  target.name = name;
  target.mode = deployed->mode;
  target.validation_level = ctx.settings.validation_level;
  if (auto ok = secure_values(ctx, *deployed, *arm_template, target); !ok) return ok;
  // Parameter values may be sensitive without being declared secure: files only we can read.
  const auto template_path = ctx.settings.work_dir / "drift-template.json";
  const auto parameters_path = ctx.settings.work_dir / "drift.parameters.json";
  for (const auto& [path, doc] : {std::pair{template_path, &*arm_template},
                                  std::pair{parameters_path, &deployed->parameters}}) {
    if (auto written = util::write_private_file(path, doc->dump()); !written) {
      ctx.record.outcome.failure_class = classify::FailureClass::kEnvironmental;
      return written;
    }
  }
  target.template_file = template_path.string();
  target.parameters_file = parameters_path.string();
  return {};
}

}  // namespace

Status detect_drift(model::RunContext& ctx) {
  const auto& env = ctx.settings.target;
  ctx.record.drift = {};
  auto listed = ctx.az.run({"planning", azure::deployment_list_args(ctx.place()), kReadTimeout});
  if (listed && !listed->ok() && names_missing_group(listed->err))
    return no_baseline(ctx, "the resource group does not exist");
  if (!listed || !listed->ok()) return az_failed(ctx, "az deployment list", listed);
  auto history = azure::parse_deployment_list(listed->out);
  if (!history) return unreadable(ctx, history.error());
  ctx.record.history = std::move(*history);
  auto baseline =
      azure::last_succeeded(ctx.record.history, azure::deployment_name_prefix(env.name));
  if (!baseline) {
    return no_baseline(ctx, std::to_string(ctx.record.history.size()) +
                                " deployment(s) there, none of them a succeeded " +
                                azure::deployment_name_prefix(env.name) + "…");
  }
  ctx.record.drift.baseline = baseline->name;
  ctx.record.drift.baseline_time = baseline->timestamp;
  ctx.record.deployment_name = baseline->name;

  azure::DeploymentTarget target;
  if (auto ok = baseline_target(ctx, target); !ok) return ok;
  auto result = ctx.az.run({"planning", azure::what_if_args(target), std::chrono::minutes(30)});
  if (!result || !result->ok()) return az_failed(ctx, "az deployment what-if", result);
  auto parsed = azure::read_what_if(std::string_view(result->out));
  if (!parsed) return unreadable(ctx, parsed.error());
  ctx.record.what_if = std::move(*parsed);
  azure::apply_noise_filter(ctx.record.what_if, ctx.settings.noise_rules);

  ctx.record.drift.checked = true;
  ctx.record.drift.drift = ctx.record.what_if.has_changes();
  ctx.record.drift.fingerprint = report::drift_fingerprint(ctx.record.what_if);
  spdlog::info("drift: {} against {}",
               ctx.record.drift.drift ? "Azure differs from the deployment" : "none",
               ctx.record.drift.baseline);
  if (ctx.settings.print_plan && ctx.record.drift.drift) {
    ctx.commands.log(report::render_what_if_text(
        ctx.record.what_if,
        ctx.settings.colour ? report::TextStyle::kColour : report::TextStyle::kPlain));
  }
  return {};
}

}  // namespace bicepgate::stages
