#include "azure/deployment.hpp"

#include <algorithm>
#include <catch2/catch.hpp>

#include "support.hpp"

using namespace bicepgate::azure;
using bicepgate::testing::read_fixture;

TEST_CASE("a deployment printed by az gives its state, outputs and output resources") {
  auto result = parse_deployment(read_fixture("az/deployment_create.json"));
  REQUIRE(result);
  CHECK(result->provisioning_state == "Succeeded");
  CHECK(result->name == "bicepgate-prod-8ba2337beeb533c1");
  REQUIRE(result->outputs.size() == 2);
  CHECK(result->outputs.at("storageAccountName").value == "staosprod001");
  CHECK_FALSE(result->outputs.at("storageAccountName").secure);
  CHECK(result->outputs.at("connection").secure);
  CHECK(result->output_resource_ids.size() == 3);
  CHECK(result->error.is_null());
}

TEST_CASE("what-if and create argument vectors carry every flag, in order, without a shell") {
  DeploymentTarget target;
  target.resource_group = "rg-aos-prod";
  target.name = "bicepgate-prod-0123456789abcdef";
  target.template_file = "/tmp/main.json";
  target.parameters_file = "/ws/bicep/parameters/prod.parameters.json";
  target.overrides = {{"planSku", "EP2"}, {"note", "a b; rm -rf /"}};
  CHECK(what_if_args(target) ==
        std::vector<std::string>{"deployment",
                                 "group",
                                 "what-if",
                                 "--resource-group",
                                 "rg-aos-prod",
                                 "--name",
                                 "bicepgate-prod-0123456789abcdef",
                                 "--template-file",
                                 "/tmp/main.json",
                                 "--parameters",
                                 "/ws/bicep/parameters/prod.parameters.json",
                                 "--parameters",
                                 "planSku=EP2",
                                 "--parameters",
                                 "note=a b; rm -rf /",
                                 "--mode",
                                 "Incremental",
                                 "--no-pretty-print",
                                 "--output",
                                 "json",
                                 "--only-show-errors"});
  auto create = create_args(target);
  CHECK(create[2] == "create");
  CHECK(create.back() == "--only-show-errors");
}

TEST_CASE("rollback goes to group create as --rollback-on-error, alone or with a name") {
  DeploymentTarget target;
  target.resource_group = "rg-aos-dev";
  target.name = "bicepgate-dev-0123456789abcdef";
  target.template_file = "/tmp/main.json";
  auto has = [](const std::vector<std::string>& args, const std::string& word) {
    return std::find(args.begin(), args.end(), word) != args.end();
  };
  CHECK_FALSE(has(create_args(target), "--rollback-on-error"));
  target.rollback_on_error = "";
  auto last = create_args(target);
  auto flag = std::find(last.begin(), last.end(), "--rollback-on-error");
  REQUIRE(flag != last.end());
  CHECK(*(flag + 1) == "--output");  // no value: ARM's LastSuccessful
  CHECK_FALSE(has(what_if_args(target), "--rollback-on-error"));
  target.rollback_on_error = "bicepgate-dev-fedcba9876543210";
  auto named = create_args(target);
  flag = std::find(named.begin(), named.end(), "--rollback-on-error");
  REQUIRE(flag != named.end());
  CHECK(*(flag + 1) == "bicepgate-dev-fedcba9876543210");
  // `az deployment sub create` has no --rollback-on-error.
  target.scope = "subscription";
  target.location = "eastus";
  CHECK_FALSE(has(create_args(target), "--rollback-on-error"));
}

TEST_CASE("a failed deployment shows what ARM redeployed on error and its correlation id") {
  auto shown = parse_deployment(read_fixture("az/deployment_show_rolled_back.json"));
  REQUIRE(shown);
  CHECK(shown->provisioning_state == "Failed");
  CHECK(shown->on_error.type == "LastSuccessful");
  CHECK(shown->on_error.provisioning_state == "Succeeded");
  CHECK(shown->on_error.deployment_name.empty());  // null in the fixture
  CHECK(shown->correlation_id == "4cb18c8d-0b11-4d36-85c8-0447c9ce3fbd");
  auto created = parse_deployment(read_fixture("az/deployment_create.json"));
  REQUIRE(created);
  CHECK(created->on_error.type.empty());
}

