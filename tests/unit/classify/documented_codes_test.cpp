// Codes from the documented error lists (issue 17): each text takes its shape and wording from
// the page cited above its test, so the rule for the code, not a sample, is what is checked.
#include <catch2/catch.hpp>

#include "classify/classifier.hpp"
#include "support.hpp"

using namespace bicepgate::classify;

namespace {

constexpr auto of = &bicepgate::testing::classified;

// The error response format of the VM error messages page: status, error, inner details.
std::string vm_error(const std::string& code, const std::string& message) {
  return "{\"status\": \"Failed\", \"error\": {\"code\": \"DeploymentFailed\", \"message\": \"At "
         "least one resource deployment operation failed.\", \"details\": [{\"code\": \"" +
         code + "\", \"message\": \"" + message + "\"}]}}";
}

}  // namespace

// https://learn.microsoft.com/troubleshoot/azure/virtual-machines/windows/error-messages
TEST_CASE("the VM error list's capacity and platform codes pass") {
  auto capacity = of(vm_error("OverConstrainedAllocationRequest",
                              "The required VM size is not currently available in the selected "
                              "location."));
  CHECK(capacity.code == "OverConstrainedAllocationRequest");
  CHECK(capacity.failure_class == FailureClass::kEnvironmental);
  CHECK(capacity.retryable);
  auto busy = of(vm_error("StorageAccountTooBusy",
                          "Storage account 'diag01' is too busy currently. Consider using another "
                          "account."));
  CHECK(busy.failure_class == FailureClass::kEnvironmental);
  CHECK(busy.retryable);
  auto internal = of(vm_error("DiagnosticsOperationInternalError",
                              "An internal error occurred while processing diagnostics profile of "
                              "VM vm1."));
  CHECK(internal.failure_class == FailureClass::kEnvironmental);
  CHECK(internal.retryable);
}

// The same page: OperationNotAllowed is a passing state, a template mistake or a quota.
TEST_CASE("OperationNotAllowed is placed by what its message says") {
  auto busy = of(vm_error("OperationNotAllowed",
                          "Operation 'start' is not allowed on VM 'vm1' since another operation "
                          "is in progress."));
  CHECK(busy.failure_class == FailureClass::kEnvironmental);
  CHECK(busy.retryable);
  auto disks = of(vm_error("OperationNotAllowed",
                           "The maximum number of data disks allowed to be attached to a VM of "
                           "this size is 4."));
  CHECK(disks.failure_class == FailureClass::kLogic);
  CHECK_FALSE(disks.retryable);
  // https://learn.microsoft.com/azure/azure-resource-manager/troubleshooting/error-resource-quota
  auto quota = of(vm_error("OperationNotAllowed",
                           "Operation could not be completed as it results in exceeding approved "
                           "Total Regional Cores quota."));
  CHECK(quota.failure_class == FailureClass::kConfiguration);
}

// https://learn.microsoft.com/entra/identity-platform/reference-error-codes: codes the table calls
// transient or temporarily unavailable pass even when the message does not say so.
TEST_CASE("Entra ID codes documented as transient pass") {
  auto graph = of("ERROR: AADSTS90091: GraphServiceUnreachable\nTrace ID: 0b7f\n");
  CHECK(graph.code == "AADSTS90091");
  CHECK(graph.failure_class == FailureClass::kEnvironmental);
  CHECK(graph.retryable);
  auto issuance = of("ERROR: AADSTS50000: There was an error issuing a token.\n");
  CHECK(issuance.failure_class == FailureClass::kEnvironmental);
  // A code the table gives no transient meaning stays a sign-in to fix.
  CHECK(of("ERROR: AADSTS50057: The user account is disabled.\n").failure_class ==
        FailureClass::kConfiguration);
}

// https://github.com/Azure/login/issues/573: azure/login's output for a subject that differs only
// in case (AADSTS7002138, a refinement of AADSTS70021).
TEST_CASE("every federated-credential mismatch says to fix the subject") {
  auto c =
      of("Attempting Azure CLI login by using OIDC...\nError: AADSTS7002138: No matching federated "
         "identity record found for presented assertion subject "
         "'repo:kartAI/doppa-data:ref:refs/heads/main'. The subject matches with case-insensitive "
         "comparison, but not with case-sensitive comparison.");
  CHECK(c.code == "AADSTS7002138");
  CHECK(c.failure_class == FailureClass::kConfiguration);
  CHECK_THAT(c.hint, Catch::Contains("subject"));
  // The expired assertion of a long run is still the one that passes.
  CHECK(of("ERROR: AADSTS700024: Client assertion is not within its valid time range.")
            .failure_class == FailureClass::kEnvironmental);
}

