#include <iostream>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/run_setup.hpp"
#include "github/command_output.hpp"
#include "github/event_context.hpp"
#include "github/inputs.hpp"
#include "routing/router.hpp"

namespace bicepgate::cli {
namespace {

struct RouteOptions {
  std::string config;
  std::string event_name;
  std::string event_path;
  std::string ref;
  std::string environment;
};

int route(const RouteOptions& options) {
  auto env = github::current_environment();
  // Flags stand in for the runner's variables, so a person can ask "what would happen if".
  if (!options.event_name.empty()) env["GITHUB_EVENT_NAME"] = options.event_name;
  if (!options.event_path.empty()) env["GITHUB_EVENT_PATH"] = options.event_path;
  if (!options.ref.empty()) env["GITHUB_REF"] = options.ref;
  github::Inputs inputs(env);
  auto event = github::load_event_context(env);
  if (!event) {
    std::cerr << github::command_safe_text(std::string("bicepgate route: ") +
                                           event.error().message + "\n");
    return 1;
  }
  std::string config_input = options.config.empty() ? inputs.get("config") : options.config;
  auto config = routing::load_config(workspace_of(env), config_input);
  if (!config) {
    std::cerr << github::command_safe_text(std::string("bicepgate route: ") +
                                           config.error().message + "\n");
    return 1;
  }
  if (!config->looked_for.empty())
    std::cerr << github::command_safe_text(std::string("bicepgate route: ") +
                                           routing::embedded_default_notice(*config) + "\n");
  auto requested = options.environment.empty() ? inputs.get("environment") : options.environment;
  auto decision = routing::decide(*config, *event, requested);
  std::cout << github::command_safe_json(routing::to_json(decision, *config, *event)) << "\n";
  return decision.rejected ? 1 : 0;
}

}  // namespace

void add_route(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<RouteOptions>();
  auto* cmd = app.add_subcommand(
      "route", "Print, as JSON, which environment the current GitHub event deploys to, and why.");
  cmd->add_option("--config", options->config,
                  "Routing config (default .github/bicepgate.yml, else built in)");
  cmd->add_option("--event-name", options->event_name, "Instead of GITHUB_EVENT_NAME");
  cmd->add_option("--event-path", options->event_path, "Instead of GITHUB_EVENT_PATH")
      ->check(CLI::ExistingFile);
  cmd->add_option("--ref", options->ref, "Instead of GITHUB_REF, e.g. refs/heads/main");
  cmd->add_option("--environment", options->environment, "Ask for this environment explicitly");
  cmd->callback([options, &exit_code] { exit_code = route(*options); });
}

}  // namespace bicepgate::cli
