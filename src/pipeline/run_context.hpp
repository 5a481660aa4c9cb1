#pragma once
// What every stage receives: the resolved settings, the runner's channels, the az seam, the
// state machine, and what earlier stages found.

#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "azure/az_runner.hpp"
#include "azure/deployment.hpp"
#include "azure/deployment_history.hpp"
#include "azure/login.hpp"
#include "azure/regions.hpp"
#include "azure/what_if.hpp"
#include "azure/what_if_noise.hpp"
#include "bicep/compiler.hpp"
#include "classify/classifier.hpp"
#include "classify/retry.hpp"
#include "github/event_context.hpp"
#include "github/runner_files.hpp"
#include "github/workflow_commands.hpp"
#include "pipeline/state_machine.hpp"
#include "routing/config.hpp"

namespace bicepgate::pipeline {

// A missing resource group: never created, created for non-production environments, or always.
enum class CreateResourceGroup { kNever, kNonProduction, kAlways };

struct RunSettings {
  routing::EnvironmentConfig target;  // the environment, with input overrides applied
  std::vector<std::pair<std::string, std::string>> overrides;  // --param K=V
  bool plan_only = false;  // pull requests and previews stop after what-if
  // Off Actions the plan is printed as a table after what-if (the summary holds it on Actions),
  // coloured when the terminal wants colours.
  bool print_plan = false;
  bool colour = false;
  bool skip_health = false;
  bool force = false;          // deploy even when the same content already succeeded unchanged
  bool allow_deletes = false;  // input allow-deletes: approve destructive changes
  std::string delete_approval_label = "approve-deletes";
  std::string mode = "Incremental";  // or Complete
  std::string sarif_file;            // where to write lint findings as SARIF, if set
  std::vector<azure::NoiseRule> noise_rules;
  classify::RetryPolicy retry;
  // How often a running deployment's operations are read for progress (BICEPGATE_PROGRESS_SECONDS).
  std::chrono::seconds progress_interval{30};
  // How long az may wait for the deployment (input timeout-minutes) before it is stopped.
  std::chrono::milliseconds deploy_timeout{std::chrono::minutes(120)};
  std::string fix_request_file;  // where the fix-request goes; empty: RUNNER_TEMP
  // The directory the full plan (Markdown) is written to, next to the audit record; empty: none.
  std::filesystem::path plan_dir;
  // plan_dir as outputs show it: relative to the workspace under Actions, as audit-record.
  std::string plan_dir_shown;
  int max_fix_attempts = 3;                  // past this, a human is needed
  std::vector<std::string> protected_files;  // production parameter files the agent must not touch
  azure::RegionTable regions;                // data/regions.yml
  bool auto_region = false;  // move to a tier-1 region that offers what the template needs
  // Which missing resource groups a deploying run creates (input create-resource-group).
  CreateResourceGroup create_resource_group = CreateResourceGroup::kNonProduction;
  azure::LoginSettings login;  // inputs client-id, tenant-id, subscription-id, creds
  // Talking back to GitHub (inputs github-token, comment-on-pr, dispatch-fix-request).
  std::string github_token;
  bool comment_on_pr = true;
  bool dispatch_fix_request = false;
  std::string dispatch_event_type = "deployment-fix-request";
  std::filesystem::path workspace;  // paths in the config are relative to it
  std::filesystem::path work_dir;   // where compiled templates are written
  std::string bicep_executable = "bicep";
  std::string git_sha;
  std::string route_reason;
  // Input validation-level: az deployment what-if/create --validation-level (Provider, Template,
  // ProviderNoRbac); empty leaves az's default (Provider) and passes no flag.
  std::string validation_level;
  // Environments the route previews (routing `preview:`): planned read-only after this run's own
  // environment, as the deploying run would plan them.
  std::vector<routing::EnvironmentConfig> previews;
  // Input preview-required: a preview that cannot be planned fails the job.
  bool preview_required = false;
  // Phrases of failure messages and the caller's words for them: `bicepgate deploy` names its
  // flags (-t/--template) where the action names its inputs (input 'template').
  std::vector<std::pair<std::string, std::string>> wording;

