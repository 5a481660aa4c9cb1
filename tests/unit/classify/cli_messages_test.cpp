// Messages az, its libraries and the Bicep CLI print with no error code, each built from the
// format string in the source file named above it (as az prints it: "ERROR: " and the message).
// They must be placed by the rule read from that source, not left unknown or to a broad idiom.
#include <catch2/catch.hpp>

#include "classify/classifier.hpp"
#include "support.hpp"

using namespace bicepgate::classify;

namespace {

constexpr auto of = &bicepgate::testing::classified;

constexpr const char* kProfile =
    "https://github.com/Azure/azure-cli/blob/dev/src/azure-cli-core/azure/cli/core/_profile.py";
constexpr const char* kBicepGlue =
    "https://github.com/Azure/azure-cli/blob/dev/src/azure-cli/azure/cli/command_modules/"
    "resource/_bicep.py";
constexpr const char* kCustom =
    "https://github.com/Azure/azure-cli/blob/dev/src/azure-cli/azure/cli/command_modules/"
    "resource/custom.py";
constexpr const char* kBicepCli =
    "https://github.com/Azure/bicep/blob/main/src/Bicep.Cli/CliResources.resx";

}  // namespace

// _profile.py: 'No access was configured for the managed identity, hence no subscriptions were
// found. ' "If this is expected, use '--allow-no-subscriptions' to have tenant level access."
// (older az: "for the VM"); "No subscriptions found for {}." with the user name.
TEST_CASE("az login that finds no subscription is configuration") {
  for (const char* text :
       {"ERROR: No access was configured for the managed identity, hence no subscriptions were "
        "found. If this is expected, use '--allow-no-subscriptions' to have tenant level access.",
        "ERROR: No access was configured for the VM, hence no subscriptions were found"}) {
    auto c = of(text);
    CHECK(c.failure_class == FailureClass::kConfiguration);
    CHECK(c.code == "NONE:NoSubscriptionsFound");
    CHECK(c.rule_source == kProfile);
  }
  auto sp = of("ERROR: No subscriptions found for 11111111-2222-3333-4444-555555555555.");
  CHECK(sp.code == "NONE:NoSubscriptionsFound");
  CHECK_THAT(sp.hint, Catch::Contains("11111111-2222-3333-4444-555555555555 has no role"));
  CHECK_FALSE(sp.retryable);
}

// _profile.py: "Subscription '{}' not found. Check the spelling and casing and try again.",
// "Multiple subscriptions with the name '{}' found. Specify the subscription ID.",
// "The subscription of '{}' {} in cloud '{}'." with "has more than one match",
// 'There are no active accounts.'
TEST_CASE("az account set with a subscription the identity cannot name is configuration") {
  auto missing = of(
      "ERROR: Subscription 'contoso-prod' not found. Check the spelling and casing and try again.");
  CHECK(missing.failure_class == FailureClass::kConfiguration);
  CHECK(missing.code == "NONE:SubscriptionNotInProfile");
  CHECK_THAT(missing.hint, Catch::Contains("'contoso-prod'"));
  // The "try again" in the wording is not a transient failure.
  CHECK_FALSE(missing.retryable);
  for (const char* text :
       {"ERROR: Multiple subscriptions with the name 'Pay-As-You-Go' found. Specify the "
        "subscription ID.",
        "ERROR: The subscription of 'Pay-As-You-Go' has more than one match in cloud "
        "'AzureCloud'."}) {
    auto c = of(text);
    CHECK(c.failure_class == FailureClass::kConfiguration);
    CHECK(c.code == "NONE:SubscriptionAmbiguous");
  }
  auto none = of("ERROR: There are no active accounts.");
  CHECK(none.code == "NONE:NotLoggedIn");
  CHECK(none.rule_source == kProfile);
}

// _profile.py: 'Failed to connect to MSI, check your managed service identity id.';
// auth/adal_authentication.py: 'Failed to connect to MSI. Please make sure MSI is configured
// correctly and check the network connection.\nError detail: {}', 'MSI endpoint is not
// responding. Please make sure MSI is configured correctly.\nError detail: {}';
// auth/identity.py: 'Invalid certificate, please use a valid PEM file. Error detail: {}'.
TEST_CASE("a managed identity or certificate login that cannot work is configuration") {
  auto wrong_id = of("ERROR: Failed to connect to MSI, check your managed service identity id.");
  CHECK(wrong_id.code == "NONE:ManagedIdentityNotFound");
  CHECK(wrong_id.failure_class == FailureClass::kConfiguration);
  auto no_endpoint = of(
      "ERROR: Failed to connect to MSI. Please make sure MSI is configured correctly and check the "
      "network connection.\nError detail: HTTPConnectionPool(host='169.254.169.254', port=80): "
      "Max retries exceeded with url: /metadata/identity/oauth2/token");
  CHECK(no_endpoint.code == "NONE:ManagedIdentityUnavailable");
  CHECK(no_endpoint.failure_class == FailureClass::kConfiguration);
  auto silent =
      of("ERROR: MSI endpoint is not responding. Please make sure MSI is configured correctly.\n"
         "Error detail: timed out");
  CHECK(silent.code == "NONE:ManagedIdentityUnavailable");
  auto pem =
      of("ERROR: Invalid certificate, please use a valid PEM file. Error detail: Could not "
         "deserialize key data.");
  CHECK(pem.code == "NONE:InvalidCertificate");
  CHECK(pem.failure_class == FailureClass::kConfiguration);
}

