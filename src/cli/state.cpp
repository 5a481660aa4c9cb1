// `bicepgate state`: what the next run of an environment would do (deploy, skip, only plan, or
// stop) and why, from the same inputs, routing and history a run reads, through the stages up
// to what-if, read-only. Like the idempotent deployer's state command, for people asking "why
// did it skip?" before they reach for `force`.

#include <spdlog/spdlog.h>

#include <iostream>

#include "azure/az_runner.hpp"
#include "cli/commands.hpp"
#include "cli/run_setup.hpp"
#include "github/command_output.hpp"
#include "pipeline/forecast.hpp"
#include "routing/config.hpp"

namespace bicepgate::cli {
namespace {

struct StateOptions {
  std::string environment;  // else input environment, else the route of the event
  bool json = false;
};

void print(const std::string& environment, const pipeline::Forecast& forecast, bool json) {
  if (json) {
    auto out = forecast.to_json();
    out["environment"] = environment;
    std::cout << github::command_safe_json(out, 2) << "\n";
    return;
  }
  std::string text =
      environment + ": the next run would " + forecast.verdict + ": " + forecast.reason + "\n";
  for (const auto& fact : forecast.facts) text += "  " + fact + "\n";
  std::cout << github::command_safe_text(text);
}

int state(const StateOptions& options) {
  auto env = github::current_environment();
  configure_logging(env);
  github::Inputs inputs(env);
  auto refuse = [](const std::string& message) {
    std::cerr << github::command_safe_text("bicepgate state: " + message + "\n");
    return 1;
  };
  auto event = github::load_event_context(env);
  if (!event) return refuse(event.error().message);
  const auto workspace = workspace_of(env);
  auto config = routing::load_config(workspace, inputs.get("config"));
  if (!config) return refuse(config.error().message);
  auto decision = routing::decide(
      *config, *event,
      options.environment.empty() ? inputs.get("environment") : options.environment);
  if (decision.rejected) return refuse(decision.reason);
  if (!decision.environment) {
    pipeline::Forecast none;
    none.verdict = "skip";
    none.reason = decision.reason;
    print("", none, options.json);
    return 0;
  }
  auto settings = settings_from(inputs, *config, decision, env);
  if (!settings) return refuse(settings.error().message);
  const bool deploys = !settings->plan_only;
  settings->plan_only = true;  // planning creates nothing, a resource group included
  settings->work_dir = fresh_work_dir(env);
  auto rules = load_rules(env);
  if (!rules) return refuse(rules.error().message);
  auto& commands = github::process_commands();
  github::RunnerFiles files(env);
  azure::ProcessAzRunner az;
  const model::RunSettings resolved = std::move(*settings);
  model::RunContext ctx(resolved, std::move(*event), commands, files, az, *rules);
  auto forecast = pipeline::forecast(ctx, deploys);
  std::error_code ec;
  std::filesystem::remove_all(resolved.work_dir, ec);
  print(resolved.target.name, forecast, options.json);
  return forecast.failed ? 1 : 0;
}

}  // namespace

void add_state(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<StateOptions>();
  auto* cmd = app.add_subcommand(
      "state",
      "Say what the next run of an environment would do (deploy, skip, plan, stop) and why: "
      "the content's deployment name, the history, what-if. Read-only; records nothing.");
  cmd->add_option("-e,--environment", options->environment,
                  "The environment (default: input environment, else the event's route)");
  cmd->add_flag("--json", options->json, "Print the forecast as JSON");
  cmd->callback([options, &exit_code] { exit_code = state(*options); });
}

}  // namespace bicepgate::cli
