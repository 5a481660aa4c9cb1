#pragma once
// model/: a run's settings (resolved once, then read-only) and its record (what the stages
// found); pure data that the stages fill and report/ and audit/ read.

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "azure/blob_store.hpp"
#include "azure/login.hpp"
#include "azure/regions.hpp"
#include "azure/what_if_noise.hpp"
#include "classify/retry.hpp"
#include "routing/config.hpp"

namespace bicepgate::model {

// A missing resource group: never created, created for non-production environments, or always.
enum class CreateResourceGroup { kNever, kNonProduction, kAlways };

struct RunSettings {
  routing::EnvironmentConfig target;  // the environment, with input overrides applied
  std::vector<std::pair<std::string, std::string>> overrides;  // --param K=V
  bool plan_only = false;  // pull requests and previews stop after what-if
  // A drift check instead of a deployment (input drift, or a route's drift: true); drift fails
  // the run only with drift_fails; drift_issue keeps one GitHub issue per environment.
  bool drift = false;
  bool drift_fails = false;
  bool drift_issue = true;
  // Off Actions the plan is printed as a table after what-if (the summary holds it on Actions),
  // coloured when the terminal wants colours.
  bool print_plan = false;
  bool colour = false;
  bool skip_health = false;
  bool force = false;          // deploy even when the same content already succeeded unchanged
  bool force_health = false;   // unchanged and not deployed: still verify what is deployed
  bool allow_deletes = false;  // input allow-deletes: approve destructive changes
  // Input stack-delete: delete the environment's deployment stack (type: stack) instead of
  // updating it; what it manages is deleted or detached as action-on-unmanage says, behind the
  // delete gate.
  bool stack_delete = false;
  std::string delete_approval_label = "approve-deletes";
  std::string mode = "Incremental";  // or Complete
  std::string sarif_file;            // where to write lint findings as SARIF, if set
  std::vector<azure::NoiseRule> noise_rules;
  classify::RetryPolicy retry;
  // How often a running deployment's operations are read for progress (BICEPGATE_PROGRESS_SECONDS).
  std::chrono::seconds progress_interval{30};
  // How long az may wait for the deployment (input timeout-minutes) before it is stopped.
  std::chrono::milliseconds deploy_timeout{std::chrono::minutes(120)};
  // How old a login of bicepgate's own (OIDC or creds) may be when a stage starts before it
  // logs in again (input relogin-minutes; zero: only on an expired-login failure). Entra ID's
  // access tokens live 60 to 90 minutes, the runner's ID token (the federated assertion az
  // replays to get a new one) about 5; a stage that starts past this gets a fresh pair.
  std::chrono::milliseconds relogin_after{std::chrono::minutes(30)};
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
  // Input audit-store: the team's blob container, where each run writes its record too (open at
  // start, closed at the end); none: the trail stays in the workspace.
  std::optional<azure::BlobContainer> audit_store;
  azure::BlobAuth audit_store_auth = azure::BlobAuth::kLogin;  // input audit-store-auth
  std::filesystem::path workspace;  // paths in the config are relative to it
  std::filesystem::path work_dir;   // where compiled templates are written
  std::string bicep_executable = "bicep";
  std::string git_sha;
  std::string route_reason;
  // Input validation-level: az deployment what-if/create --validation-level (Provider, Template,
  // ProviderNoRbac); empty leaves az's default (Provider) and passes no flag.
  std::string validation_level;
  // Input what-if-exclude-change-types: change types (spelled as azure::change_types()) hidden
  // from what people read (summary, comment, plan file, terminal table); the gate, skip-unchanged,
  // the outputs and the audit record still read the whole plan.
  std::vector<std::string> what_if_hidden_types;
  // Input masked-outputs: deployment outputs (names compared without case, as ARM does) whose
  // values are masked before anything is written, still set as step outputs, shown nowhere.
  std::vector<std::string> masked_outputs;
  // Environments the route previews (routing `preview:`): planned read-only after this run's own
  // environment, as the deploying run would plan them.
  std::vector<routing::EnvironmentConfig> previews;
  // What a failed deployment redeploys (input or config key rollback-on-failure, see
  // routing::choose_rollback), where that came from, and why the input was not applied.
  routing::RollbackPolicy rollback;
  std::string rollback_source;
  std::string rollback_refused;
  // Input preview-required: a preview that cannot be planned fails the job.
  bool preview_required = false;
  // Phrases of failure messages and the caller's words for them: `bicepgate deploy` names its
  // flags (-t/--template) where the action names its inputs (input 'template').
  std::vector<std::pair<std::string, std::string>> wording;

  // Pure. `message` with every phrase of `wording` in the caller's words.
  std::string worded(std::string message) const;
};

}  // namespace bicepgate::model