// util.py: SSLERROR_TEMPLATE 'Certificate verification failed. This typically happens when
// using Azure CLI behind a proxy that intercepts traffic with a self-signed certificate. ...';
// handle_exception: 'Keyboard interrupt is captured.'; commands/__init__.py:
// 'Long-running operation wait cancelled.  %s'; msal/authority.py: "Unable to get authority
// configuration for {}. Authority would typically be in a format of ...".
TEST_CASE("az's own words for a proxy, an interrupt and an unknown tenant") {
  auto proxy =
      of("ERROR: Certificate verification failed. This typically happens when using Azure CLI "
         "behind a proxy that intercepts traffic with a self-signed certificate. Please add this "
         "certificate to the trusted CA bundle.");
  CHECK(proxy.code == "NONE:SSLError");
  CHECK(proxy.failure_class == FailureClass::kConfiguration);
  auto interrupted = of("ERROR: Keyboard interrupt is captured.");
  CHECK(interrupted.code == "NONE:Interrupted");
  CHECK(interrupted.failure_class == FailureClass::kEnvironmental);
  CHECK(interrupted.retryable);
  CHECK(of("ERROR: Long-running operation wait cancelled.  Correlation ID: 0c7a").code ==
        "NONE:Interrupted");
  auto tenant = of(
      "ERROR: Unable to get authority configuration for "
      "https://login.microsoftonline.com/contoso.onmicrosoft.cm. Authority would typically be in "
      "a format of https://login.microsoftonline.com/your_tenant Also please double check your "
      "tenant name or GUID is correct.");
  CHECK(tenant.code == "NONE:TenantNotFound");
  CHECK(tenant.failure_class == FailureClass::kConfiguration);
}

// _bicep.py: 'Could not find the "bicep" executable on PATH. To install Bicep via Azure CLI,
// set the "bicep.use_binary_from_path" configuration to False and run "az bicep install".',
// 'Bicep CLI not found. Install it now by running "az bicep install".', 'The target scope
// "{target_scope}" does not match the deployment scope "{deployment_scope}".'
TEST_CASE("az without a Bicep CLI is configuration, a scope mismatch is logic") {
  for (const char* text :
       {"ERROR: Could not find the \"bicep\" executable on PATH. To install Bicep via Azure CLI, "
        "set the \"bicep.use_binary_from_path\" configuration to False and run \"az bicep "
        "install\".",
        "ERROR: Bicep CLI not found. Install it now by running \"az bicep install\"."}) {
    auto c = of(text);
    CHECK(c.code == "NONE:BicepNotInstalled");
    CHECK(c.failure_class == FailureClass::kConfiguration);
    CHECK(c.rule_source == kBicepGlue);
  }
  auto scope =
      of("ERROR: The target scope \"subscription\" does not match the deployment scope "
         "\"resourceGroup\".");
  CHECK(scope.code == "NONE:TargetScopeMismatch");
  CHECK(scope.failure_class == FailureClass::kLogic);
  CHECK_THAT(scope.hint, Catch::Contains("'subscription'") && Catch::Contains("'resourceGroup'"));
}

// _bicep.py: f"Error while attempting to download Bicep CLI: {err}" and f"Error while
// attempting to retrieve the latest Bicep version: {err}." wrap an inner error, which decides
// when a rule knows it (GitHub's rate limit); only otherwise does the wrapper.
TEST_CASE("a failed Bicep download passes unless its inner error says otherwise") {
  auto refused =
      of("ERROR: Error while attempting to download Bicep CLI: <urlopen error [Errno 111] "
         "Connection refused>");
  CHECK(refused.code == "NONE:BicepDownloadFailed");
  CHECK(refused.failure_class == FailureClass::kEnvironmental);
  CHECK(refused.retryable);
  CHECK(refused.basis == Basis::kIdiom);
  auto limited = of(
      "ERROR: Error while attempting to retrieve the latest Bicep version: 403 Client Error: rate "
      "limit exceeded for url: https://api.github.com/repos/Azure/bicep/releases/latest.");
  CHECK(limited.code == "NONE:RateLimitExceeded");
  CHECK(limited.failure_class == FailureClass::kEnvironmental);
}

