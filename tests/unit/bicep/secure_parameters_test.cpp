#include "bicep/secure_parameters.hpp"

#include <catch2/catch.hpp>

using namespace bicepgate::bicep;

TEST_CASE("secure parameters' values are found in the parameters file and the overrides") {
  const std::string arm = R"({"parameters":{
    "adminPassword":{"type":"securestring"},
    "connection":{"type":"secureObject"},
    "location":{"type":"string"}}})";
  const std::string params = R"({"parameters":{
    "AdminPassword":{"value":"hunter2-hunter2"},
    "connection":{"value":{"user":"svc","key":"k3y-value"}},
    "location":{"value":"eastus"}}})";
  auto read = secure_parameter_values(
      arm, params, "p.json", {{"adminPassword", "override-secret"}, {"location", "westus"}});
  REQUIRE(read);
  const auto& secrets = *read;
  CHECK(std::find(secrets.begin(), secrets.end(), "hunter2-hunter2") != secrets.end());
  CHECK(std::find(secrets.begin(), secrets.end(), "k3y-value") != secrets.end());
  CHECK(std::find(secrets.begin(), secrets.end(), "override-secret") != secrets.end());
  CHECK(std::find(secrets.begin(), secrets.end(), "eastus") == secrets.end());
  CHECK(std::find(secrets.begin(), secrets.end(), "westus") == secrets.end());
}

TEST_CASE("a template without secure parameters, or an unreadable template, declares nothing") {
  CHECK(secure_parameter_values(R"({"parameters":{"a":{"type":"string"}}})",
                                R"({"parameters":{"a":{"value":"x"}}})", "p.json", {})
            ->empty());
  CHECK(secure_parameter_values("not json", R"({"a":{"value":"x"}})", "p.json", {{"a", "b"}})
            ->empty());
}

TEST_CASE("a parameters file with comments, as az accepts it, still has its secrets masked") {
  const std::string arm = R"({"parameters":{"adminPassword":{"type":"secureString"}}})";
  const std::string params =
      "// prod values\n{\n  \"parameters\": {\n    /* rotated monthly */\n"
      "    \"adminPassword\": { \"value\": \"hunter2-hunter2\" }, // from the vault\n  }\n}\n";
  auto secrets = secure_parameter_values(arm, params, "p.json", {});
  REQUIRE(secrets);
  CHECK(*secrets == std::vector<std::string>{"hunter2-hunter2"});
}

TEST_CASE("a parameters file that cannot be read for masks is an error, never nothing to mask") {
  const std::string arm = R"({"parameters":{"adminPassword":{"type":"secureString"}}})";
  auto secrets = secure_parameter_values(
      arm, "{\"parameters\": {\"adminPassword\": {\"value\": \"hunter2\"}", "bicep/p.json", {});
  REQUIRE_FALSE(secrets);
  CHECK(secrets.error().file == "bicep/p.json");
  CHECK(secrets.error().message.find("hunter2") == std::string::npos);
}
