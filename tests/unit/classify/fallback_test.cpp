// When no code rule decides: the HTTP status, then az's error class, and only then an honest
// unknown that quotes what it could not place.
#include <catch2/catch.hpp>

#include "classify/classifier.hpp"
#include "classify/http_status.hpp"
#include "support.hpp"

using namespace bicepgate::classify;

namespace {

constexpr auto of = &bicepgate::testing::classified;
}  // namespace

TEST_CASE("the HTTP status is read from every client's wording") {
  // Go azcore (azd, Terraform azurerm), azure-core (.NET, PowerShell Az), go-autorest, the
  // activity log, msrest and .NET's CloudException, an echoed status line.
  CHECK(http_status("RESPONSE 404: 404 Not Found") == 404);
  CHECK(http_status("Status: 429 (Too Many Requests)\nErrorCode: TooManyRequests") == 429);
  CHECK(http_status("StatusCode=409 -- Original Error: Code=\"Conflict\"") == 409);
  CHECK(http_status("\"localizedValue\": \"Bad Request (HTTP Status Code: 400)\"") == 400);
  CHECK(http_status("ERROR: Operation returned an invalid status 'Service Unavailable'") == 503);
  CHECK(http_status("Operation returned an invalid status code 'BadRequest'.") == 400);
  CHECK(http_status("HTTP/1.1 502 Bad Gateway") == 502);
  CHECK(http_status("\"statusCode\": \"Conflict\"") == 409);
  CHECK_FALSE(http_status("listening on port 8443, 404 pages served"));
  CHECK_FALSE(http_status("Status: 200 (OK)"));
}

// https://github.com/Azure/azure-libraries-for-net/issues/1079: PowerShell Az, no error code.
TEST_CASE("with no code, the HTTP status decides the class") {
  auto c = of("Update-AzSubscription: Operation returned an invalid status code 'Conflict'");
  CHECK(c.failure_class == FailureClass::kLogic);
  CHECK(c.basis == Basis::kHttpStatus);
  CHECK(c.http_status == 409);
  CHECK(c.code == "Conflict");  // the status's own name, as az and .NET print it
  auto busy = of("ERROR: Operation returned an invalid status 'Service Unavailable'");
  CHECK(busy.failure_class == FailureClass::kEnvironmental);
  CHECK(busy.retryable);
  CHECK(busy.code == "ServiceUnavailable");
}

TEST_CASE("an unknown inner code keeps its name while the status gives the class") {
  auto c = of("RESPONSE 403: 403 Forbidden\nERROR CODE: SomeProviderSpecificDenial\n");
  CHECK(c.code == "SomeProviderSpecificDenial");
  CHECK(c.failure_class == FailureClass::kConfiguration);
  CHECK(c.basis == Basis::kHttpStatus);
}

// The shape of az's traceback line (https://github.com/Azure/azure-cli/issues/28834); the
// class names from src/azure-cli-core/azure/cli/core/azclierror.py.
TEST_CASE("with no code and no status, az's error class decides") {
  auto c =
      of("  File \"/opt/az/lib/python3.10/site-packages/knack/cli.py\", line 233, in invoke\n"
         "azure.cli.core.azclierror.AzureConnectionError: Failed to establish a new session");
  CHECK(c.basis == Basis::kAzClass);
  CHECK(c.failure_class == FailureClass::kEnvironmental);
  CHECK(c.code == "AzureConnectionError");
  // A class name inside a longer word is not that class.
  CHECK(of("MyValidationErrors happened").basis != Basis::kAzClass);
}

// https://github.com/Azure/azure-dev/issues/7842: azd's "Deployment Error Details:" with a code
// no rule knows and nothing else to go on.
TEST_CASE("unknown says which text it could not place") {
  auto c =
      of("ERROR: error executing step command 'provision': deployment failed: error deploying "
         "infrastructure: deploying to subscription: \n\nDeployment Error Details:\nUserError: "
         "Connection acr-connection already exist, and can only be updated by the workspace that "
         "created it\n");
  CHECK(c.failure_class == FailureClass::kUnknown);
  CHECK(c.code == "UserError");
  CHECK_THAT(c.unplaced, Catch::StartsWith("UserError: Connection acr-connection"));
  CHECK_THAT(c.hint, Catch::Contains("could not place") && Catch::Contains("acr-connection"));
  CHECK(to_json(c)["unplaced"] == c.unplaced);
  auto nothing = of("something went sideways\nand the build stopped");
  CHECK(nothing.failure_class == FailureClass::kUnknown);
  CHECK(nothing.unplaced == "something went sideways");
}

TEST_CASE("explain names the rule, its source and the chain from wrapper to cause") {
  auto c = of(
      R"(ERROR: {"status":"Failed","error":{"code":"DeploymentFailed","message":"At least one resource deployment operation failed.","details":[{"code":"BadRequest","message":"{\r\n  \"error\": {\r\n    \"code\": \"InvalidResourceName\",\r\n    \"message\": \"Resource name my_vnet is invalid.\"\r\n  }\r\n}"}]}})");
  auto text = explain(c, "data/error-rules.yml");
  CHECK_THAT(text, Catch::Contains("code:       InvalidResourceName"));
  CHECK_THAT(text, Catch::Contains("decided by: error code"));
  CHECK_THAT(text,
             Catch::Contains("rule:       data/error-rules.yml:" + std::to_string(c.rule_line)));
  CHECK_THAT(text, Catch::Contains("source:     https://"));
  CHECK_THAT(text,
             Catch::Contains("chain:      DeploymentFailed → BadRequest → InvalidResourceName"));
  auto json = to_json(c);
  CHECK(json["rule"]["source"] == c.rule_source);
  CHECK(json["chain"].size() == 3);
}
