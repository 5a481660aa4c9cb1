#pragma once
// What every stage receives: the resolved settings, the runner's channels, the az seam, the
// state machine, and what earlier stages found.

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "azure/az_runner.hpp"
#include "azure/deployment.hpp"
#include "azure/what_if.hpp"
#include "bicep/compiler.hpp"
#include "github/event_context.hpp"
#include "github/runner_files.hpp"
#include "github/workflow_commands.hpp"
#include "pipeline/state_machine.hpp"
#include "routing/config.hpp"

namespace bicepgate::pipeline {

struct RunSettings {
  routing::EnvironmentConfig target;  // the environment, with input overrides applied
  std::vector<std::pair<std::string, std::string>> overrides;  // --param K=V
  bool plan_only = false;     // pull requests and previews stop after what-if
  bool skip_health = false;
  std::filesystem::path workspace;  // paths in the config are relative to it
  std::filesystem::path work_dir;   // where compiled templates are written
  std::string bicep_executable = "bicep";
  std::string git_sha;
  std::string route_reason;
};

struct RunOutcome {
  std::string failure_class;  // logic | environmental | configuration | unknown
  std::string message;        // for people
  std::string stage;          // the stage that failed
};

struct RunContext {
  RunSettings settings;
  github::EventContext event;
  github::WorkflowCommands& commands;
  github::RunnerFiles& files;
  azure::AzRunner& az;
  StateMachine machine;

  // Filled in by the stages, in order.
  std::string az_version;
  bicep::Compilation compilation;
  std::filesystem::path compiled_template;
  std::string deployment_name;
  azure::WhatIfResult what_if;
  azure::DeploymentResult deployment;
  RunOutcome outcome;

  // Relative to the workspace, as annotations and reports want it.
  std::string workspace_relative(const std::string& path) const;
  std::filesystem::path in_workspace(const std::string& path) const;
};

}  // namespace bicepgate::pipeline
