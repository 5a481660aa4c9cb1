// Families of failures rather than samples: codes read by their name, az's Python crashes,
// Markdown-dressed codes, MSBuild's diagnostic form, and the idiom rules read last.
#include <catch2/catch.hpp>

#include "classify/classifier.hpp"
#include "classify/error_tree.hpp"
#include "classify/http_status.hpp"
#include "support.hpp"

using namespace bicepgate::classify;

namespace {

constexpr auto of = &bicepgate::testing::classified;

}  // namespace

// https://github.com/Azure/bicep/issues/13251: a code no rule names, placed by its name.
TEST_CASE("a code no rule names is placed by the family its name belongs to") {
  auto c =
      of("`Error: \"details\":[{\"code\":\"PolicyAssignmentNotFound\",\"message\":\"The policy "
         "assignment 'XXX Assignment' is not found.\"}]}]}]}}`");
  CHECK(c.code == "PolicyAssignmentNotFound");
  CHECK(c.basis == Basis::kCode);
  CHECK(c.failure_class == FailureClass::kLogic);
  CHECK_THAT(c.rule_source, Catch::StartsWith("https://"));
  // A named rule still comes first: ResourceGroupNotFound is configuration, not the family's logic.
  CHECK(of("(ResourceGroupNotFound) Resource group 'rg-x' could not be found.").failure_class ==
        FailureClass::kConfiguration);
}

// https://github.com/Azure/azure-cli/issues/12540: the exception's type becomes the code.
TEST_CASE("an az traceback is an az bug named by its Python exception") {
  auto c = of(
      "The command failed with an unexpected error. Here is the traceback:\n\n\n'NoneType' object "
      "is not callable\nTraceback (most recent call last):\n  File "
      "\"/usr/local/lib/python2.7/dist-packages/knack/cli.py\", line 206, in invoke\n    "
      "cmd_result = self.invocation.execute(args)\nTypeError: 'NoneType' object is not callable\n");
  CHECK(c.code == "NONE:TypeError");
  CHECK(c.failure_class == FailureClass::kConfiguration);
  CHECK_FALSE(c.retryable);
  CHECK_THAT(c.hint, Catch::Contains("Python TypeError"));
  // https://github.com/Azure/bicep/issues/2055: a KeyError prints only the key, quoted.
  auto key =
      of("The command failed with an unexpected error. Here is the traceback:\n'tag_name'\n"
         "Traceback (most recent call last):\n  File \"/usr/local/Cellar/azure-cli/2.20.0/libexec/"
         "lib/python3.8/site-packages/knack/cli.py\", line 233, in invoke\n");
  CHECK(key.code == "NONE:KeyError");
  // https://github.com/Azure/azure-cli/issues/22881: the bare AttributeError text.
  CHECK(of("'str' object has no attribute 'get'\n").code == "NONE:AttributeError");
}

// https://github.com/microsoft/MCW-Migrating-SQL-databases-to-Azure/issues/14
TEST_CASE("a code dressed in Markdown emphasis is read bare") {
  auto nodes = extract_errors(
      "{\"code\": \"DeploymentFailed\", \"message\": \"m\", \"details\": [{\"code\": "
      "\"**_VnetSubnetConflictWithIntendedPolicy_**\", \"message\": \"**_Precondition "
      "failed_**..\"}]}");
  REQUIRE(nodes.size() == 2);
  CHECK(nodes[1].code == "VnetSubnetConflictWithIntendedPolicy");
}

// MSBuild's canonical form (https://learn.microsoft.com/visualstudio/msbuild/
// msbuild-diagnostic-format-for-tasks), as Bicep.MSBuild's diagnostics are logged; the message
// is BCP079's (https://github.com/Azure/bicep, src/Bicep.MSBuild.UnitTests).
TEST_CASE("a Bicep diagnostic in MSBuild's lower-case form keeps its code and position") {
  auto c =
      of("main.bicep(4,23): error BCP079: This expression is referencing its own declaration, "
         "which is not allowed.");
  CHECK(c.code == "BCP079");
  REQUIRE(c.primary != nullptr);
  CHECK(c.primary->file == "main.bicep");
  CHECK(c.primary->line == 4);
  CHECK(c.primary->column == 23);
  CHECK(c.primary->severity == "Error");
}

