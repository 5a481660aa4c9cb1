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
  auto secrets = secure_parameter_values(
      arm, params, {{"adminPassword", "override-secret"}, {"location", "westus"}});
  CHECK(std::find(secrets.begin(), secrets.end(), "hunter2-hunter2") != secrets.end());
  CHECK(std::find(secrets.begin(), secrets.end(), "k3y-value") != secrets.end());
  CHECK(std::find(secrets.begin(), secrets.end(), "override-secret") != secrets.end());
  CHECK(std::find(secrets.begin(), secrets.end(), "eastus") == secrets.end());
  CHECK(std::find(secrets.begin(), secrets.end(), "westus") == secrets.end());
}

TEST_CASE("a template without secure parameters, or unreadable input, gives nothing to mask") {
  CHECK(secure_parameter_values(R"({"parameters":{"a":{"type":"string"}}})",
                                R"({"parameters":{"a":{"value":"x"}}})", {})
            .empty());
  CHECK(secure_parameter_values("not json", "not json", {{"a", "b"}}).empty());
}