  // Pure. `message` with every phrase of `wording` in the caller's words.
  std::string worded(std::string message) const;
};

// A delete goes away; an unmanaged resource stays running (Incremental mode leaves what the
// template stopped declaring), so each has its own list and policy.
enum class DestructiveKind { kDelete, kUnmanaged };

struct DestructiveChange {
  std::string resource_id;
  std::string resource_type;
  std::string resource_name;
  std::string why;  // "Delete in Complete mode", "dropped from the template (Ignore)"
  DestructiveKind kind = DestructiveKind::kDelete;
};

struct HealthCheck {
  std::string kind;    // resource, http, tcp
  std::string target;  // resource id, URL or host:port
  bool healthy = false;
  bool checked = true;  // false: could not be checked (e.g. child resources are not listed)
  std::string detail;
};

// The code of a failure that is bicepgate's own fault (an exception that escaped a stage).
inline constexpr std::string_view kInternalErrorCode = "bicepgate.internal";

struct RunOutcome {
  std::string failure_class;  // logic | environmental | configuration | unknown
  std::string message;        // for people
  std::string stage;          // the stage that failed
  std::string code;           // the most specific error code, when one is known
  std::string hint;           // what to do about it
  bool retryable = false;
  std::optional<int> retry_after_seconds;
  std::vector<classify::ErrorNode> errors;
  std::string file;  // where in the source it points, workspace-relative
  int line = 0;
  int column = 0;
};

// Another environment planned read-only after the run's own (routing `preview:`): what the
// deploying run (a pull request's merge) would change there. Nothing is written to Azure.
struct PreviewResult {
  routing::EnvironmentConfig target;
  // completed (planned), failed, cancelled, or skipped: not planned at all (`not_planned`).
  State state = State::kSkipped;
  std::string not_planned;
  std::string deployment_name;
  azure::WhatIfResult what_if;
  std::vector<DestructiveChange> destructive;
  bool gate_stops = false;  // the deploying run would stop at the delete gate
  std::string gate_reason;  // why it stops and what approves it, or why it would go through
  RunOutcome outcome;       // when it failed: stage, class, code, message, hint
  std::vector<std::string> region_warnings;
  bool planned() const { return state == State::kCompleted; }
};

// Pure. For the `previews` output and the audit record: environment → state, what-if counts,
// destructive count, whether the gate would stop, and a failure's class, code and stage.
nlohmann::json previews_json(const std::vector<PreviewResult>& previews);

// Pure. The previews that were not planned (failed, cancelled, or skipped).
std::vector<const PreviewResult*> unplanned(const std::vector<PreviewResult>& previews);

// One failed attempt of a stage that was then retried.
struct RetriedAttempt {
  std::string stage;
  int attempt = 0;
  std::string code;
  std::chrono::milliseconds delay{0};
};

struct RunContext {
  RunContext(RunSettings run_settings, github::EventContext run_event,
             github::WorkflowCommands& out, github::RunnerFiles& runner_files,
             azure::AzRunner& az_runner, const classify::RuleTable& rule_table)
      : settings(std::move(run_settings)),
        event(std::move(run_event)),
        commands(out),
        files(runner_files),
        az(az_runner),
        rules(rule_table) {}

  RunSettings settings;
  github::EventContext event;
  github::WorkflowCommands& commands;
  github::RunnerFiles& files;
  azure::AzRunner& az;
  const classify::RuleTable& rules;
  StateMachine machine;

  // Filled in by the stages, in order.
  std::string az_version;
  bicep::Compilation compilation;
  std::filesystem::path compiled_template;
  std::filesystem::path compiled_parameters;  // from a .bicepparam file
  // The overrides of secure parameters as a 0600 parameters file (what_if writes it once), and
  // their names: those values go to az in the file, never on its command line.
  std::filesystem::path secure_overrides_file;
  std::vector<std::string> secure_override_names;
  std::string deployment_name;
  std::vector<azure::DeploymentResult> history;
  azure::WhatIfResult what_if;
  std::vector<DestructiveChange> destructive;  // deletes
  std::vector<DestructiveChange> unmanaged;    // left running, no longer managed by the template
  std::string gate_reason;  // why destructive changes were allowed, when they were
  std::string plan_file;    // the full plan, as shown in output `plan-file`, once written
  bool unchanged = false;   // same content succeeded before and what-if shows no change
  azure::DeploymentResult deployment;
  std::vector<HealthCheck> health;
  RunOutcome outcome;
  std::vector<RetriedAttempt> retries;
  // How the run waits before a stage's retry; empty: sleeps, ended early by a cancel. Tests
  // hand in one that only records the delay.
  std::function<void(std::chrono::milliseconds)> wait_before_retry;
  // Regional checks before what-if, and the template's own deploymentWarnings output.
  std::vector<std::string> region_warnings;
  bool regions_checked = false;
  // The previews of settings.previews, in the config's order, once the run's own plan is done.
  std::vector<PreviewResult> previews;

  // Relative to the workspace, as annotations and reports want it.
  std::string workspace_relative(const std::string& path) const;
  std::filesystem::path in_workspace(const std::string& path) const;
  // The ARM parameters JSON this run deploys with: compiled from a .bicepparam, else the
  // parameters file as written ("" when there is none or it cannot be read).
  std::string parameters_text() const;
};

}  // namespace bicepgate::pipeline