// azure-core's RequestFailedException prints "Status: 400 (Bad Request)" and "ErrorCode: X"
// (https://learn.microsoft.com/dotnet/api/azure.requestfailedexception); the label is no code.
TEST_CASE("PowerShell's ErrorCode label is not taken for a code") {
  auto c = of("New-AzResourceGroupDeployment: Status: 400 (Bad Request)\nErrorCode: NoSuchThing\n");
  CHECK(c.code == "NoSuchThing");
  CHECK(c.failure_class == FailureClass::kLogic);
}

// https://github.com/Azure/azure-cli/issues/16102 and
// https://github.com/Azure/azure-xplat-cli/issues/1970: no code, no status, no az class.
TEST_CASE("with nothing else, the words of a well-known idiom decide, and say so") {
  auto warning =
      of("C:\\Program Files\\Microsoft SDKs\\Azure\\.NET SDK\\v2.9>az group deployment create\n"
         "This command is implicitly deprecated because command group 'group deployment' is "
         "deprecated and will be removed in a future release. Use 'deployment group' instead.");
  CHECK(warning.basis == Basis::kIdiom);
  CHECK(warning.code == "NONE:DeprecationWarning");
  CHECK(warning.failure_class == FailureClass::kLogic);
  CHECK_THAT(explain(warning, "r.yml"), Catch::Contains("decided by: known wording"));
  auto range =
      of("info:    Executing command storage account create\nerror:   accountName is outside the "
         "valid range.\nerror:   storage account create command failed");
  CHECK(range.basis == Basis::kIdiom);
  CHECK(range.code == "NONE:InvalidValue");
}

// https://github.com/Azure/azure-libraries-for-net/issues/1079: the status speaks before any
// idiom would ("conflict" wording aside, 409 is the decisive signal).
TEST_CASE("an idiom never overrides the HTTP status or az's error class") {
  auto c = of("Operation returned an invalid status code 'ServiceUnavailable': not found");
  CHECK(c.basis == Basis::kHttpStatus);
  CHECK(c.failure_class == FailureClass::kEnvironmental);
}

// https://github.com/pnp/PnP-PowerShell/discussions/3026: the STS throttles a sign-in loop, and
// "waiting a couple of minutes allows to reconnect".
TEST_CASE("Entra ID's throttling of a sign-in loop passes") {
  auto c =
      of("aadsts50196: the server terminated an operation because it encountered a client request "
         "loop. please contact your app vendor.");
  CHECK(c.code == "AADSTS50196");
  CHECK(c.failure_class == FailureClass::kEnvironmental);
  CHECK(c.retryable);
}

// requests' raise_for_status (https://github.com/psf/requests/blob/main/src/requests/models.py)
// as az printed it while fetching Bicep (https://github.com/Azure/bicep/issues/8006).
TEST_CASE("requests' HTTPError wording names the status") {
  CHECK(http_status("403 Client Error: rate limit exceeded for url: https://api.github.com/x") ==
        403);
  CHECK(http_status("HTTP Error 404: Not Found") == 404);
}

