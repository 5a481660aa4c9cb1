#include "stages/whatif.hpp"

#include "stages/regions.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "azure/what_if_stream.hpp"
#include "classify/error_tree.hpp"
#include "report/what_if_text.hpp"
#include "stages/failure.hpp"
#include "stages/gate.hpp"
#include "stages/resource_group.hpp"
#include "stages/stack.hpp"
#include "util/files.hpp"
#include "util/hash.hpp"
#include "util/strings.hpp"

namespace bicepgate::stages {
namespace {

// The name carries the environment and what is deployed, so reruns are recognisable and runs
// of different content never collide.
std::string name_for(const model::RunContext& ctx) {
  util::ContentHash hash;
  hash.add(ctx.settings.target.name).add(ctx.scope()).add(ctx.settings.mode);
  hash.add(ctx.record.compilation.arm_json).add(ctx.record.compilation.parameters_json);
  if (!ctx.settings.target.parameters_file.empty()) {
    auto params = util::read_file(ctx.in_workspace(ctx.settings.target.parameters_file));
    if (params) hash.add(*params);
  }
  for (const auto& [key, value] : ctx.overrides()) hash.add(key).add(value);
  return azure::deployment_name(ctx.settings.target.name, hash.hex());
}

}  // namespace

azure::DeploymentTarget deployment_target(const model::RunContext& ctx) {
  const auto& env = ctx.settings.target;
  azure::DeploymentTarget target;
  target.scope = ctx.scope();
  target.resource_group = env.resource_group;
  target.management_group = env.management_group;
  target.location = ctx.location();
  target.name = ctx.record.deployment_name;
  target.template_file = ctx.record.compiled_template.string();
  if (!ctx.record.compiled_parameters.empty()) {
    target.parameters_file = ctx.record.compiled_parameters.string();
  } else if (!env.parameters_file.empty()) {
    target.parameters_file = ctx.in_workspace(env.parameters_file).string();
  }
  target.overrides = ctx.overrides();
  if (!ctx.record.secure_overrides_file.empty()) {
    target.secure_overrides_file = ctx.record.secure_overrides_file.string();
    std::erase_if(target.overrides, [&](const auto& item) {
      return std::find(ctx.record.secure_override_names.begin(),
                       ctx.record.secure_override_names.end(),
                       item.first) != ctx.record.secure_override_names.end();
    });
  }
  target.mode = ctx.settings.mode;
  target.validation_level = ctx.settings.validation_level;
  const auto& rollback = ctx.settings.rollback;
  if (rollback.kind == routing::RollbackPolicy::Kind::kLastSuccessful)
    target.rollback_on_error = "";
  if (rollback.kind == routing::RollbackPolicy::Kind::kNamed)
    target.rollback_on_error = rollback.deployment;
  return target;
}

namespace {

bool names_missing_group(const std::string& az_error) {
  auto errors = classify::extract_errors(az_error);
  return std::any_of(errors.begin(), errors.end(),
                     [](const auto& error) { return error.code == "ResourceGroupNotFound"; });
}

}  // namespace

Status what_if(model::RunContext& ctx) {
  // Deleting a stack plans what it manages, not the template.
  if (ctx.settings.stack_delete && ctx.settings.target.stack) return plan_stack_delete(ctx);
  // Region first: auto-region may change the location parameter, and so the content hash.
  if (!ctx.record.regions_checked) check_regions(ctx);
  ctx.record.regions_checked = true;
  ctx.record.deployment_name = name_for(ctx);
  const auto& env = ctx.settings.target;
  // A secure value on az's command line is readable by every process on the machine
  // (/proc/PID/cmdline): secure overrides go to az in a file only this user can read.
  if (ctx.record.secure_overrides_file.empty() && !ctx.overrides().empty()) {
    std::vector<std::string> names;
    auto document = azure::secure_overrides_document(
        nlohmann::json::parse(ctx.record.compilation.arm_json, nullptr, false), ctx.overrides(),
        names);
    if (!document.is_null()) {
      const auto path = ctx.settings.work_dir / "secure-overrides.parameters.json";
      if (auto written = util::write_private_file(path, document.dump()); !written) {
        ctx.record.outcome.failure_class = classify::FailureClass::kEnvironmental;
        return written;
      }
      ctx.record.secure_overrides_file = path;
      ctx.record.secure_override_names = std::move(names);
    }
  }

  // Earlier deployments: whether this exact content already succeeded, and what the
  // environment's last deployment managed (for the Incremental-mode delete gate).
  auto list = [&] {
    return ctx.az.run(
        {"planning", azure::deployment_list_args(ctx.place()), std::chrono::minutes(10)});
  };
  auto listed = list();
  // The first call that needs the group: a new environment's is created when allowed (no az
  // call is spent on the check when it exists), then listed again.
  if (listed && !listed->ok() && names_missing_group(listed->err)) {
    if (auto ensured = ensure_resource_group(ctx); !ensured) return ensured;
    listed = list();
  }
  if (!listed || !listed->ok()) return stages::az_failed(ctx, "az deployment list", listed);
  auto history = azure::parse_deployment_list(listed->out);
  if (!history) return stages::unreadable(ctx, history.error());
  ctx.record.history = std::move(*history);

  auto result = ctx.az.run(
      {"planning", azure::what_if_args(deployment_target(ctx)), std::chrono::minutes(30)});
  if (!result || !result->ok()) return stages::az_failed(ctx, "az deployment what-if", result);
  // Streamed: a document of az's whole output would cost about ten times its size; the reader
  // keeps only what the plan shows (azure/what_if_stream).
  auto parsed = azure::read_what_if(std::string_view(result->out));
  if (!parsed) return stages::unreadable(ctx, parsed.error());
  ctx.record.what_if = std::move(*parsed);
  azure::apply_noise_filter(ctx.record.what_if, ctx.settings.noise_rules);

  auto previous =
      azure::last_succeeded(ctx.record.history, azure::deployment_name_prefix(env.name));
  ctx.record.destructive.clear();
  ctx.record.unmanaged.clear();
  for (auto& change : find_destructive(ctx.record.what_if, previous ? previous->output_resource_ids
                                                                    : std::vector<std::string>{})) {
    auto& into = change.kind == model::DestructiveKind::kUnmanaged ? ctx.record.unmanaged
                                                                   : ctx.record.destructive;
    into.push_back(std::move(change));
  }
  ctx.record.unchanged =
      !ctx.record.what_if.has_changes() &&
      azure::succeeded_named(ctx.record.history, ctx.record.deployment_name).has_value();
  // A stack's update deletes or detaches what it manages and the template dropped.
  if (ctx.settings.target.stack) {
    if (auto planned = plan_stack(ctx); !planned) return planned;
  }

  // Hidden from people only: everything above read the whole plan.
  ctx.record.what_if_shown.reset();
  if (!ctx.settings.what_if_hidden_types.empty())
    ctx.record.what_if_shown =
        azure::without_change_types(ctx.record.what_if, ctx.settings.what_if_hidden_types);

  std::string counts;
  for (const auto& [type, count] : ctx.record.what_if.counts) {
    counts += (counts.empty() ? "" : ", ") + type + " " + std::to_string(count);
  }
  spdlog::info("what-if: {}{}{}", counts.empty() ? "no resources" : counts,
               ctx.record.destructive.empty()
                   ? ""
                   : "; " + std::to_string(ctx.record.destructive.size()) + " destructive",
               ctx.record.unmanaged.empty()
                   ? ""
                   : "; " + std::to_string(ctx.record.unmanaged.size()) + " left unmanaged");
  if (ctx.settings.print_plan && ctx.record.what_if.has_changes()) {
    // Worded: `bicepgate deploy` names the flag where the action names the input.
    ctx.commands.log(ctx.settings.worded(report::render_what_if_text(
        ctx.record.shown_what_if(),
        ctx.settings.colour ? report::TextStyle::kColour : report::TextStyle::kPlain)));
  }
  return {};
}

}  // namespace bicepgate::stages
