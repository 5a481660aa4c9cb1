#include "azure/deployment_history.hpp"

#include <catch2/catch.hpp>

#include "azure/resources.hpp"
#include "support.hpp"

using namespace bicepgate::azure;
using bicepgate::testing::read_fixture;

TEST_CASE("the last succeeded deployment of an environment is found by prefix and time") {
  auto history = parse_deployment_list(R"([
    {"name":"bicepgate-prod-aaaa","properties":{"provisioningState":"Succeeded","timestamp":"2026-11-01T10:00:00Z",
      "outputResources":[{"id":"/x/old"}]}},
    {"name":"bicepgate-prod-bbbb","properties":{"provisioningState":"Succeeded","timestamp":"2026-11-02T10:00:00Z",
      "outputResources":[{"id":"/x/new"}]}},
    {"name":"bicepgate-prod-cccc","properties":{"provisioningState":"Failed","timestamp":"2026-11-03T10:00:00Z"}},
    {"name":"bicepgate-production-dddd","properties":{"provisioningState":"Succeeded","timestamp":"2026-11-04T10:00:00Z"}},
    {"name":"manual","properties":{"provisioningState":"Succeeded","timestamp":"2026-11-05T10:00:00Z"}},
    "not a deployment"])");
  REQUIRE(history);
  CHECK(history->size() == 5);
  auto last = last_succeeded(*history, deployment_name_prefix("prod"));
  REQUIRE(last);
  CHECK(last->name == "bicepgate-prod-bbbb");
  CHECK(last->output_resource_ids == std::vector<std::string>{"/x/new"});
  CHECK(succeeded_named(*history, "bicepgate-prod-aaaa"));
  CHECK_FALSE(succeeded_named(*history, "bicepgate-prod-cccc"));
  CHECK_FALSE(last_succeeded(*history, deployment_name_prefix("dev")));
}

TEST_CASE("an empty history and a broken one") {
  CHECK(parse_deployment_list("[]").value().empty());
  CHECK_FALSE(parse_deployment_list("{}"));
  CHECK_FALSE(parse_deployment_list("ERROR: x"));
}

TEST_CASE("resource states come from a list, keyed case-insensitively") {
  auto states = parse_resource_states(R"([
    {"id":"/subscriptions/s/resourceGroups/RG/providers/A.B/c/d","provisioningState":"Succeeded"},
    {"id":"/subscriptions/s/resourceGroups/RG/providers/A.B/c/e","properties":{"provisioningState":"Failed"}}])");
  REQUIRE(states);
  CHECK(states->at("/subscriptions/s/resourcegroups/rg/providers/a.b/c/d") == "Succeeded");
  CHECK(states->at("/subscriptions/s/resourcegroups/rg/providers/a.b/c/e") == "Failed");
  CHECK(is_child_resource(
      "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/app/config/web"));
  CHECK_FALSE(
      is_child_resource("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/app"));
  CHECK(is_extension_resource(
      "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st/"
      "Providers/Microsoft.Authorization/roleAssignments/0f1e"));
  CHECK_FALSE(is_extension_resource(
      "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/app"));
  CHECK_FALSE(is_extension_resource("/subscriptions/s/resourceGroups/rg"));
}

TEST_CASE("a drift check reads a deployment back by name at every scope") {
  const Place group{"resourceGroup", "rg-aos-dev", ""};
  CHECK(deployment_show_args(group, "bicepgate-dev-1") ==
        std::vector<std::string>{"deployment", "group", "show", "--resource-group", "rg-aos-dev",
                                 "--name", "bicepgate-dev-1", "--output", "json",
                                 "--only-show-errors"});
  CHECK(deployment_export_args(group, "bicepgate-dev-1") ==
        std::vector<std::string>{"deployment", "group", "export", "--resource-group", "rg-aos-dev",
                                 "--name", "bicepgate-dev-1", "--output", "json",
                                 "--only-show-errors"});
  CHECK(deployment_export_args({"subscription", "", ""}, "bicepgate-sub-1") ==
        std::vector<std::string>{"deployment", "sub", "export", "--name", "bicepgate-sub-1",
                                 "--output", "json", "--only-show-errors"});
  CHECK(deployment_show_args({"subscription", "", ""}, "bicepgate-sub-1")[1] == "sub");
  CHECK(deployment_show_args({"managementGroup", "", "mg-platform"}, "bicepgate-mg-1") ==
        std::vector<std::string>{"deployment", "mg", "show", "--management-group-id", "mg-platform",
                                 "--name", "bicepgate-mg-1", "--output", "json",
                                 "--only-show-errors"});
  CHECK(deployment_export_args({"tenant", "", ""}, "bicepgate-t-1") ==
        std::vector<std::string>{"deployment", "tenant", "export", "--name", "bicepgate-t-1",
                                 "--output", "json", "--only-show-errors"});
  CHECK(deployment_list_args({"managementGroup", "", "mg-platform"}) ==
        std::vector<std::string>{"deployment", "mg", "list", "--management-group-id", "mg-platform",
                                 "--output", "json", "--only-show-errors"});
  CHECK(deployment_list_args({"tenant", "", ""}) ==
        std::vector<std::string>{"deployment", "tenant", "list", "--output", "json",
                                 "--only-show-errors"});
}

TEST_CASE("the parameters a deployment was given come back as a parameters document") {
  auto deployed = parse_deployed_inputs(read_fixture("az/deployment_show.json"));
  REQUIRE(deployed);
  const auto& values = deployed->parameters["parameters"];
  CHECK(values["environmentName"] == nlohmann::json{{"value", "dev"}});
  CHECK(values["retentionDays"] == nlohmann::json{{"value", 30}});
  CHECK(values.size() == 6);
  CHECK(deployed->parameters.contains("$schema"));
  CHECK(deployed->secure_without_value.empty());
  CHECK(deployed->mode == "Incremental");
}

TEST_CASE("a secure parameter ARM kept no value of is named, not passed") {
  auto deployed = parse_deployed_inputs(read_fixture("az/deployment_show_secure.json"));
  REQUIRE(deployed);
  CHECK(deployed->secure_without_value == std::vector<std::string>{"adminPassword"});
  CHECK_FALSE(deployed->parameters["parameters"].contains("adminPassword"));
  CHECK(deployed->parameters["parameters"]["sku"] == nlohmann::json{{"value", "Standard_LRS"}});
}

TEST_CASE("the exported template is the template itself, and anything else is refused") {
  auto exported = parse_exported_template(read_fixture("az/deployment_export.json"));
  REQUIRE(exported);
  CHECK((*exported)["resources"].size() == 3);
  CHECK_FALSE(parse_exported_template(R"({"error": "no"})"));
  CHECK_FALSE(parse_exported_template("not json"));
  CHECK_FALSE(parse_deployed_inputs(R"({"name": "x"})"));
}
