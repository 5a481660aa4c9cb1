#include "cli/options.hpp"

#include <catch2/catch.hpp>

#include "model/run_context.hpp"

using namespace bicepgate;

TEST_CASE("a mistyped option value is answered with the nearest allowed one") {
  const std::vector<std::string> modes = {"Incremental", "Complete"};
  CHECK(cli::check_one_of("Incremental", modes).empty());
  CHECK(cli::check_one_of("incremantal", modes) ==
        "'incremantal' is not one of Incremental, Complete (did you mean 'Incremental'?)");
  CHECK(cli::check_one_of("Rollback", modes) == "'Rollback' is not one of Incremental, Complete");
}

TEST_CASE("the deploy command's mode rejects a typo with a did-you-mean before anything runs") {
  CLI::App app;
  std::string mode = "Incremental";
  app.add_option("--mode", mode)->check(cli::one_of({"Incremental", "Complete"}));
  try {
    app.parse(std::vector<std::string>{"incremantal", "--mode"});
    FAIL("parsed");
  } catch (const CLI::ValidationError& e) {
    CHECK(std::string(e.what()).find("did you mean 'Incremental'?") != std::string::npos);
  }
}

TEST_CASE("deploy's messages name its flags where the action's name its inputs") {
  model::RunSettings settings;
  settings.wording = cli::deploy_flag_wording();
  const std::string lint =
      "2 Bicep warning(s) in bicep/main.bicep fail lint: environment 'local' has "
      "warnings-as-errors: all; main.bicep:3 no-unused-params. Fix them, or set "
      "warnings-as-errors (false, or a list of codes) for the environment in the config, or "
      "input 'allow-warnings: true'";
  CHECK(settings.worded(lint).find("Fix them, or pass --allow-warnings") != std::string::npos);
  CHECK(settings.worded("template x does not exist in the workspace /w (input 'template' or the "
                        "config's 'template')") ==
        "template x does not exist in the workspace /w (-t/--template)");
  // Without wording (the action) messages are as they were.
  CHECK(model::RunSettings{}.worded(lint) == lint);
}
