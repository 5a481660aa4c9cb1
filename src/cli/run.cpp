#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <tuple>

#include "azure/deployment.hpp"
#include "azure/scope.hpp"
#include "azure/stack.hpp"
#include "azure/stack_limits.hpp"
#include "azure/what_if.hpp"
#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "cli/run_setup.hpp"
#include "github/inputs.hpp"
#include "github/runner_files.hpp"
#include "github/workflow_commands.hpp"
#include "pipeline/run.hpp"
#include "report/markdown.hpp"
#include "routing/rollback.hpp"
#include "routing/router.hpp"
#include "util/strings.hpp"

namespace bicepgate::cli {
namespace {

// The routed environment's place and template, retargeted by the inputs, field by field.
Status override_target(const github::Inputs& inputs, model::RunSettings& settings) {
  auto override_text = [&](const char* name, std::string& field) {
    if (auto value = inputs.get(name); !value.empty()) field = value;
  };
  override_text("resource-group", settings.target.resource_group);
  override_text("location", settings.target.location);
  override_text("template", settings.target.template_file);
  override_text("parameters", settings.target.parameters_file);
  override_text("scope", settings.target.scope);
  override_text("management-group-id", settings.target.management_group);
  if (!azure::is_scope(settings.target.scope)) {
    return fail("input 'scope' is '" + settings.target.scope + "', expected " +
                azure::scope_choices());
  }
  if (!inputs.get("allow-warnings").empty()) {
    // The input overrides the environment's warnings-as-errors, whole: true lets every warning
    // through, false fails on any.
    auto allow_warnings = inputs.get_bool("allow-warnings", false);
    if (!allow_warnings) return fail(allow_warnings.error());
    settings.target.warnings_as_errors = routing::WarningsAsErrors{!*allow_warnings, {}};
  }
  return {};
}

// Inputs type, action-on-unmanage and deny-settings-*: the routed environment deployed as a
// deployment stack, or its stack's settings changed. No action.yml default, so empty is "not
// given" and the config's keys stand.
Status read_stack_inputs(const github::Inputs& inputs, model::RunSettings& settings) {
  auto& target = settings.target;
  if (auto type = inputs.get("type"); !type.empty()) {
    // bicep-deploy spells a stack deploymentStack; both are taken.
    if (type == "stack" || type == "deploymentStack") {
      if (!target.stack) target.stack = azure::StackSettings{};
    } else if (type == "deployment") {
      target.stack.reset();
    } else {
      return fail("input 'type' is '" + type + "', expected deployment or stack");
    }
  }
  static const char* const kStackInputs[] = {"action-on-unmanage",
                                             "deny-settings-mode",
                                             "deny-settings-excluded-principals",
                                             "deny-settings-excluded-actions",
                                             "deny-settings-apply-to-child-scopes",
                                             "stack-delete"};
  if (!target.stack) {
    for (const char* name : kStackInputs) {
      if (!inputs.get(name).empty()) {
        return fail("input '" + std::string(name) + "' applies to deployment stacks only, and " +
                    "environment '" + target.name +
                    "' is a deployment; set input type: stack, or type: stack in the config");
      }
    }
    return {};
  }
  if (target.mode == "Complete") {
    return fail("input 'mode' is Complete, which a deployment stack (environment '" + target.name +
                "', type: stack) does not take: input action-on-unmanage says "
                "what becomes of the resources the template drops");
  }
  auto& stack = *target.stack;
  if (auto value = inputs.get("action-on-unmanage"); !value.empty()) {
    auto action = azure::unmanage_action_named(value);
    if (!action) {
      return fail("input 'action-on-unmanage' is '" + value +
                  "', expected detachAll, deleteResources or deleteAll");
    }
    stack.action_on_unmanage = *action;
  }
  if (auto value = inputs.get("deny-settings-mode"); !value.empty()) {
    auto mode = azure::deny_mode_named(value);
    if (!mode) {
      return fail("input 'deny-settings-mode' is '" + value +
                  "', expected none, denyDelete or denyWriteAndDelete");
    }
    stack.deny_mode = *mode;
  }
  for (auto [name, into, most] :
       {std::tuple{"deny-settings-excluded-principals", &stack.excluded_principals,
                   azure::kMaxExcludedPrincipals},
        std::tuple{"deny-settings-excluded-actions", &stack.excluded_actions,
                   azure::kMaxExcludedActions}}) {
    if (inputs.get(name).empty()) continue;
    auto items = inputs.get_list(name);
    if (items.size() > most) {
      return fail("input '" + std::string(name) + "' has " + std::to_string(items.size()) +
                  " items, at most " + std::to_string(most) + " are permitted (ARM's limit)");
    }
    for (const auto& item : items) {
      // az splits these on spaces: an item with one would become two.
      if (item.find_first_of(" \t") != std::string::npos) {
        return fail("input '" + std::string(name) + "' has '" + item +
                    "', expected one item per line or comma, without spaces");
      }
    }
    *into = items;
  }
  auto stack_delete = inputs.get_bool("stack-delete", false);
  if (!stack_delete) return fail(stack_delete.error());
  settings.stack_delete = *stack_delete;
  if (!inputs.get("deny-settings-apply-to-child-scopes").empty()) {
    auto value = inputs.get_bool("deny-settings-apply-to-child-scopes", false);
    if (!value) return fail(value.error());
    stack.apply_to_child_scopes = *value;
  }
  return {};
}

// Input force: what runs although the content is unchanged. A boolean (the deploy, and so the
// health check after it), or the stages by name: `deploy`, `health` (verify what the last
// deployment of this content made, without deploying again).
Status read_force(const github::Inputs& inputs, model::RunSettings& settings) {
  const auto items = inputs.get_list("force");
  if (items.size() == 1 && (items[0] != "deploy" && items[0] != "health")) {
    auto force = inputs.get_bool("force", false);
    if (!force) {
      return fail("input 'force' is '" + inputs.get("force") +
                  "', expected true, false, or stages among deploy, health (e.g. 'health')");
    }
    settings.force = *force;
    return {};
  }
  for (const auto& item : items) {
    if (item == "deploy") {
      settings.force = true;
    } else if (item == "health") {
      settings.force_health = true;
    } else {
      return fail("input 'force' names '" + item + "', expected stages among deploy, health");
    }
  }
  return {};
}

// What the run does: plan only, health, overrides, mode, deletes, force, SARIF, noise, regions.
Status read_run_inputs(const github::Inputs& inputs, const routing::RouteDecision& decision,
                       const github::EnvironmentMap& env, model::RunSettings& settings) {
  auto plan_only = inputs.get_bool("plan-only", decision.plan_only);
  if (!plan_only) return fail(plan_only.error());
  settings.plan_only = *plan_only || decision.plan_only;
  auto drift = inputs.get_bool("drift", false);
  if (!drift) return fail(drift.error());
  settings.drift = *drift || decision.drift;
  auto drift_fails = inputs.get_bool("drift-fails", false);
  if (!drift_fails) return fail(drift_fails.error());
  settings.drift_fails = *drift_fails;
  auto drift_issue = inputs.get_bool("drift-issue", true);
  if (!drift_issue) return fail(drift_issue.error());
  settings.drift_issue = *drift_issue;
  auto skip_health = inputs.get_bool("skip-health", false);
  if (!skip_health) return fail(skip_health.error());
  settings.skip_health = *skip_health;
  for (const auto& item : inputs.get_list("parameter-overrides")) {
    auto eq = item.find('=');
    if (eq == std::string::npos || eq == 0) {
      return fail("input 'parameter-overrides' has '" + item + "', expected KEY=VALUE per line");
    }
    settings.overrides.emplace_back(item.substr(0, eq), item.substr(eq + 1));
  }
  if (auto bicep = inputs.get("bicep-path"); !bicep.empty()) settings.bicep_executable = bicep;
  if (auto mode = inputs.get("mode"); !mode.empty()) settings.target.mode = mode;
  if (settings.target.mode != "Incremental" && settings.target.mode != "Complete") {
    return fail("input 'mode' is '" + settings.target.mode + "', expected Incremental or Complete");
  }
  settings.mode = settings.target.mode;
  auto allow_deletes = inputs.get_bool("allow-deletes", false);
  if (!allow_deletes) return fail(allow_deletes.error());
  settings.allow_deletes = *allow_deletes;
  if (auto label = inputs.get("delete-approval-label"); !label.empty())
    settings.delete_approval_label = label;
  if (auto forced = read_force(inputs, settings); !forced) return forced;
  settings.sarif_file = inputs.get("sarif-file");
  auto noise = load_noise_rules(env, inputs.get("what-if-noise"));
  if (!noise) return fail(noise.error());
  settings.noise_rules = std::move(*noise);
  auto regions = load_regions(env);
  if (!regions) return fail(regions.error());
  settings.regions = std::move(*regions);
  if (auto create = inputs.get("create-resource-group"); !create.empty()) {
    if (auto wrong = check_one_of(create, {"false", "non-production", "true"}); !wrong.empty())
      return fail("input 'create-resource-group': " + wrong);
    settings.create_resource_group = create == "false" ? model::CreateResourceGroup::kNever
                                     : create == "true"
                                         ? model::CreateResourceGroup::kAlways
                                         : model::CreateResourceGroup::kNonProduction;
  }
  auto auto_region = inputs.get_bool("auto-region", false);
  if (!auto_region) return fail(auto_region.error());
  settings.auto_region = *auto_region;
  return {};
}

// A number of minutes from `least` to a day, as input `name` gives it ("30", "0.5").
Result<std::chrono::milliseconds> read_minutes(const std::string& text, const char* name,
                                               const char* least) {
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || *end != '\0' ||
      !(value >= std::strtod(least, nullptr) && value <= 1440)) {
    return fail("input '" + std::string(name) + "' is '" + text +
                "', expected a number of minutes from " + least + " to 1440 (e.g. 30 or 0.5)");
  }
  return std::chrono::milliseconds(static_cast<long long>(value * 60000));
}

// How often a stage is retried, how long the deployment may take, and how old a login may be.
Status read_retry_inputs(const github::Inputs& inputs, model::RunSettings& settings) {
  auto retries = inputs.get_int("max-retries", settings.retry.max_retries, 0, 20);
  if (!retries) return fail(retries.error());
  settings.retry.max_retries = *retries;
  auto base =
      inputs.get_int("retry-base-seconds", static_cast<int>(settings.retry.base.count()), 0, 300);
  if (!base) return fail(base.error());
  settings.retry.base = std::chrono::seconds(*base);
  if (auto minutes = inputs.get("timeout-minutes"); !minutes.empty()) {
    auto value = read_minutes(minutes, "timeout-minutes", "0.05");
    if (!value) return fail(value.error());
    settings.deploy_timeout = *value;
  }
  if (auto minutes = inputs.get("relogin-minutes"); !minutes.empty()) {
    auto value = read_minutes(minutes, "relogin-minutes", "0");
    if (!value) return fail(value.error());
    settings.relogin_after = *value;
  }
  return {};
}

// The fix loop, the login, and talking back to GitHub.
Status read_delivery_inputs(const github::Inputs& inputs, const routing::Config& config,
                            const github::EnvironmentMap& env, model::RunSettings& settings) {
  settings.fix_request_file = inputs.get("fix-request-file");
  auto attempts = inputs.get_int("max-fix-attempts", settings.max_fix_attempts, 0, 50);
  if (!attempts) return fail(attempts.error());
  settings.max_fix_attempts = *attempts;
  settings.login.client_id = inputs.get("client-id");
  settings.login.tenant_id = inputs.get("tenant-id");
  settings.login.subscription_id = inputs.get("subscription-id");
  settings.login.creds = inputs.get("creds");
  settings.login.cloud = inputs.get("cloud");
  settings.login.audience = inputs.get("audience");
  settings.login.id_token_url = github::lookup(env, "ACTIONS_ID_TOKEN_REQUEST_URL").value_or("");
  settings.login.id_token_request =
      github::lookup(env, "ACTIONS_ID_TOKEN_REQUEST_TOKEN").value_or("");
  settings.github_token = inputs.get("github-token");
  auto comment = inputs.get_bool("comment-on-pr", true);
  if (!comment) return fail(comment.error());
  settings.comment_on_pr = *comment;
  auto dispatch = inputs.get_bool("dispatch-fix-request", false);
  if (!dispatch) return fail(dispatch.error());
  settings.dispatch_fix_request = *dispatch;
  if (auto type = inputs.get("fix-request-event-type"); !type.empty()) {
    if (type.size() > 100)
      return fail("input 'fix-request-event-type' is " + std::to_string(type.size()) +
                  " characters, expected at most 100 (GitHub's limit for event_type)");
    settings.dispatch_event_type = type;
  }
  for (const auto& [name, environment] : config.environments) {
    if (environment.production && !environment.parameters_file.empty()) {
      settings.protected_files.push_back(environment.parameters_file);
    }
  }
  return {};
}

// Every path the inputs or the repository name stays inside the workspace (what bicepgate
// writes may also go to RUNNER_TEMP): `..`, an absolute path elsewhere or a committed
// symbolic link leading out is refused before anything reads or writes it.
Status check_paths(const github::Inputs& inputs, const github::EnvironmentMap& env,
                   model::RunSettings& settings) {
  auto named_by = [&](const char* input) {
    return inputs.get(input).empty() ? "the config's '" + std::string(input) +
                                           "' of environment '" + settings.target.name + "'"
                                     : "input '" + std::string(input) + "'";
  };
  const std::pair<const std::string*, std::string> read_paths[] = {
      {&settings.target.template_file, named_by("template")},
      {&settings.target.parameters_file, named_by("parameters")}};
  for (const auto& [value, name] : read_paths) {
    if (value->empty()) continue;
    auto ok = util::contained_path(*value, readable_roots(settings.workspace), name);
    if (!ok) return fail(ok.error());
  }
  const std::pair<const std::string*, const char*> written_paths[] = {
      {&settings.sarif_file, "input 'sarif-file'"},
      {&settings.fix_request_file, "input 'fix-request-file'"}};
  for (const auto& [value, name] : written_paths) {
    if (value->empty()) continue;
    auto ok = util::contained_path(*value, writable_roots(env, settings.workspace), name);
    if (!ok) return fail(ok.error());
  }
  if (auto level = inputs.get("validation-level"); !level.empty()) {
    settings.validation_level = azure::canonical_validation_level(level);
    if (settings.validation_level.empty())
      return fail("input 'validation-level': " + check_one_of(level, azure::validation_levels()));
  }
  return {};
}

// Input what-if-exclude-change-types: change types by line, comma or space, matched without
// case; and input masked-outputs: output names by line or comma, as the peer action
// (Azure/bicep-deploy) splits them.
Status read_shown_inputs(const github::Inputs& inputs, model::RunSettings& settings) {
  for (const auto& item : inputs.get_list("what-if-exclude-change-types")) {
    for (const auto& word : util::split(util::replace_all(item, "\t", " "), ' ')) {
      const auto value = util::trim(word);
      if (value.empty()) continue;
      const auto type = azure::canonical_change_type(value);
      if (type.empty()) {
        return fail("input 'what-if-exclude-change-types': " +
                    check_one_of(value, azure::change_types()));
      }
      if (std::find(settings.what_if_hidden_types.begin(), settings.what_if_hidden_types.end(),
                    type) == settings.what_if_hidden_types.end())
        settings.what_if_hidden_types.push_back(type);
    }
  }
  settings.masked_outputs = inputs.get_list("masked-outputs");
  return {};
}

// The environments the route previews, as the config declares them (routing `preview:`).
Status add_previews(const github::Inputs& inputs, const routing::Config& config,
                    const routing::RouteDecision& decision, model::RunSettings& settings) {
  auto preview_required = inputs.get_bool("preview-required", false);
  if (!preview_required) return fail(preview_required.error());
  settings.preview_required = *preview_required;
  for (const auto& name : decision.preview) {
    if (name == settings.target.name) continue;
    // The environment as the config declares it: the inputs that retarget (resource-group,
    // template…) name the routed environment's place, not this one's. Mode and allow-warnings
    // are the workflow's, as the deploying run would get them.
    auto preview = config.environments.at(name);
    if (auto mode = inputs.get("mode"); !mode.empty()) preview.mode = mode;
    if (!inputs.get("allow-warnings").empty())
      preview.warnings_as_errors = settings.target.warnings_as_errors;
    for (const auto* value : {&preview.template_file, &preview.parameters_file}) {
      if (value->empty()) continue;
      auto ok = util::contained_path(*value, readable_roots(settings.workspace),
                                     "the config's path of environment '" + name + "'");
      if (!ok) return fail(ok.error());
    }
    settings.previews.push_back(std::move(preview));
  }
  return {};
}

// rollback-on-failure: the input or the environment's key, never a shared input's for
// production (routing::choose_rollback).
Status read_rollback_input(const github::Inputs& inputs, const routing::Config& config,
                           model::RunSettings& settings) {
  auto choice = routing::choose_rollback(
      settings.target, routing::production_reason(config, settings.target),
      inputs.get("rollback-on-failure"), !inputs.get("environment").empty());
  if (!choice) return fail(choice.error());
  settings.rollback = choice->policy;
  settings.rollback_source = choice->source;
  settings.rollback_refused = choice->refused;
  return {};
}

// The team audit trail: input audit-store (a blob container's URL) and how az signs in to it.
Status read_audit_store_inputs(const github::Inputs& inputs, model::RunSettings& settings) {
  const auto url = inputs.get("audit-store");
  const auto auth = inputs.get("audit-store-auth");
  if (auto wrong = check_one_of(auth.empty() ? "login" : auth, {"login", "key"}); !wrong.empty())
    return fail("input 'audit-store-auth': " + wrong);
  settings.audit_store_auth = auth == "key" ? azure::BlobAuth::kKey : azure::BlobAuth::kLogin;
  if (url.empty()) return {};
  auto container = azure::parse_container_url(url, "input 'audit-store'");
  if (!container) return fail(container.error());
  settings.audit_store = *container;
  return {};
}

}  // namespace

