#include "bicep/compiler.hpp"

#include <catch2/catch.hpp>

using namespace bicepgate::bicep;

TEST_CASE("build-params output splits into template and parameters") {
  Compilation c;
  REQUIRE(split_build_params(
      R"({"parametersJson":"{\"parameters\":{\"a\":{\"value\":1}}}","templateJson":"{\"resources\":[]}","templateSpecId":null})",
      c));
  CHECK(c.parameters_json == R"({"parameters":{"a":{"value":1}}})");
  CHECK(c.arm_json == R"({"resources":[]})");
}

TEST_CASE("build-params output without the template or parameters is a clear error") {
  Compilation c;
  auto old_cli = split_build_params(R"({"$schema":"x","parameters":{}})", c);
  REQUIRE_FALSE(old_cli);
  CHECK_THAT(old_cli.error().message, Catch::Contains("parametersJson"));
  auto no_template = split_build_params(R"({"parametersJson":"{}"})", c);
  REQUIRE_FALSE(no_template);
  CHECK_THAT(no_template.error().message, Catch::Contains("using"));
}

TEST_CASE("the target scope comes from the compiled template's schema") {
  CHECK(
      target_scope(
          R"({"$schema":"https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"})")
          .value() == "resourceGroup");
  CHECK(
      target_scope(
          R"({"$schema":"https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#"})")
          .value() == "subscription");
  auto mg = target_scope(
      R"({"$schema":"https://schema.management.azure.com/schemas/2019-08-01/managementGroupDeploymentTemplate.json#"})");
  CHECK(mg.value() == "managementGroup");
  CHECK(
      target_scope(
          R"({"$schema":"https://schema.management.azure.com/schemas/2019-08-01/tenantDeploymentTemplate.json#"})")
          .value() == "tenant");
  CHECK_FALSE(target_scope("not json"));
}

TEST_CASE("a template that is neither .bicep nor .json is refused by name") {
  auto c = compile("bicep", "/tmp/main.yaml");
  REQUIRE_FALSE(c);
  CHECK_THAT(c.error().message, Catch::Contains("/tmp/main.yaml"));
}

TEST_CASE("a missing compiler is named, with what to do") {
  auto c = compile("bicepgate-no-such-bicep", "/tmp/main.bicep");
  REQUIRE_FALSE(c);
  CHECK_THAT(c.error().message,
             Catch::Contains("bicepgate-no-such-bicep") && Catch::Contains("bicep-path"));
}
