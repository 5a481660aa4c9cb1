// Shapes other tools print around Azure's errors, each from a real paste (URL above the case).
#include <catch2/catch.hpp>

#include "classify/classifier.hpp"
#include "support.hpp"

using namespace bicepgate::classify;

namespace {

constexpr auto of = &bicepgate::testing::classified;
}  // namespace

// https://github.com/MicrosoftDocs/azure-docs/issues/24423: AzureRM's "Cmdlet : message", no code.
TEST_CASE("a PowerShell cmdlet prefix is read past and a well-known message names its code") {
  auto c = of("New-AzureRMRoleAssignment : The role assignment already exists");
  CHECK(c.code == "RoleAssignmentExists");
  CHECK(c.failure_class == FailureClass::kLogic);
  CHECK(c.basis == Basis::kText);
}

// https://github.com/Azure/azure-powershell/issues/598: the cmdlet and its clock before the
// message, the operation's statusCode and statusMessage pasted after it.
TEST_CASE("PowerShell's clock prefix and a nested statusMessage give the decisive inner code") {
  auto c = of(
      "New-AzureResourceGroup : 4:28:22 PM - Resource Microsoft.Compute/virtualMachines "
      "'MyWindowsVM' failed with message 'The resource operation completed with terminal "
      "provisioning state 'Failed'.'\n\nstatusCode:Conflict\n\nstatusMessage:\n"
      R"({"status":"Failed","error":{"code":"ResourceDeploymentFailure","message":"The resource operation completed with terminal provisioning state 'Failed'.","details":[{"code":"VMExtensionProvisioningError","message":"VM has reported a failure when processing extension 'DSC'. Error message: \"Invalid ConfigurationFunction setting: Main\"."}]}})");
  CHECK(c.code == "VMExtensionProvisioningError");
  CHECK(c.failure_class == FailureClass::kLogic);
  CHECK(c.chain ==
        std::vector<std::string>{"ResourceDeploymentFailure", "VMExtensionProvisioningError"});
  CHECK_FALSE(c.rule_source.empty());
}

// https://github.com/microsoft/healthkit-on-fhir/issues/15: PowerShell 7's error view.
TEST_CASE("PowerShell 7's '     | ' error view is read like plain lines") {
  const std::string text =
      "New-AzResourceGroupDeployment: .../Create-IomtFhirCloudEnvironment.ps1:115\n"
      "Line |\n"
      " 115 |  New-AzResourceGroupDeployment -TemplateFile $sandboxTemplate -Resourc …\n"
      "     |  ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n"
      "     | 5:16:30 PM - The deployment 'default-azuredeploy-sandbox' failed with error(s). "
      "Showing 1 out of 1 error(s). Status Message: The\n"
      "     | resource operation completed with terminal provisioning state 'Failed'. "
      "(Code:ResourceDeploymentFailure)  CorrelationId:\n"
      "     | 38581515-b5c2-47cf-92ff-22da1cb2e381\n";
  CHECK_THAT(strip_log_prefixes(text),
             Catch::Contains("\nThe deployment 'default-azuredeploy-sandbox' failed"));
  auto c = of(text);
  CHECK(c.code == "ResourceDeploymentFailure");
  CHECK(c.failure_class == FailureClass::kLogic);
}

// https://github.com/Azure/azure-cli/issues/19846: GitHub masked a secret equal to "{", so every
// brace became "***"; the paste is cut mid-JSON and wrapped in backticks.
TEST_CASE("braces masked as *** are put back, and a soft-deleted vault needs a human") {
  CHECK(strip_log_prefixes(R"(ERROR: ***"status":"Failed","error":***"code":"X"})") ==
        "ERROR: {\"status\":\"Failed\",\"error\":{\"code\":\"X\"}\n");
  CHECK(strip_log_prefixes("client '***' and \"***\"") == "client '***' and \"***\"\n");
  auto c = of(
      R"(`ERROR: ***"status":"Failed","error":***"code":"DeploymentFailed","message":"At least one resource deployment operation failed. Please list deployment operations for details. Please see https://aka.ms/DeployOperations for usage details.","details":[***"code":"Conflict","message":"***\r\n  \"error\": ***\r\n    \"code\": \"ConflictError\",\r\n    \"message\": \"A vault with the same name already exists in deleted state. You need to either recover or purge existing key vault. Follow this link https://go.microsoft.com/fwlink/?linkid=2149745 for more information on soft delete.\"\r\n `)");
  CHECK(c.code == "ConflictError");
  CHECK(c.failure_class == FailureClass::kConfiguration);
  CHECK_FALSE(c.retryable);
}

// https://github.com/microsoft/nav-arm-templates/issues/161: a Markdown quote on every line.
TEST_CASE("a Markdown-quoted error object is read as JSON") {
  auto errors = extract_errors(
      "> {\n>     \"status\": \"Failed\",\n>     \"error\": {\n>         \"code\": "
      "\"InUseSubnetCannotBeDeleted\",\n>         \"message\": \"Subnet GatewaySubnet is in use by "
      "/subscriptions/bla-bla-bla/resourceGroups/BA-RGR-EU01/providers/Microsoft.Network/"
      "virtualNetworkGateways/VnetGateway/ipConfigurations/default and cannot be deleted.\",\n>    "
      "     \"details\": []\n>     }\n> }");
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].code == "InUseSubnetCannotBeDeleted");
  CHECK(errors[0].depth == 0);  // parsed as one object, not found as a loose pair two braces deep
}

// az colours its errors on a terminal and a paste keeps the codes ("[0m" in
// https://github.com/Azure/azure-cli/issues/9903); the ERROR line is az 2.5x's "(Code) message".
TEST_CASE("ANSI colour codes, with or without their escape byte, do not hide the code") {
  for (const std::string esc : {"\x1b", ""}) {
    auto c = of(esc +
                "[91mERROR: (AuthorizationFailed) The client 'abc' with object id 'abc' "
                "does not have authorization to perform action "
                "'Microsoft.Resources/deployments/write' over scope '/subscriptions/x' or "
                "the scope is invalid." +
                esc + "[0m");
    CHECK(c.code == "AuthorizationFailed");
    CHECK(c.basis == Basis::kCode);
  }
}

// https://github.com/DNSControl/dnscontrol/issues/4363: Go azcore's ResponseError (its format:
// https://github.com/Azure/azure-sdk-for-go/blob/main/sdk/azcore/internal/exported/response_error.go).
TEST_CASE("Go azcore's RESPONSE and ERROR CODE lines name the status and the code") {
  const std::string text =
      "        ----------------------------------------------------------------------------\n"
      "        RESPONSE 409: 409 Conflict\n"
      "        ERROR CODE: Conflict\n"
      "        ----------------------------------------------------------------------------\n"
      "        {\n"
      "          \"code\": \"Conflict\",\n"
      "          \"message\": \"Another operation is pending for requested object.\"\n"
      "        }\n";
  auto errors = extract_errors("RESPONSE 404: 404 Not Found\nERROR CODE: ResourceGroupNotFound\n");
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].code == "ResourceGroupNotFound");
  auto c = of(text);
  CHECK(c.code == "Conflict");
  CHECK(c.failure_class == FailureClass::kEnvironmental);
  CHECK(c.retryable);
}