TEST_CASE("show reads the run's deployment at its scope") {
  DeploymentTarget target;
  target.resource_group = "rg-aos-dev";
  target.name = "bicepgate-dev-0123456789abcdef";
  CHECK(show_args(target) == std::vector<std::string>{"deployment", "group", "show",
                                                      "--resource-group", "rg-aos-dev", "--name",
                                                      "bicepgate-dev-0123456789abcdef", "--output",
                                                      "json", "--only-show-errors"});
}

TEST_CASE("a validation level goes to what-if and create as --validation-level, none by default") {
  DeploymentTarget target;
  target.resource_group = "rg-aos-prod";
  target.name = "n";
  target.template_file = "t.json";
  for (const auto& args : {what_if_args(target), create_args(target)})
    CHECK(std::find(args.begin(), args.end(), "--validation-level") == args.end());
  target.validation_level = "ProviderNoRbac";
  auto what_if = what_if_args(target);
  auto at = std::find(what_if.begin(), what_if.end(), "--validation-level");
  REQUIRE(at != what_if.end());
  CHECK(*(at + 1) == "ProviderNoRbac");
  // After the deployment's own flags, before the output flags.
  CHECK(std::find(what_if.begin(), at, "--mode") != at);
  CHECK(std::find(at, what_if.end(), "--no-pretty-print") != what_if.end());
  auto create = create_args(target);
  auto in_create = std::find(create.begin(), create.end(), "--validation-level");
  REQUIRE(in_create != create.end());
  CHECK(*(in_create + 1) == "ProviderNoRbac");
}

TEST_CASE("validation levels are az's three, spelled as az lists them whatever the case given") {
  CHECK(canonical_validation_level("providernorbac") == "ProviderNoRbac");
  CHECK(canonical_validation_level("TEMPLATE") == "Template");
  CHECK(canonical_validation_level("Provider") == "Provider");
  CHECK(canonical_validation_level("ProviderNoRBAC ").empty());
  CHECK(canonical_validation_level("none").empty());
}

TEST_CASE("az versions compare by their numbers, not as text") {
  CHECK_FALSE(version_at_least("2.45.0", kValidationLevelSince));
  CHECK_FALSE(version_at_least("2.75.9", "2.76.0"));
  CHECK(version_at_least("2.76.0", "2.76.0"));
  CHECK(version_at_least("2.100.0", "2.76.0"));
  CHECK(version_at_least("3.0", "2.76.0"));
  CHECK(version_at_least("2.76", "2.76.0"));
  CHECK_FALSE(version_at_least("", "2.76.0"));
  CHECK_FALSE(version_at_least("2.76.0b1", "2.76.0"));
  CHECK_FALSE(version_at_least("2..76", "2.76.0"));
}

TEST_CASE("subscription scope uses az deployment sub with a location") {
  DeploymentTarget target;
  target.scope = "subscription";
  target.location = "eastus";
  target.name = "n";
  target.template_file = "t.json";
  auto args = what_if_args(target);
  CHECK(std::vector<std::string>(args.begin(), args.begin() + 5) ==
        std::vector<std::string>{"deployment", "sub", "what-if", "--location", "eastus"});
  CHECK(std::find(args.begin(), args.end(), "--mode") == args.end());
}

TEST_CASE("management-group and tenant scope name the group and a location, and have no mode") {
  DeploymentTarget target;
  target.scope = "managementGroup";
  target.management_group = "mg-platform";
  target.location = "westeurope";
  target.name = "n";
  target.template_file = "t.json";
  target.rollback_on_error = "";
  auto what_if = what_if_args(target);
  CHECK(std::vector<std::string>(what_if.begin(), what_if.begin() + 7) ==
        std::vector<std::string>{"deployment", "mg", "what-if", "--management-group-id",
                                 "mg-platform", "--location", "westeurope"});
  auto create = create_args(target);
  CHECK(std::find(create.begin(), create.end(), "--mode") == create.end());
  // ARM redeploys on error at resource-group scope only; `az deployment mg create` has no flag.
  CHECK(std::find(create.begin(), create.end(), "--rollback-on-error") == create.end());
  CHECK(show_args(target) ==
        std::vector<std::string>{"deployment", "mg", "show", "--management-group-id", "mg-platform",
                                 "--name", "n", "--output", "json", "--only-show-errors"});
  CHECK(operation_list_args(target) ==
        std::vector<std::string>{"deployment", "operation", "mg", "list", "--management-group-id",
                                 "mg-platform", "--name", "n", "--output", "json",
                                 "--only-show-errors"});
  target.scope = "tenant";
  auto tenant = create_args(target);
  CHECK(std::vector<std::string>(tenant.begin(), tenant.begin() + 5) ==
        std::vector<std::string>{"deployment", "tenant", "create", "--location", "westeurope"});
  CHECK(std::find(tenant.begin(), tenant.end(), "--management-group-id") == tenant.end());
  CHECK(operation_list_args(target)[2] == "tenant");
}