Result<model::RunSettings> settings_from(const github::Inputs& inputs,
                                         const routing::Config& config,
                                         const routing::RouteDecision& decision,
                                         const github::EnvironmentMap& env) {
  model::RunSettings settings;
  settings.target = config.environments.at(*decision.environment);
  settings.workspace = workspace_of(env);
  if (auto ok = override_target(inputs, settings); !ok) return fail(ok.error());
  if (auto ok = read_run_inputs(inputs, decision, env, settings); !ok) return fail(ok.error());
  if (auto ok = read_stack_inputs(inputs, settings); !ok) return fail(ok.error());
  if (auto ok = read_rollback_input(inputs, config, settings); !ok) return fail(ok.error());
  if (auto ok = read_retry_inputs(inputs, settings); !ok) return fail(ok.error());
  if (auto ok = read_delivery_inputs(inputs, config, env, settings); !ok) return fail(ok.error());
  if (auto ok = read_audit_store_inputs(inputs, settings); !ok) return fail(ok.error());
  if (auto ok = check_paths(inputs, env, settings); !ok) return fail(ok.error());
  if (auto ok = read_shown_inputs(inputs, settings); !ok) return fail(ok.error());
  if (auto ok = add_previews(inputs, config, decision, settings); !ok) return fail(ok.error());
  settings.git_sha = commit_of(env, settings.workspace);
  settings.route_reason = decision.reason;
  return settings;
}

