#pragma once
// cli/: one file per subcommand; each adds itself to the CLI11 app and sets the exit code.

#include <CLI/CLI.hpp>

namespace bicepgate::cli {

void add_run(CLI::App& app, int& exit_code);
void add_deploy(CLI::App& app, int& exit_code);
void add_route(CLI::App& app, int& exit_code);
void add_classify(CLI::App& app, int& exit_code);
void add_whatif(CLI::App& app, int& exit_code);
void add_audit(CLI::App& app, int& exit_code);
void add_version(CLI::App& app, int& exit_code);
void add_init(CLI::App& app, int& exit_code);
void add_state(CLI::App& app, int& exit_code);
// Subcommands whose issue has not landed: they say so and exit 2.
void add_not_yet(CLI::App& app, const std::string& name, const std::string& description,
                 int& exit_code);

}  // namespace bicepgate::cli