// https://learn.microsoft.com/rest/api/storagerp/srp_error_codes_create_storage_account and
// https://learn.microsoft.com/rest/api/storageservices/common-rest-api-error-codes (with the
// .NET StorageErrorCodeStrings list for ContainerBeingDeleted and ContainerDisabled).
TEST_CASE("storage codes no rule names are placed by their family") {
  auto tag = of(vm_error("MaxTagKeyLengthExceeded", "The key given in the tags is too long."));
  CHECK(tag.failure_class == FailureClass::kLogic);
  CHECK(tag.basis == Basis::kCode);
  auto location = of(vm_error("LocationNotValid", "The specified location is invalid."));
  CHECK(location.failure_class == FailureClass::kLogic);
  auto deleting =
      of(vm_error("ContainerBeingDeleted", "The specified container is being deleted."));
  CHECK(deleting.failure_class == FailureClass::kEnvironmental);
  CHECK(deleting.retryable);
  auto disabled = of(vm_error("ContainerDisabled", "The specified container is disabled."));
  CHECK(disabled.failure_class == FailureClass::kConfiguration);
  CHECK_FALSE(disabled.retryable);
}

// The service-endpoint failure as Azure PowerShell and the Terraform provider print it (Storage
// and Key Vault network rules; the code names the missing serviceEndpoints).
TEST_CASE("a subnet without service endpoints is the template's, even inside its wrapper") {
  auto powershell =
      of("New-AzKeyVault: Operation on Virtual Network could not be performed. StatusCode: 400 "
         "(BadRequest).\nError Code: SubnetsHaveNoServiceEndpointsConfigured.\nError Message: "
         "Subnets sn-01 of virtual network vnet-01 do not have ServiceEndpoints for "
         "Microsoft.KeyVault resources configured.");
  CHECK(powershell.code == "SubnetsHaveNoServiceEndpointsConfigured");
  CHECK(powershell.failure_class == FailureClass::kLogic);
  auto wrapped =
      of("Status=400 Code=\"NetworkAclsValidationFailure\" Message=\"Validation of network acls "
         "failure: SubnetsHaveNoServiceEndpointsConfigured:Subnets subnet-01, subnet-02\"");
  CHECK(wrapped.code == "SubnetsHaveNoServiceEndpointsConfigured");
  CHECK_THAT(wrapped.hint, Catch::Contains("serviceEndpoints"));
}

// https://learn.microsoft.com/troubleshoot/azure/azure-kubernetes/error-codes/aks-error-code-page
// (the description column) and .../create-upgrade-delete/error-code-poddrainfailure (az's text).
TEST_CASE("an AKS operation preempted by another passes, a PDB that blocks an upgrade does not") {
  auto preempted = of(vm_error("AKSOperationPreempted",
                               "Cluster operation is interrupted by a higher priority operation."));
  CHECK(preempted.failure_class == FailureClass::kEnvironmental);
  CHECK(preempted.retryable);
  auto drain = of(
      "(UpgradeFailed) Drain node aks-nodepool1-12345678-vmss000000 failed when evicting pod "
      "nginx-7854ff8877-gbr4m failed with Too Many Requests error. This is often caused by a "
      "restrictive Pod Disruption Budget (PDB) policy. See https://aka.ms/aks/debugdrainfailures. "
      "Original error: Cannot evict pod as it would violate the pod's disruption budget.. PDB "
      "debug info: default/nginx-7854ff8877-gbr4m blocked by pdb nginx-pdb with 0 unready pods.");
  CHECK(drain.code == "UpgradeFailed");
  CHECK(drain.failure_class == FailureClass::kConfiguration);
  CHECK_FALSE(drain.retryable);
}

// https://learn.microsoft.com/azure/cost-management-billing/manage/region-optimization; the body
// as https://github.com/microsoft/foundry-toolkit/issues/649 shows it.
TEST_CASE("a region Azure closes to the subscription needs another region or support") {
  auto c = of(
      "{\"error\":{\"code\":\"RequestDisallowedByAzure\",\"target\":\"sample2005-resource\","
      "\"message\":\"Resource 'sample2005-resource' was disallowed by Azure: This policy maintains "
      "a set of best available regions where your subscription can deploy resources.\"}}");
  CHECK(c.code == "RequestDisallowedByAzure");
  CHECK(c.failure_class == FailureClass::kConfiguration);
  CHECK_FALSE(c.retryable);
}
