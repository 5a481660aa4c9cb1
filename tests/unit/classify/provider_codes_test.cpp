// More resource providers (issue 17): each text takes its code and wording from the page or
// report cited above its test, so the rule for the code, not a sample, is what is checked.
#include <catch2/catch.hpp>

#include "classify/classifier.hpp"
#include "support.hpp"

using namespace bicepgate::classify;

namespace {

constexpr auto of = &bicepgate::testing::classified;

// az's rendering of a service error: "(Code) message", then Code: and Message: lines.
std::string az_error(const std::string& code, const std::string& message) {
  return "ERROR: (" + code + ") " + message + "\nCode: " + code + "\nMessage: " + message + "\n";
}

// A deployment's failed operation, as the deployment error page prints it.
std::string deployment_error(const std::string& code, const std::string& message) {
  return "{\"status\": \"Failed\", \"error\": {\"code\": \"DeploymentFailed\", \"message\": \"At "
         "least one resource deployment operation failed.\", \"details\": [{\"code\": \"" +
         code + "\", \"message\": \"" + message + "\"}]}}";
}

}  // namespace

// https://learn.microsoft.com/rest/api/sql/servers/create-or-update: operations that collide or
// are throttled pass; a missing server or an unsupported version is the template's.
TEST_CASE("SQL server operations that collide or are throttled pass") {
  auto busy = of(deployment_error("ConflictingServerOperation",
                                  "An operation is currently in progress for the server."));
  CHECK(busy.code == "ConflictingServerOperation");
  CHECK(busy.failure_class == FailureClass::kEnvironmental);
  CHECK(busy.retryable);
  auto throttled = of(deployment_error("SubscriptionTooManyCreateUpdateRequests",
                                       "Requests beyond max requests that can be processed by "
                                       "available resources."));
  CHECK(throttled.failure_class == FailureClass::kEnvironmental);
  CHECK(throttled.retryable);
  auto interrupted = of(deployment_error("OperationInterrupted",
                                         "The operation on the resource could not be completed "
                                         "because it was interrupted by another operation on the "
                                         "same resource."));
  CHECK(interrupted.failure_class == FailureClass::kEnvironmental);
}

TEST_CASE("a SQL server the template names wrongly is the template's") {
  auto missing =
      of(deployment_error("SubscriptionDoesNotHaveServer", "The requested server was not found"));
  CHECK(missing.code == "SubscriptionDoesNotHaveServer");
  CHECK(missing.failure_class == FailureClass::kLogic);
  CHECK_FALSE(missing.retryable);
  CHECK(missing.hint.find("SQL server") != std::string::npos);
  auto version = of(deployment_error("RegionDoesNotSupportVersion",
                                     "A user attempted to create a server of a specified version "
                                     "in a location where that server version isn't supported."));
  CHECK(version.failure_class == FailureClass::kLogic);
  auto quota = of(deployment_error("ServerQuotaExceeded",
                                   "Server cannot be added to a subscription because it will "
                                   "exceed quota."));
  CHECK(quota.failure_class == FailureClass::kConfiguration);
}

// https://learn.microsoft.com/azure/azure-sql/capacity-errors-troubleshoot: region access.
TEST_CASE("SQL region access printed without a code needs a request") {
  auto restricted =
      of("ERROR: Provisioning is restricted in this region. Please choose a different region. For "
         "exceptions to this rule please open a support request with issue type of 'Service and "
         "subscription limits'\n");
  CHECK(restricted.code == "RegionDoesNotAllowProvisioning");
  CHECK(restricted.failure_class == FailureClass::kConfiguration);
  CHECK_FALSE(restricted.retryable);
}

// https://github.com/microsoft/PubSec-Info-Assistant/issues/888: an App Service quota answered
// with 401 Unauthorized is a quota, not a login.
TEST_CASE("an App Service region quota under Unauthorized says quota") {
  auto quota = of(az_error("Unauthorized",
                           "This region has quota of 0 PremiumV3 cores for your subscription. Try "
                           "selecting different region or SKU."));
  CHECK(quota.code == "Unauthorized");
  CHECK(quota.failure_class == FailureClass::kConfiguration);
  CHECK(quota.hint.find("PremiumV3 cores") != std::string::npos);
  CHECK(quota.hint.find("login") == std::string::npos);
}