namespace {

int run_action() {
  auto env = github::current_environment();
  configure_logging(env);
  github::Inputs inputs(env);
  auto& commands = github::process_commands();
  // Before any line that could quote it (an API error, a bad-input message).
  if (auto token = inputs.get("github-token"); !token.empty()) commands.add_mask(token);
  // audit-store-auth: key has az read the storage credentials from the job's environment;
  // they are secrets wherever they might be quoted.
  for (const char* name :
       {"AZURE_STORAGE_CONNECTION_STRING", "AZURE_STORAGE_KEY", "AZURE_STORAGE_SAS_TOKEN"}) {
    auto secret = github::lookup(env, name);
    if (!secret || secret->empty()) continue;
    commands.add_mask(*secret);
    // A connection string's key and signature are secrets on their own too, wherever az or a
    // message quotes them without the rest.
    std::size_t at = 0;
    while (at < secret->size()) {
      auto end = secret->find(';', at);
      if (end == std::string::npos) end = secret->size();
      const auto part = secret->substr(at, end - at);
      for (const char* key : {"AccountKey=", "SharedAccessSignature="}) {
        const std::string prefix = key;
        if (part.rfind(prefix, 0) == 0 && part.size() > prefix.size())
          commands.add_mask(part.substr(prefix.size()));
      }
      at = end + 1;
    }
  }
  github::RunnerFiles files(env);
  const auto workspace = workspace_of(env);
  // A refused audit-dir or audit-db stops the run below; the refusal itself is recorded where
  // records go by default, if that place is sound.
  auto asked_audit =
      checked_audit_location(inputs.get("audit-dir"), inputs.get("audit-db"), workspace, env);
  std::optional<audit::Location> audit_at;
  if (asked_audit) {
    audit_at = *asked_audit;
  } else if (auto fallback = checked_audit_location("", "", workspace, env)) {
    audit_at = *fallback;
  }
  if (audit_at) prepare_scratch_dir(workspace, audit_at->dir);
  github::EventContext seen;  // as much of the event as could be read, for the record
  // Runs that stop before the pipeline are recorded too: bad input is a failed run.
  auto record_early = [&](const std::string& state, const std::string& failure_class,
                          const std::string& message) {
    if (!audit_at) {
      spdlog::error("audit: no record written, no sound place for it in the workspace");
      return;
    }
    auto trail = audit::Trail::open(
        *audit_at, new_record(seen, commit_of(env, workspace), inputs.get("environment")));
    if (!trail.database_problem().empty())
      spdlog::warn("audit: {} (JSON record only)", trail.database_problem());
    if (auto written = trail.finish_early(state, failure_class, message)) {
      (void)files.set_output("audit-record", path_for_output(*written, workspace, env));
    }
  };
  auto stop = [&](const std::string& message) {
    github::Annotation annotation;
    annotation.title = "bicepgate";
    annotation.message = message;
    annotation.explains_failure = true;
    commands.annotate(annotation);
    pipeline::publish_verdict(files, "failed", "configuration", "");
    spdlog::error("{}", message);
    record_early("failed", "configuration", message);
    return 1;
  };
  if (!asked_audit) return stop(asked_audit.error().message);
  auto event = github::load_event_context(env);
  if (!event) return stop(event.error().message);
  seen = *event;
  const auto config_input = inputs.get("config");
  if (auto inside = util::contained_path(
          config_input.empty() ? std::string(routing::kDefaultConfigPath) : config_input,
          readable_roots(workspace), config_input.empty() ? "the config" : "input 'config'");
      !inside) {
    return stop(inside.error().message);
  }
  auto config = routing::load_config(workspace, config_input);
  if (!config) return stop(config.error().message);
  if (!config->looked_for.empty()) {
    github::Annotation notice;
    notice.level = github::AnnotationLevel::kNotice;
    notice.title = "bicepgate: embedded default routing";
    notice.message = routing::embedded_default_notice(*config);
    commands.annotate(notice);
    spdlog::info("config: {}", notice.message);
  }
  auto decision = routing::decide(*config, *event, inputs.get("environment"));
  spdlog::info("route: {}", decision.reason);
  if (decision.rejected) return stop(decision.reason);
  if (!decision.environment) {
    github::Annotation notice;
    notice.level = github::AnnotationLevel::kNotice;
    notice.title = "bicepgate: nothing to deploy";
    notice.message = decision.reason;
    commands.annotate(notice);
    (void)files.set_output("environment", "");
    pipeline::publish_verdict(files, "skipped", "", "");
    (void)files.append_summary("## bicepgate: nothing deployed\n\n" +
                               report::markdown_text(decision.reason) + "\n");
    record_early("skipped", "", decision.reason);
    return 0;
  }
  auto settings = settings_from(inputs, *config, decision, env);
  if (!settings) return stop(settings.error().message);
  // Inputs such as resource-group and scope must not reach production where the config cannot.
  if (auto why = routing::production_reason(*config, settings->target);
      event->is_pull_request_event() && !why.empty()) {
    return stop("inputs retarget '" + *decision.environment + "' on a " + event->event_name +
                " event, and now " + why + "; production never deploys from a pull request");
  }
  settings->work_dir = fresh_work_dir(env);
  return run_pipeline(std::move(*settings), std::move(*event), env, *audit_at);
}

}  // namespace

void add_run(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand(
      "run",
      "The action's entry point: route the GitHub event to an environment, then lint, plan, "
      "gate, deploy and verify. Reads INPUT_* and GITHUB_* from the environment.");
  cmd->callback([&exit_code] {
    exit_code = run_action();
    // Held until now so the annotation that explains the result comes first.
    github::process_commands().flush_annotations();
  });
}

}  // namespace bicepgate::cli
