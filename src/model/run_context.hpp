#pragma once
// What every stage receives: the settings (read-only once resolved), the runner's channels,
// the az seam, the state machine, and the run's record, which the stages fill in order.

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "azure/az_runner.hpp"
#include "azure/scope.hpp"
#include "classify/rules.hpp"
#include "github/event_context.hpp"
#include "github/runner_files.hpp"
#include "github/workflow_commands.hpp"
#include "model/record.hpp"
#include "model/settings.hpp"
#include "model/state_machine.hpp"

namespace bicepgate::model {

struct RunContext {
  // `run_settings` must outlive the context; nothing in a run changes it.
  RunContext(const RunSettings& run_settings, github::EventContext run_event,
             github::WorkflowCommands& out, github::RunnerFiles& runner_files,
             azure::AzRunner& az_runner, const classify::RuleTable& rule_table)
      : settings(run_settings),
        event(std::move(run_event)),
        commands(out),
        files(runner_files),
        az(az_runner),
        rules(rule_table) {}

  const RunSettings& settings;  // resolved before the run; what the run resolves is in record
  github::EventContext event;
  github::WorkflowCommands& commands;
  github::RunnerFiles& files;
  azure::AzRunner& az;
  const classify::RuleTable& rules;

  RunRecord record;  // filled in by the stages, in order
  // The login bicepgate made itself (OIDC or creds), which it can make again when it grows old
  // or expires on a long run; an existing login (a laptop's) is not renewable.
  struct Login {
    bool renewable = false;
    std::chrono::steady_clock::time_point at{};
  };
  Login login;
  // The clock the login's age is read from; empty: steady_clock. Tests hand in one that moves.
  std::function<std::chrono::steady_clock::time_point()> clock;
  std::chrono::steady_clock::time_point now() const {
    return clock ? clock() : std::chrono::steady_clock::now();
  }
  // The deploy stage runs again after a login that had expired while az waited for the
  // deployment: the deployment goes on in Azure, so it is followed, not sent again.
  bool follow_deployment = false;
  // How the run waits before a stage's retry; empty: sleeps, ended early by a cancel. Tests
  // hand in one that only records the delay.
  std::function<void(std::chrono::milliseconds)> wait_before_retry;

  // The settings as this run resolved them: the template's own scope once lint has read it;
  // the region auto-region chose, as the location (subscription scope) and the `location`
  // parameter override.
  const std::string& scope() const;
  // Where this run deploys: scope(), and the environment's resource group or management group.
  azure::Place place() const;
  const std::string& location() const;
  std::vector<std::pair<std::string, std::string>> overrides() const;
  // Relative to the workspace, as annotations and reports want it.
  std::string workspace_relative(const std::string& path) const;
  std::filesystem::path in_workspace(const std::string& path) const;
  // The ARM parameters JSON this run deploys with: compiled from a .bicepparam, else the
  // parameters file as written ("" when there is none or it cannot be read).
  std::string parameters_text() const;
};

}  // namespace bicepgate::model