// https://github.com/microsoft/vscode-azureappservice/issues/993 (capacity, passes) and
// https://github.com/shibayan/appservice-acmebot/issues/82 (resource group, a new one needed).
TEST_CASE("App Service capacity passes, a resource group without the feature does not") {
  auto capacity = of(az_error("Conflict",
                              "No available instances to satisfy this request. App Service is "
                              "attempting to increase capacity. Please retry your request later. "
                              "If urgent, this can be mitigated by deploying this to a new "
                              "resource group."));
  CHECK(capacity.code == "Conflict");
  CHECK(capacity.failure_class == FailureClass::kEnvironmental);
  CHECK(capacity.retryable);
  auto group = of(deployment_error("BadRequest",
                                   "Requested feature is not available in resource group SIT. "
                                   "Please try using a different resource group or create a new "
                                   "one."));
  CHECK(group.code == "BadRequest");
  CHECK(group.failure_class == FailureClass::kConfiguration);
  CHECK_FALSE(group.retryable);
}

// https://github.com/Azure/azure-functions-ux/issues/1309: the slot limit of the plan's tier.
TEST_CASE("more slots than the tier allows is the template's") {
  auto slots = of(az_error("Conflict",
                           "Cannot complete the operation because the site will exceed the number "
                           "of slots allowed for the 'Dynamic' SKU."));
  CHECK(slots.failure_class == FailureClass::kLogic);
  CHECK(slots.hint.find("'Dynamic' tier") != std::string::npos);
}

// https://learn.microsoft.com/azure/event-hubs/resource-manager-exceptions
TEST_CASE("Event Hubs limits need a human, backend conflicts pass") {
  auto limit = of(deployment_error("Conflict",
                                   "The maximum number of resources of type EventHub has been "
                                   "reached or exceeded. Actual: 10, Max allowed: 10"));
  CHECK(limit.failure_class == FailureClass::kConfiguration);
  auto backend = of(az_error("Conflict", "Namespace update failed with conflict in backend."));
  CHECK(backend.failure_class == FailureClass::kEnvironmental);
  CHECK(backend.retryable);
}

// https://learn.microsoft.com/rest/api/loganalytics/workspaces/delete: a deleted workspace keeps
// its name for 14 days (MicrosoftDocs/azure-docs#41719 shows the Conflict it answers with).
TEST_CASE("a Log Analytics name held after delete needs a recover or purge") {
  auto held = of(az_error("Conflict", "The workspace name 'ws-prod' is not unique"));
  CHECK(held.failure_class == FailureClass::kConfiguration);
  CHECK(held.hint.find("'ws-prod'") != std::string::npos);
}

// https://github.com/Azure/azure-data-labs-modules/issues/264: Cosmos DB's region access is a
// request, not an outage, despite ServiceUnavailable.
TEST_CASE("Cosmos DB region access under ServiceUnavailable needs a request") {
  auto region = of(deployment_error(
      "ServiceUnavailable",
      "Database account creation failed. Error : Sorry, we are currently experiencing high demand "
      "in West Europe region, and cannot fulfill your request at this time. To request region "
      "access for your subscription, please follow this link https://aka.ms/cosmosdbquota for "
      "more details on how to create a region access request."));
  CHECK(region.code == "ServiceUnavailable");
  CHECK(region.failure_class == FailureClass::kConfiguration);
  CHECK_FALSE(region.retryable);
  CHECK(of(az_error("ServiceUnavailable", "The service is unavailable.")).retryable);
}

// A Key Vault on the RBAC model ignores access policies: the hint must say roles.
TEST_CASE("ForbiddenByRbac asks for a Key Vault data role") {
  auto rbac = of(az_error("ForbiddenByRbac",
                          "Caller is not authorized to perform action on "
                          "resource."));
  CHECK(rbac.failure_class == FailureClass::kConfiguration);
  CHECK(rbac.hint.find("RBAC") != std::string::npos);
}

// https://learn.microsoft.com/azure/azure-resource-manager/troubleshooting/common-deployment-errors
// (RUBRIC.md: a group in deprovisioning state is going away; a new group is needed).
TEST_CASE("a resource group being deleted needs a new group") {
  auto going = of(az_error("ResourceGroupBeingDeleted",
                           "The resource group 'rg-app' is in deprovisioning state and cannot "
                           "perform this operation."));
  CHECK(going.failure_class == FailureClass::kConfiguration);
  CHECK_FALSE(going.retryable);
}
