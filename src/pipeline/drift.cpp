#include "pipeline/drift.hpp"

#include <spdlog/spdlog.h>

#include "audit/store.hpp"
#include "azure/scope.hpp"
#include "github/issues.hpp"
#include "pipeline/delivery.hpp"
#include "pipeline/stage.hpp"
#include "report/drift.hpp"
#include "report/markdown.hpp"
#include "stages/drift.hpp"
#include "stages/login.hpp"

namespace bicepgate::pipeline {
namespace {

// A drift check reads no template of the workspace: only the place must be named.
Status validate_place(RunContext& ctx) {
  const auto& env = ctx.settings.target;
  if (ctx.scope() == "resourceGroup" && env.resource_group.empty())
    return fail("environment '" + env.name + "' has no resource group (input 'resource-group')");
  if (ctx.scope() == "managementGroup" && env.management_group.empty())
    return fail("environment '" + env.name +
                "' has no management group (config key management-group, input "
                "'management-group-id')");
  return {};
}

report::DriftFacts facts_of(const RunContext& ctx) {
  report::DriftFacts facts;
  facts.environment = ctx.settings.target.name;
  const auto place = ctx.place();
  facts.where = place.scope == "resourceGroup"
                    ? "resource group " + report::markdown_code(place.resource_group)
                : place.scope == "managementGroup"
                    ? "management group " + report::markdown_code(place.management_group)
                    : azure::describe(place);
  facts.baseline = ctx.record.drift.baseline;
  facts.baseline_time = ctx.record.drift.baseline_time;
  facts.run_url = ctx.event.run_url();
  facts.checked = audit::now_iso8601();
  return facts;
}

}  // namespace

void check_drift(RunContext& ctx) {
  // Only the place: a drift check compares Azure with what was deployed, not with the workspace.
  const bool ok =
      run_stage(ctx, State::kValidatingParameters, "validate parameters", validate_place) &&
      // Inside the container az has no login of its own: the inputs say how to get one.
      run_stage(ctx, State::kValidatingParameters, "log in", stages::login) &&
      // The last successful deployment's template and parameters, in what-if against Azure now.
      run_stage(ctx, State::kPlanning, "drift", stages::detect_drift);
  if (!ok) return;
  ctx.record.machine.move_to(State::kCompleted,
                             (ctx.record.drift.drift ? "drift against " : "no drift against ") +
                                 ctx.record.drift.baseline);
}

void publish_drift(RunContext& ctx) {
  const auto& drift = ctx.record.drift;
  (void)ctx.files.set_output("drift", !drift.checked ? "" : drift.drift ? "true" : "false");
  if (!drift.checked) return;
  std::string md = "\n### Drift\n\n";
  if (drift.drift) {
    md += "Azure differs from " + report::markdown_code(drift.baseline) +
          ", the last successful deployment: the what-if above lists what redeploying it would "
          "change back.\n";
  } else {
    md += "None: Azure matches " + report::markdown_code(drift.baseline) +
          ", the last successful deployment.\n";
  }
  (void)ctx.files.append_summary(md);
  if (drift.drift) {
    github::Annotation annotation;
    annotation.level = ctx.settings.drift_fails ? github::AnnotationLevel::kError
                                                : github::AnnotationLevel::kWarning;
    annotation.explains_failure = ctx.settings.drift_fails;
    annotation.title = "bicepgate: drift in " + ctx.settings.target.name;
    annotation.message = ctx.commands.redact(
        "Azure differs from deployment " + drift.baseline +
        "; the job summary lists the changes. Redeploy to undo them, or change the template to "
        "keep them.");
    ctx.commands.annotate(annotation);
  }
}

void report_drift_issue(RunContext& ctx) {
  auto& drift = ctx.record.drift;
  if (!ctx.settings.drift_issue || !drift.checked) return;
  if (ctx.settings.github_token.empty()) {
    github::Annotation warning;
    warning.level = github::AnnotationLevel::kWarning;
    warning.title = "bicepgate: drift issue";
    warning.message =
        "No drift issue was opened, edited or closed: github-token is empty (it needs "
        "permissions issues: write), or set drift-issue: false.";
    ctx.commands.annotate(warning);
    return;
  }
  const auto facts = facts_of(ctx);
  github::TrackingIssue wanted;
  wanted.label = report::kDriftIssueLabel;
  wanted.marker = report::drift_marker(facts.environment);
  wanted.fingerprint = report::drift_fingerprint_line(drift.fingerprint);
  wanted.present = drift.drift;
  wanted.title = report::drift_issue_title(facts.environment);
  const report::Redact redact = [&](const std::string& text) { return ctx.commands.redact(text); };
  if (drift.drift) wanted.body = report::render_drift_issue(ctx.record.what_if, facts, redact);
  wanted.closing_comment = report::render_drift_gone(facts);
  auto synced = github::sync_tracking_issue(api_of(ctx), ctx.event.repository, wanted);
  if (!synced) {
    drift.issue_action = "failed";
    report_api_problem(ctx, "drift issue", synced.error().message);
    return;
  }
  drift.issue_action = github::to_string(synced->action);
  drift.issue_number = synced->number;
  drift.issue_url = synced->url;
  (void)ctx.files.set_output("drift-issue",
                             synced->number != 0 ? std::to_string(synced->number) : std::string());
  if (synced->foreign > 0) {
    spdlog::warn(
        "drift issue: {} open issue(s) carrying bicepgate's drift marker were written by someone "
        "else than the github-token's account and were left alone",
        synced->foreign);
  }
  if (synced->action != github::IssueAction::kNone) {
    (void)ctx.files.append_summary("\nDrift issue #" + std::to_string(synced->number) + ": " +
                                   drift.issue_action + ".\n");
  }
  spdlog::info("drift issue: {}{}", drift.issue_action,
               synced->number != 0 ? " #" + std::to_string(synced->number) : "");
}

int drift_exit_code(const RunContext& ctx) {
  return ctx.settings.drift && ctx.settings.drift_fails && ctx.record.drift.drift ? 1 : 0;
}

}  // namespace bicepgate::pipeline