// custom.py: "Failed to parse '{}', please check whether it is a valid JSON format",
// "Failed to parse {} with exception:\n    {}", "Missing input parameters: {}",
// 'Unable to retrieve url {}'.
TEST_CASE("az's refusals of a parameters file or template are logic") {
  auto json =
      of("ERROR: Failed to parse 'main.parameters.json', please check whether it is a valid JSON "
         "format");
  CHECK(json.code == "NONE:JSONDecodeError");
  CHECK(json.failure_class == FailureClass::kLogic);
  CHECK(json.rule_source == kCustom);
  CHECK_THAT(json.hint, Catch::Contains("main.parameters.json is not valid JSON"));
  auto parse = of(
      "ERROR: Failed to parse params/dev.json with exception:\n    Expecting ',' delimiter: line "
      "7 column 5 (char 121)");
  CHECK(parse.code == "NONE:JSONDecodeError");
  CHECK_THAT(parse.hint, Catch::Contains("params/dev.json is not valid JSON"));
  auto missing = of("ERROR: Missing input parameters: adminPassword, location");
  CHECK(missing.code == "NONE:MissingInputParameters");
  CHECK(missing.failure_class == FailureClass::kLogic);
  CHECK_THAT(missing.hint, Catch::Contains("adminPassword, location"));
  auto uri = of("ERROR: Unable to retrieve url https://example.blob.core.windows.net/t/main.json");
  CHECK(uri.code == "NONE:TemplateUriUnreachable");
}

// src/Bicep.Cli/CliResources.resx: FileDoesNotExistFormat 'The specified file "{0}" does not
// exist.', UnrecognizedBicepFileExtensionMessage 'The specified input "{0}" was not recognized
// as a Bicep file. ...', UnrecognizedArgumentsFormat 'Unrecognized arguments "{0}" specified.
// Use "{1} --help" to view available options.'; az prints Bicep's stderr as its error.
TEST_CASE("the Bicep CLI's refusals before any diagnostic") {
  auto missing =
      of("ERROR: The specified file \"/home/runner/work/app/infra/mian.bicep\" does not exist.");
  CHECK(missing.code == "NONE:FileNotFound");
  CHECK(missing.failure_class == FailureClass::kConfiguration);
  CHECK(missing.rule_source == kBicepCli);
  CHECK_THAT(missing.hint, Catch::Contains("infra/mian.bicep"));
  auto not_bicep =
      of("ERROR: The specified input \"/src/main.json\" was not recognized as a Bicep file. Bicep "
         "files must use the .bicep extension.");
  CHECK(not_bicep.code == "NONE:NotABicepFile");
  auto old = of(
      "ERROR: Unrecognized arguments \"build-params /src/dev.bicepparam --stdout\" specified. Use "
      "\"bicep --help\" to view available options.");
  CHECK(old.code == "NONE:BicepTooOld");
  CHECK(old.failure_class == FailureClass::kConfiguration);
}

// azure-core polling/base_polling.py: OperationFailed("Operation failed or canceled"),
// BadResponse("Unable to find status link for polling.").
TEST_CASE("a long-running operation with no error detail") {
  auto failed = of("ERROR: Operation failed or canceled");
  CHECK(failed.code == "NONE:OperationFailed");
  CHECK(failed.failure_class == FailureClass::kLogic);
  auto bad = of("ERROR: Unable to find status link for polling.");
  CHECK(bad.code == "NONE:BadResponse");
  CHECK(bad.failure_class == FailureClass::kEnvironmental);
}

// core/commands/validators.py: "JSON file does not exist: '{}'" for a parameters path az could
// not open (the broad "does not exist" idiom would call it a logic NotFound).
TEST_CASE("a parameters file az cannot find is configuration") {
  auto c = of("ERROR: JSON file does not exist: 'infra/params/prod.json'");
  CHECK(c.code == "NONE:FileNotFound");
  CHECK(c.failure_class == FailureClass::kConfiguration);
  CHECK_THAT(c.hint, Catch::Contains("infra/params/prod.json"));
}

// command_modules/util/custom.py: UPGRADE_MSG = 'Not able to upgrade automatically.
// Instructions can be found at https://aka.ms/doc/InstallAzureCli' and err_msg = "CLI upgrade
// failed or aborted." (az 2.45.0 as Debian ships it).
TEST_CASE("az that cannot upgrade itself needs the runner's image changed") {
  for (const char* text : {"Not able to upgrade automatically. Instructions can be found at "
                           "https://aka.ms/doc/InstallAzureCli",
                           "ERROR: CLI upgrade failed or aborted."}) {
    auto c = of(text);
    CHECK(c.failure_class == FailureClass::kConfiguration);
    CHECK_FALSE(c.retryable);
    CHECK(c.code == "NONE:UpgradeFailed");
  }
}

// azd's manager.go: fmt.Errorf("failed to find latest deployment"), printed under azd's
// "ERROR: deployment failed: ..." chain; an inner code would still decide (it is an idiom).
TEST_CASE("azd not finding the deployment it just made is retried") {
  auto c =
      of("ERROR: deployment failed: failing invoking action 'provision', error deploying "
         "infrastructure: failed getting environment outputs: failed getting latest deployment: "
         "failed to find latest deployment");
  CHECK(c.failure_class == FailureClass::kEnvironmental);
  CHECK(c.retryable);
  CHECK(c.code == "NONE:LatestDeploymentNotFound");
  auto inner =
      of("ERROR: deployment failed: failed to find latest deployment: (AuthorizationFailed) The "
         "client 'x' does not have authorization to perform action "
         "'Microsoft.Resources/deployments/read'");
  CHECK(inner.failure_class == FailureClass::kConfiguration);
}
