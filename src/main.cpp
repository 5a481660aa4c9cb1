// bicepgate: takes a Bicep change from a pull request or push to a verified Azure deployment.
// main parses arguments only; each subcommand lives in cli/.

#include <spdlog/spdlog.h>

#include <exception>

#include "cli/commands.hpp"
#include "github/workflow_commands.hpp"
#include "util/subprocess.hpp"
#include "version.hpp"

int main(int argc, char** argv) {
  using namespace bicepgate;
  CLI::App app{
      "bicepgate: lint, plan, gate, deploy and verify Bicep templates, from GitHub Actions or a "
      "laptop"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("bicepgate ") + kVersion);
  int exit_code = 0;
  cli::add_run(app, exit_code);
  cli::add_deploy(app, exit_code);
  cli::add_state(app, exit_code);
  cli::add_route(app, exit_code);
  cli::add_classify(app, exit_code);
  cli::add_whatif(app, exit_code);
  cli::add_audit(app, exit_code);
  cli::add_version(app, exit_code);
  cli::add_init(app, exit_code);
  util::install_signal_forwarding();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  } catch (const std::exception& e) {
    // Programming errors only: expected failures are values below main.
    // Through the channel: the text may quote outside input, and may hold a secret.
    github::process_commands().log(std::string("bicepgate: internal error: ") + e.what());
    return 70;
  }
  return exit_code;
}
