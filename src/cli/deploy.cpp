#include <spdlog/spdlog.h>

#include "azure/deployment.hpp"
#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "cli/run_setup.hpp"
#include "github/environment.hpp"
#include "routing/config.hpp"

namespace bicepgate::cli {
namespace {

// The original orchestrator's flags, kept exactly so existing scripts keep working.
struct DeployOptions {
  std::string resource_group;
  std::string management_group;
  std::string scope;
  std::string location;
  std::string template_file;
  std::string parameters_file;
  std::vector<std::string> params;
  bool allow_warnings = false;
  bool no_confirm_deletes = false;
  bool skip_health = false;
  bool auto_region = false;
  double timeout_minutes = 120;
  std::string audit_dir;
  std::string git_sha;
  std::string environment = "local";
  bool what_if_only = false;
  std::string bicep = "bicep";
  std::string mode = "Incremental";
  bool force = false;
  std::string sarif_file;
  std::string unmanaged_policy = "warn";
  std::string validation_level;
};

int deploy(const DeployOptions& options) {
  auto env = github::current_environment();
  configure_logging(env);
  model::RunSettings settings;
  settings.target.name = options.environment;
  settings.target.resource_group = options.resource_group;
  settings.target.management_group = options.management_group;
  // The template's targetScope decides in the end (lint reads it); until then a management
  // group named alone says where the run deploys, and a resource group is needed only there.
  settings.target.scope = !options.scope.empty()              ? options.scope
                          : !options.management_group.empty() ? "managementGroup"
                                                              : "resourceGroup";
  settings.target.location = options.location;
  settings.target.template_file = options.template_file;
  settings.target.parameters_file = options.parameters_file;
  // As the original orchestrator did: any warning fails unless --allow-warnings.
  settings.target.warnings_as_errors = routing::WarningsAsErrors{!options.allow_warnings, {}};
  settings.target.delete_policy = options.no_confirm_deletes
                                      ? routing::DeletePolicy::kAllow
                                      : routing::DeletePolicy::kRequireApproval;
  // One of the checked names (CLI11 refused anything else), so found.
  settings.target.unmanaged_policy = *routing::unmanaged_policy_named(options.unmanaged_policy);
  settings.validation_level = azure::canonical_validation_level(options.validation_level);
  settings.skip_health = options.skip_health;
  // The orchestrator's --no-confirm-deletes meant "do not stop to ask": deletes proceed.
  settings.allow_deletes = options.no_confirm_deletes;
  settings.mode = options.mode;
  settings.target.mode = options.mode;
  settings.force = options.force;
  settings.sarif_file = options.sarif_file;
  settings.wording = deploy_flag_wording();
  auto noise = load_noise_rules(env, "");
  if (!noise) {
    spdlog::error("{}", noise.error().message);
    return 1;
  }
  settings.noise_rules = std::move(*noise);
  auto regions = load_regions(env);
  if (!regions) {
    spdlog::error("{}", regions.error().message);
    return 1;
  }
  settings.regions = std::move(*regions);
  settings.auto_region = options.auto_region;
  settings.deploy_timeout =
      std::chrono::milliseconds(static_cast<long long>(options.timeout_minutes * 60000));
  settings.plan_only = options.what_if_only;
  settings.bicep_executable = options.bicep;
  for (const auto& item : options.params) {
    auto eq = item.find('=');
    if (eq == std::string::npos || eq == 0) {
      spdlog::error("--param '{}': expected KEY=VALUE", item);
      return 2;
    }
    settings.overrides.emplace_back(item.substr(0, eq), item.substr(eq + 1));
  }
  settings.workspace = std::filesystem::current_path();
  settings.git_sha = options.git_sha.empty() ? commit_of(env, settings.workspace) : options.git_sha;
  settings.route_reason = "bicepgate deploy from the command line";
  settings.work_dir = fresh_work_dir(env);
  auto audit_at = audit_location(options.audit_dir, "", settings.workspace);
  prepare_scratch_dir(settings.workspace, audit_at.dir);
  return run_pipeline(std::move(settings), github::EventContext{}, env, audit_at);
}

}  // namespace

void add_deploy(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<DeployOptions>();
  auto* cmd = app.add_subcommand("deploy",
                                 "Lint, plan and deploy one template to one resource group "
                                 "(the original orchestrator's command line), or to the "
                                 "subscription, a management group or the tenant.");
  cmd->add_option("-g,--resource-group", options->resource_group,
                  "Target resource group (resource-group scope)");
  cmd->add_option("-m,--management-group-id", options->management_group,
                  "Target management group's id (management-group scope)");
  cmd->add_option("--scope", options->scope,
                  "Deployment scope; the template's targetScope decides when it says otherwise")
      ->check(one_of({"resourceGroup", "subscription", "managementGroup", "tenant"}));
  cmd->add_option("-l,--location", options->location, "Azure region");
  cmd->add_option("-t,--template", options->template_file, "Bicep template (or compiled ARM JSON)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("-p,--parameters", options->parameters_file, "ARM parameters file (JSON)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--param", options->params, "Parameter override KEY=VALUE (repeatable)");
  cmd->add_flag("--allow-warnings", options->allow_warnings,
                "Proceed when the linter reports warnings");
  cmd->add_flag("--no-confirm-deletes", options->no_confirm_deletes,
                "Do not stop for destructive changes (deletes)");
  cmd->add_flag("--skip-health", options->skip_health, "Skip post-deployment health checks");
  cmd->add_option("--timeout-minutes", options->timeout_minutes,
                  "Stop waiting for the deployment after this long (it goes on in Azure)")
      ->check(CLI::Range(0.05, 1440.0))
      ->capture_default_str();
  cmd->add_flag("--auto-region", options->auto_region,
                "When the location lacks a capability the template needs (data/regions.yml), "
                "deploy to the first tier-1 region that has them all");
  cmd->add_option("--audit-dir", options->audit_dir, "Directory of the audit trail");
  cmd->add_option("--git-sha", options->git_sha,
                  "Commit to record (default: HEAD of the current repository)");
  cmd->add_option("--environment", options->environment,
                  "Environment name to record and name the deployment by")
      ->capture_default_str();
  cmd->add_flag("--what-if", options->what_if_only, "Stop after what-if: plan only");
  cmd->add_option("--bicep", options->bicep, "Bicep CLI executable")->capture_default_str();
  cmd->add_option("--mode", options->mode, "Deployment mode")
      ->check(one_of({"Incremental", "Complete"}))
      ->capture_default_str();
  cmd->add_flag("--force", options->force,
                "Deploy even when the same content already succeeded unchanged");
  cmd->add_option("--sarif", options->sarif_file,
                  "Write lint findings as SARIF 2.1.0 to this file");
  cmd->add_option("--unmanaged-policy", options->unmanaged_policy,
                  "Resources the template no longer declares, which Incremental mode leaves "
                  "running: allow, warn, approve (stop like a delete) or block")
      ->check(one_of(routing::unmanaged_policy_names()))
      ->capture_default_str();
  cmd->add_option("--validation-level", options->validation_level,
                  "Preflight validation of what-if and deploy: Provider, Template or "
                  "ProviderNoRbac (needs azure-cli 2.76.0 or newer)")
      ->check(CLI::Validator(
          [](std::string& value) {
            auto level = azure::canonical_validation_level(value);
            if (level.empty()) return check_one_of(value, azure::validation_levels());
            value = level;
            return std::string();
          },
          ""));
  cmd->callback([options, &exit_code] {
    exit_code = deploy(*options);
    github::process_commands().flush_annotations();
  });
}

}  // namespace bicepgate::cli
