#include "pipeline/preview.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <string>

#include "pipeline/stage.hpp"
#include "stages/gate.hpp"
#include "stages/lint.hpp"
#include "stages/whatif.hpp"
#include "util/subprocess.hpp"

namespace bicepgate::pipeline {
namespace {

// The preview's az calls, named as such in the audit record: "preview prod: planning".
class PreviewAz final : public azure::AzRunner {
 public:
  PreviewAz(azure::AzRunner& inner, std::string environment)
      : inner_(inner), prefix_("preview " + std::move(environment) + ": ") {}
  Result<azure::AzResult> run(const azure::AzCall& call) override {
    auto named = call;
    named.stage = prefix_ + call.stage;
    return inner_.run(named);
  }

 private:
  azure::AzRunner& inner_;
  std::string prefix_;
};

bool reached(const RunContext& ctx, State state) {
  const auto& history = ctx.record.machine.history();
  return std::any_of(history.begin(), history.end(),
                     [&](const Transition& t) { return t.to == state; });
}

PreviewResult plan_one(RunContext& ctx, const routing::EnvironmentConfig& environment,
                       std::size_t index) {
  PreviewResult result;
  result.target = environment;
  PreviewAz az(ctx.az, environment.name);
  const RunSettings settings = preview_settings(ctx.settings, environment, index);
  RunContext preview(settings, ctx.event, ctx.commands, ctx.files, az, ctx.rules);
  preview.record.az_version = ctx.record.az_version;
  std::error_code ec;
  std::filesystem::create_directories(preview.settings.work_dir, ec);
  const std::string name = "preview " + environment.name + ": ";
  // The run's own login stands: the same identity plans every environment.
  const bool ok = run_stage(preview, State::kValidatingParameters, name + "validate parameters",
                            validate_files) &&
                  run_stage(preview, State::kLinting, name + "lint", stages::lint) &&
                  run_stage(preview, State::kPlanning, name + "what-if", stages::what_if);
  if (ok) {
    // The deploying run is the push of the merge: it reads the approval label from the merged
    // pull request, so this pull request's labels approve there as they would here.
    stages::Approvals approvals;
    approvals.allow_deletes = ctx.settings.allow_deletes;
    approvals.label = ctx.settings.delete_approval_label;
    approvals.pull_request = ctx.event.pull_request;
    auto gate =
        stages::decide_gate(preview.record.destructive, preview.record.unmanaged,
                            {environment.delete_policy, environment.unmanaged_policy}, approvals);
    result.gate_stops = !gate.proceed;
    result.gate_reason = gate.reason;
    preview.record.machine.move_to(State::kCompleted, "preview only: nothing deployed");
  }
  result.state = preview.record.machine.current();
  result.deployment_name = preview.record.deployment_name;
  result.what_if = std::move(preview.record.what_if);
  result.what_if_shown = std::move(preview.record.what_if_shown);
  result.destructive = std::move(preview.record.destructive);
  result.outcome = std::move(preview.record.outcome);
  result.region_warnings = std::move(preview.record.region_warnings);
  spdlog::info("preview {}: {}{}", environment.name, to_string(result.state),
               result.planned() ? ", " + result.gate_reason : ": " + result.outcome.message);
  return result;
}

}  // namespace

RunSettings preview_settings(const RunSettings& run, const routing::EnvironmentConfig& environment,
                             std::size_t index) {
  RunSettings settings = run;
  settings.target = environment;
  settings.mode = environment.mode;
  settings.plan_only = true;
  settings.force = false;
  settings.previews.clear();
  settings.sarif_file.clear();  // the run's own lint wrote it
  settings.fix_request_file.clear();
  settings.dispatch_fix_request = false;
  settings.comment_on_pr = false;
  // Belt and braces: a plan-only run refuses to create a group anyway (stages/resource_group).
  settings.create_resource_group = model::CreateResourceGroup::kNever;
  settings.work_dir = run.work_dir / ("preview-" + std::to_string(index + 1));
  settings.route_reason = "preview of " + environment.name +
                          " (what-if only, nothing deployed) for: " + run.route_reason;
  return settings;
}

void plan_previews(RunContext& ctx) {
  for (std::size_t i = 0; i < ctx.settings.previews.size(); ++i) {
    const auto& environment = ctx.settings.previews[i];
    if (util::interrupt_signal() != 0) {
      PreviewResult skipped;
      skipped.target = environment;
      skipped.not_planned = "the run was cancelled before this preview";
      ctx.record.previews.push_back(std::move(skipped));
      continue;
    }
    if (!reached(ctx, State::kLinting)) {
      PreviewResult skipped;
      skipped.target = environment;
      skipped.not_planned = "the run stopped while " + ctx.record.outcome.stage +
                            ", before it had logged in to Azure, which the previews reuse";
      ctx.record.previews.push_back(std::move(skipped));
      continue;
    }
    ctx.record.previews.push_back(plan_one(ctx, environment, i));
  }
}

}  // namespace bicepgate::pipeline
