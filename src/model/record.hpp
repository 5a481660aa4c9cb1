#pragma once
// model/: the record of one run, pure data: what each stage found (compilation, plan,
// deployment, health), the retries, the warnings, the state history, and the stage failure.
// Stages return into it; report/ and audit/ only read it.

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "azure/deployment.hpp"
#include "azure/deployment_history.hpp"
#include "azure/stack.hpp"
#include "azure/what_if.hpp"
#include "bicep/compiler.hpp"
#include "classify/classifier.hpp"
#include "model/state_machine.hpp"
#include "routing/config.hpp"

namespace bicepgate::model {

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

// Why a stage failed or was cancelled. No class: the run did not fail (or was cancelled).
struct RunOutcome {
  std::optional<classify::FailureClass> failure_class;
  std::string message;  // for people
  std::string stage;    // the stage that failed
  std::string code;     // the most specific error code, when one is known
  std::string hint;     // what to do about it
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
  std::optional<azure::WhatIfResult> what_if_shown;  // as RunRecord's
  std::vector<DestructiveChange> destructive;
  bool gate_stops = false;  // the deploying run would stop at the delete gate
  std::string gate_reason;  // why it stops and what approves it, or why it would go through
  RunOutcome outcome;       // when it failed: stage, class, code, message, hint
  std::vector<std::string> region_warnings;
  bool planned() const { return state == State::kCompleted; }
  const azure::WhatIfResult& shown_what_if() const {
    return what_if_shown ? *what_if_shown : what_if;
  }
};

// Pure. For the `previews` output and the audit record: environment → state, what-if counts,
// destructive count, whether the gate would stop, and a failure's class, code and stage.
nlohmann::json previews_json(const std::vector<PreviewResult>& previews);

// Pure. The previews that were not planned (failed, cancelled, or skipped).
std::vector<const PreviewResult*> unplanned(const std::vector<PreviewResult>& previews);

// What ARM redeployed after the deployment failed (rollback-on-failure). Not requested: the
// run asked for none.
struct RollbackRecord {
  bool requested = false;
  std::string policy;          // as the setting says it: last-successful or the name asked for
  std::string type;            // ARM's: LastSuccessful or SpecificDeployment
  std::string deployment;      // the deployment redeployed (ARM's word, else the history's)
  std::string state;           // the redeploy's provisioningState; empty: ARM ran none
  std::string correlation_id;  // the failed deployment's, which ARM's activity log carries
  std::string detail;          // why it did not run or did not succeed
  bool succeeded() const;
};

// Pure. For the audit record: policy, ARM's type, the deployment redeployed, its state, the
// outcome (rolled_back, failed, not_run), the correlation id and the detail; null when none was
// requested.
nlohmann::json rollback_json(const RollbackRecord& rollback);

// A drift check (settings.drift): what-if of the environment's last successful deployment, the
// template and parameters it was given, against Azure as it is now. Never deploys.
struct DriftCheck {
  bool checked = false;  // what-if answered
  bool drift = false;    // a change is left after the noise filter
  std::string baseline;  // the deployment compared with
  std::string baseline_time;
  std::string fingerprint;   // names this drift: the same changes give the same one
  std::string issue_action;  // opened, updated, unchanged, closed, none; empty: not tried
  int issue_number = 0;
  std::string issue_url;
};

// One failed attempt of a stage that was then retried.
struct RetriedAttempt {
  std::string stage;
  int attempt = 0;
  std::string code;
  std::chrono::milliseconds delay{0};
};

// A login bicepgate made again during the run: before `stage`, because the login had grown old
// (`reason` "age") or because the stage failed on an expired login (the code, e.g. AADSTS700024).
struct Relogin {
  std::string stage;
  std::string reason;
  bool ok = false;
};

// The record of one run: what the stages found, in order. Pure data: the stages write it, the
// reports and the audit trail read it.
struct RunRecord {
  // The state history: every transition with its time (the audit trail writes each at once).
  StateMachine machine;
  std::string az_version;
  // What lint and the region check resolved where the settings only assumed: the scope the
  // compiled template declares, and the region auto-region moved the deployment to.
  std::string scope;
  std::string moved_to_region;
  bicep::Compilation compilation;
  std::filesystem::path compiled_template;
  std::filesystem::path compiled_parameters;  // from a .bicepparam file
  // The overrides of secure parameters as a 0600 parameters file (what_if writes it once), and
  // their names: those values go to az in the file, never on its command line.
  std::filesystem::path secure_overrides_file;
  std::vector<std::string> secure_override_names;
  std::string cloud;  // input cloud, once az has it active
  std::string deployment_name;
  std::vector<azure::DeploymentResult> history;
  azure::WhatIfResult what_if;  // the whole plan: the gate, skip-unchanged, outputs and audit
  // The plan as people read it when input what-if-exclude-change-types hides change types
  // (azure::without_change_types, its `hidden` counting them); none hidden: what_if itself.
  std::optional<azure::WhatIfResult> what_if_shown;
  std::vector<DestructiveChange> destructive;  // deletes
  std::vector<DestructiveChange> unmanaged;    // left running, no longer managed by the template
  std::string gate_reason;  // why destructive changes were allowed, when they were
  std::string plan_file;    // the full plan, as shown in output `plan-file`, once written
  bool unchanged = false;   // same content succeeded before and what-if shows no change
  azure::DeploymentResult deployment;
  // A stack environment's stack (type: stack): as the plan found it (nullopt: none yet), then
  // as its create left it; `deployment` holds the same facts for health and the outputs.
  std::optional<azure::StackResult> stack;
  std::vector<HealthCheck> health;
  RollbackRecord rollback;
  RunOutcome outcome;  // the failure, when a stage failed or was cancelled
  std::vector<RetriedAttempt> retries;
  std::vector<Relogin> relogins;  // each login after the first, and why
  // Regional checks before what-if, and the template's own deploymentWarnings output.
  std::vector<std::string> region_warnings;
  bool regions_checked = false;
  // The previews of settings.previews, in the config's order, once the run's own plan is done.
  std::vector<PreviewResult> previews;
  DriftCheck drift;

  // What the summary, the comment, the plan file and the terminal table render.
  const azure::WhatIfResult& shown_what_if() const {
    return what_if_shown ? *what_if_shown : what_if;
  }
};

// Pure. The failure's class as the outputs, the audit and the fix-request spell it; "" when
// the run did not fail.
std::string class_name(const RunOutcome& outcome);

}  // namespace bicepgate::model