TEST_CASE("deployment names are safe and at most 64 characters") {
  CHECK(deployment_name("prod", "8ba2337beeb533c1ffff") == "bicepgate-prod-8ba2337beeb533c1");
  auto odd = deployment_name("team a/b#c" + std::string(80, 'x'), "0123456789abcdef");
  CHECK(odd.size() <= 64);
  CHECK(odd.find_first_of(" /#") == std::string::npos);
}

TEST_CASE("non-JSON or shapeless output is an error") {
  CHECK_FALSE(parse_deployment("ERROR: something"));
  CHECK_FALSE(parse_deployment("{\"id\": \"x\"}"));
}

TEST_CASE("a running deployment's operations become one progress line") {
  auto ops = parse_operations(R"([
    {"properties":{"provisioningState":"Succeeded","targetResource":{"resourceType":"Microsoft.Storage/storageAccounts","resourceName":"st1"}}},
    {"properties":{"provisioningState":"Running","targetResource":{"resourceType":"Microsoft.Web/serverfarms","resourceName":"plan1"}}},
    {"properties":{"provisioningState":"Failed","targetResource":{"resourceType":"Microsoft.Web/sites","resourceName":"app1"}}},
    {"properties":{"provisioningState":"Succeeded"}}])");
  REQUIRE(ops);
  REQUIRE(ops->size() == 3);
  CHECK(describe_progress(*ops) ==
        "2 of 3 operations done: 1 Failed, 1 Succeeded; running: Microsoft.Web/serverfarms plan1");
  CHECK_FALSE(parse_operations("{}"));
}

TEST_CASE("operation list arguments follow the scope") {
  DeploymentTarget target;
  target.resource_group = "rg";
  target.name = "n";
  CHECK(operation_list_args(target) ==
        std::vector<std::string>{"deployment", "operation", "group", "list", "--resource-group",
                                 "rg", "--name", "n", "--output", "json", "--only-show-errors"});
  target.scope = "subscription";
  CHECK(operation_list_args(target)[2] == "sub");
}

TEST_CASE("secure overrides become a parameters file; the others stay KEY=VALUE") {
  auto arm = nlohmann::json::parse(R"({"parameters": {
      "ApiKey": {"type": "securestring"}, "settings": {"type": "secureObject"},
      "planSku": {"type": "string"}, "count": {"type": "int"}}})");
  std::vector<std::string> names;
  auto document = secure_overrides_document(arm,
                                            {{"apiKey", "k3y=with=equals"},
                                             {"settings", R"({"a": [1, "s"]})"},
                                             {"planSku", "EP2"},
                                             {"count", "3"},
                                             {"undeclared", "x"}},
                                            names);
  CHECK(names == std::vector<std::string>{"apiKey", "settings"});
  CHECK(document["parameters"]["apiKey"]["value"] == "k3y=with=equals");
  CHECK(document["parameters"]["settings"]["value"] == nlohmann::json::parse(R"({"a": [1, "s"]})"));
  CHECK_FALSE(document["parameters"].contains("planSku"));
  CHECK(document["contentVersion"] == "1.0.0.0");

  std::vector<std::string> none;
  CHECK(secure_overrides_document(arm, {{"planSku", "EP2"}}, none).is_null());
  CHECK(none.empty());

  DeploymentTarget target;
  target.resource_group = "rg";
  target.name = "n";
  target.template_file = "/t.json";
  target.parameters_file = "/p.json";
  target.secure_overrides_file = "/work/secure-overrides.parameters.json";
  target.overrides = {{"planSku", "EP2"}};
  auto args = create_args(target);
  auto at = std::find(args.begin(), args.end(), "/p.json");
  REQUIRE(at != args.end());
  // After the parameters file, so its values win as KEY=VALUE would; before the plain ones.
  CHECK(*(at + 1) == "--parameters");
  CHECK(*(at + 2) == "/work/secure-overrides.parameters.json");
  CHECK(*(at + 4) == "planSku=EP2");
}