// https://github.com/Azure/bicep/issues/19228: the Problems panel's JSON, severity 8 = Error.
TEST_CASE("a VS Code Problems marker is a Bicep diagnostic with its position") {
  auto c = of(
      "[{\n\t\"resource\": \"/C:/GitHub/demo/main.bicepparam\",\n\t\"owner\": "
      "\"_generated_diagnostic_collection_name_#4\",\n\t\"code\": \"Fatal\",\n\t\"severity\": 8,\n"
      "\t\"message\": \"Failed to convert syntax of type Bicep.Core.Syntax.SkippedTriviaSyntax\",\n"
      "\t\"startLineNumber\": 1,\n\t\"startColumn\": 1,\n\t\"endLineNumber\": 2,\n"
      "\t\"endColumn\": 1\n}]");
  CHECK(c.code == "Fatal");
  CHECK(c.failure_class == FailureClass::kLogic);
  REQUIRE(c.primary != nullptr);
  CHECK(c.primary->kind == ErrorKind::kBicep);
  CHECK(c.primary->severity == "Error");
  CHECK(c.primary->line == 1);
  // A linter finding's code is an object: {"value": rule id, "target": its documentation}.
  auto lint =
      of("[{\"resource\": \"/c:/x/main.bicep\", \"code\": {\"value\": \"no-unused-params\", "
         "\"target\": {\"$mid\": 1}}, \"severity\": 4, \"message\": \"Parameter \\\"x\\\" is "
         "declared but never used.\", \"startLineNumber\": 3, \"startColumn\": 7}]");
  CHECK(lint.code == "no-unused-params");
  REQUIRE(lint.primary != nullptr);
  CHECK(lint.primary->severity == "Warning");
}

// azure/login's own check (https://github.com/Azure/login/blob/master/src/common/LoginConfig.ts)
// and actions/toolkit's OIDC helper (packages/core/src/oidc-utils.ts): no Azure call was made.
TEST_CASE("the login wrappers' own refusals are configuration") {
  auto creds =
      of("Error: Login failed with Error: Not all parameters are provided in 'creds'. Double-check "
         "if all keys are defined in 'creds': 'clientId', 'clientSecret', 'tenantId'.");
  CHECK(creds.code == "NONE:LoginInputsMissing");
  CHECK(creds.failure_class == FailureClass::kConfiguration);
  auto oidc = of("Error: Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable");
  CHECK(oidc.code == "NONE:OidcTokenUnavailable");
  CHECK(oidc.failure_class == FailureClass::kConfiguration);
}

// https://github.com/Azure/deployment-stacks/issues/81: only codes that say "it failed".
TEST_CASE("a code no rule names that only says it failed is a wrapper") {
  const auto& rules = bicepgate::testing::shipped_rules();
  CHECK(rules.is_wrapper("DeploymentStackUpdateFailed"));
  CHECK_FALSE(rules.is_wrapper("AuthorizationFailed"));  // named earlier: a cause
  CHECK(rules.is_wrapper("BadRequest"));
  auto c =
      of("New-AzSubscriptionDeploymentStack: 12:41:35 - The deployment 'lz-monitoring' failed with "
         "error(s). Showing 3 out of 3 error(s).\nError: Code=DeploymentStackUpdateFailed; "
         "Message=One or more stages of the deploymentStack failed. Correlation id: "
         "'1019f295-3127-457b-910c-083420ca133b'\n\nError: Code=DeploymentFailed; Message=At least "
         "one resource deployment operation failed.\n");
  CHECK(c.failure_class == FailureClass::kLogic);
  CHECK(c.basis == Basis::kCode);
  CHECK(c.code == "DeploymentStackUpdateFailed");  // the first printed, as with other wrappers
}

// The link Bicep appends to each diagnostic names its code in any rendering (Azure/bicep's CLI
// tests expect "… [https://aka.ms/bicep/core-diagnostics#BCP007]").
TEST_CASE("a Bicep diagnostic's documentation link names its code") {
  auto c =
      of("This declaration type is not recognized. Specify a metadata, parameter, variable, "
         "resource, or output declaration. [https://aka.ms/bicep/core-diagnostics#BCP007]");
  CHECK(c.code == "BCP007");
  CHECK(c.failure_class == FailureClass::kLogic);
  auto lint =
      of("warning: Parameter \"location\" is declared but never used. "
         "[https://aka.ms/bicep/linter/no-unused-params]");
  CHECK(lint.code == "no-unused-params");
}
