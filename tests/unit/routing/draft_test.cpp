#include "routing/draft.hpp"

#include <algorithm>
#include <catch2/catch.hpp>

#include "routing/config.hpp"

using namespace bicepgate::routing;

namespace {

const char* kJsonParameters =
    R"({"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#", "parameters": {}})";

Config parsed(const Draft& draft) {
  auto text = render_draft(draft, "shop", "westeurope");
  INFO(text);
  auto config = parse_config(text, "draft");
  REQUIRE(config);
  return *config;
}

}  // namespace

TEST_CASE("init picks the template no module references and an environment per parameter file") {
  std::vector<BicepSource> sources = {
      {"infra/modules/storage.bicep", "param name string\n"},
      {"infra/app.bicep", "module st 'modules/storage.bicep' = {\n  name: 'st'\n}\n"},
      {"infra/main-modular.bicep", "param x string\n"},
      {"infra/main.bicep", "module st './modules/storage.bicep' = {\n  name: 'st'\n}\n"}};
  std::vector<BicepSource> parameters = {
      {"infra/params/main.dev.bicepparam", "using '../main.bicep'\n"},
      {"infra/params/app.prod.bicepparam", "using '../app.bicep'\n"},  // another template's
      {"infra/params/prod.parameters.json", kJsonParameters},
      {"infra/params/Staging.parameters.json", kJsonParameters},
      {"infra/params/dev.parameters.json", kJsonParameters},
      {"infra/params/shared.parameters.json", kJsonParameters},
      {"package.json", R"({"name": "x"})"}};
  auto draft = draft_layout(sources, parameters);
  CHECK(draft.template_file == "infra/main.bicep");
  // main.bicep itself before main-modular.bicep, though '-' sorts before '.'.
  CHECK(draft.other_entries ==
        std::vector<std::string>{"infra/main-modular.bicep", "infra/app.bicep"});
  REQUIRE(draft.environments.size() == 3);
  CHECK(draft.environments[0].name == "dev");
  // The .bicepparam that names this template wins over the .json for the same environment.
  CHECK(draft.environments[0].parameters_file == "infra/params/main.dev.bicepparam");
  CHECK(draft.environments[1].name == "staging");
  CHECK(draft.environments[2].name == "prod");
  CHECK(draft.environments[2].parameters_file == "infra/params/prod.parameters.json");
  CHECK(draft.unmatched_parameters ==
        std::vector<std::string>{"infra/params/shared.parameters.json"});

  auto config = parsed(draft);
  CHECK(config.environments.at("prod").production);
  CHECK(config.environments.at("dev").resource_group == "rg-shop-dev");
  CHECK(config.environments.at("staging").location == "westeurope");
  REQUIRE(config.routes.size() == 3);
  CHECK(config.routes[0].branch == "develop");
  CHECK(config.routes[0].environment == "dev");
  CHECK(config.routes[1].environment == "staging");
  CHECK(config.routes[1].plan_only);
  CHECK(config.routes[1].preview == std::vector<std::string>{"prod"});
  CHECK(config.routes[2].environment == "prod");
}

TEST_CASE("every shape of draft validates: one environment, prod only, no parameter files") {
  std::vector<BicepSource> sources = {{"main.bicep", "param x string\n"}};
  for (const auto& files : std::vector<std::vector<BicepSource>>{
           {},
           {{"prod.parameters.json", kJsonParameters}},
           {{"test.parameters.json", kJsonParameters}},
           {{"qa.parameters.json", kJsonParameters},
            {"production.parameters.json", kJsonParameters}},
           {{"dev.parameters.json", kJsonParameters}, {"uat.parameters.json", kJsonParameters}},
       }) {
    auto draft = draft_layout(sources, files);
    REQUIRE(draft.template_file == "main.bicep");
    auto config = parsed(draft);
    CHECK_FALSE(config.routes.empty());
    for (const auto& route : config.routes) {
      // A pull request never deploys: every route it takes plans only.
      bool pull_request =
          std::find(route.events.begin(), route.events.end(), "pull_request") != route.events.end();
      if (pull_request) CHECK(route.plan_only);
    }
  }
  CHECK(draft_layout({}, {}).template_file.empty());
}

TEST_CASE("a path with YAML's special characters is written quoted") {
  std::vector<BicepSource> sources = {{"it's: #1/main.bicep", "param x string\n"}};
  auto config = parsed(draft_layout(sources, {}));
  CHECK(config.environments.at("dev").template_file == "it's: #1/main.bicep");
}
