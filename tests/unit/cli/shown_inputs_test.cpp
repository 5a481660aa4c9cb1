// Inputs what-if-exclude-change-types and masked-outputs as `bicepgate run` reads them into the
// settings.

#include <catch2/catch.hpp>

#include "cli/run_setup.hpp"
#include "routing/config.hpp"
#include "routing/router.hpp"
#include "support.hpp"

using namespace bicepgate;
using bicepgate::testing::TempDir;
using Catch::Contains;

namespace {

Result<model::RunSettings> settings_with(const std::string& input, const std::string& value) {
  static const TempDir workspace;
  const auto config = routing::embedded_default_config();
  routing::RouteDecision decision;
  decision.environment = "dev";
  const github::EnvironmentMap env = {{"GITHUB_WORKSPACE", workspace.path().string()},
                                      {github::input_variable_name(input), value}};
  return cli::settings_from(github::Inputs(env), config, decision, env);
}

}  // namespace

TEST_CASE("change types to hide are read by line, comma or space, in any case, once each") {
  auto settings = settings_with("what-if-exclude-change-types", "noChange, ignore\nDELETE  Ignore");
  REQUIRE(settings);
  CHECK(settings->what_if_hidden_types == std::vector<std::string>{"NoChange", "Ignore", "Delete"});
}

TEST_CASE("no change type hidden when the input is empty") {
  auto settings = settings_with("what-if-exclude-change-types", "");
  REQUIRE(settings);
  CHECK(settings->what_if_hidden_types.empty());
}

TEST_CASE("an unknown change type names the input, the value and the allowed ones") {
  auto settings = settings_with("what-if-exclude-change-types", "NoChange, Delet");
  REQUIRE_FALSE(settings);
  CHECK_THAT(settings.error().message,
             Contains("input 'what-if-exclude-change-types': 'Delet' is not one of Create, "
                      "Delete, Deploy, Ignore, Modify, NoChange, Unsupported") &&
                 Contains("did you mean 'Delete'?"));
}

TEST_CASE("masked output names are read by line or comma, as given") {
  auto settings = settings_with("masked-outputs", "storageId, connectionString\nkeyVaultUri");
  REQUIRE(settings);
  CHECK(settings->masked_outputs ==
        std::vector<std::string>{"storageId", "connectionString", "keyVaultUri"});
}
