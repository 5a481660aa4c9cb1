// Cases written from the rubric, one or more per code family; not copied from the corpus.
#include "classify/classifier.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

using namespace bicepgate::classify;

namespace {

constexpr auto of = &bicepgate::testing::classified;
}  // namespace

TEST_CASE("a 429 is environmental and retryable, and a Retry-After is read") {
  auto c =
      of("ERROR: (TooManyRequests) The request is being throttled.\nCode: TooManyRequests\n"
         "Message: The request is being throttled.\nRetry-After: 17");
  CHECK(c.failure_class == FailureClass::kEnvironmental);
  CHECK(c.retryable);
  CHECK(c.code == "TooManyRequests");
  CHECK(c.retry_after_seconds == 17);
}

TEST_CASE("a 429 that carries OperationNotAllowed about quota needs a human") {
  auto c = of(
      R"({"error":{"code":"OperationNotAllowed","message":"Operation could not be completed as it results in exceeding approved Total Regional Cores quota. Location: westus2, Current Limit: 10."}})");
  CHECK(c.failure_class == FailureClass::kConfiguration);
  CHECK_FALSE(c.retryable);
  CHECK(c.code == "OperationNotAllowed");
}

TEST_CASE("the innermost specific code wins over every wrapper") {
  auto c = of(
      R"(ERROR: {"status":"Failed","error":{"code":"DeploymentFailed","message":"At least one resource deployment operation failed.","details":[{"code":"BadRequest","message":"{\r\n  \"error\": {\r\n    \"code\": \"InvalidResourceName\",\r\n    \"message\": \"Resource name my_vnet is invalid.\"\r\n  }\r\n}"}]}})");
  CHECK(c.code == "InvalidResourceName");
  CHECK(c.failure_class == FailureClass::kLogic);
  REQUIRE_FALSE(c.errors.empty());
  CHECK(c.errors.front().code == "InvalidResourceName");
}

TEST_CASE("SkuNotAvailable: capacity wording is transient, a plain restriction needs a human") {
  auto capacity =
      of("Code: SkuNotAvailable\nMessage: The requested VM size for resource 'Following SKUs have "
         "failed "
         "for Capacity Restrictions: Standard_E8s_v5' is currently not available in location "
         "'westeurope'.");
  CHECK(capacity.failure_class == FailureClass::kEnvironmental);
  CHECK(capacity.retryable);
  auto restricted = of(
      R"({"code":"SkuNotAvailable","message":"The requested size for resource 'x' is currently not available in location 'brazilsouth' for subscription 's'."})");
  CHECK(restricted.failure_class == FailureClass::kConfiguration);
  CHECK_THAT(restricted.hint, Catch::Contains("brazilsouth"));
}

TEST_CASE("a mixed failure takes the class that needs a human first") {
  auto c = of(
      "Deployment Error Details:\nInvalidTemplate: Deployment template validation failed: 'x'.\n"
      "AuthorizationFailed: The client 'c' does not have authorization to perform action "
      "'Microsoft.Storage/storageAccounts/write' over scope '/subscriptions/s/resourceGroups/rg'.");
  CHECK(c.failure_class == FailureClass::kConfiguration);
  CHECK(c.code == "AuthorizationFailed");
}

TEST_CASE("an authorization failure says which permission to ask for, on which scope") {
  auto c = of(
      R"({"error":{"code":"AuthorizationFailed","message":"The client 'abc' with object id 'o' does not have authorization to perform action 'Microsoft.Authorization/roleAssignments/write' over scope '/subscriptions/s/resourceGroups/rg-aos-prod' or the scope is invalid."}})");
  CHECK(c.failure_class == FailureClass::kConfiguration);
  CHECK_THAT(c.hint, Catch::Contains("/subscriptions/s/resourceGroups/rg-aos-prod") &&
                         Catch::Contains("Microsoft.Authorization/roleAssignments/write"));
}

TEST_CASE("policy denials, provider registration and deployment history are configuration") {
  CHECK(
      of(R"({"code":"RequestDisallowedByPolicy","message":"Resource 'kv' was disallowed by policy."})")
          .failure_class == FailureClass::kConfiguration);
  auto provider =
      of("(MissingSubscriptionRegistration) The subscription is not registered to use namespace "
         "'Microsoft.ContainerService'.\nCode: MissingSubscriptionRegistration");
  CHECK(provider.failure_class == FailureClass::kConfiguration);
  CHECK_THAT(provider.hint,
             Catch::Contains("az provider register --namespace Microsoft.ContainerService"));
  CHECK(of("Code=\"DeploymentQuotaExceeded\" Message=\"would exceed the quota of '800'\"")
            .failure_class == FailureClass::kConfiguration);
}

TEST_CASE("login failures are configuration, with the AADSTS code") {
  auto c =
      of("ERROR: AADSTS700213: No matching federated identity record found for presented assertion "
         "subject "
         "'repo:contoso/platform:ref:refs/heads/main'.");
  CHECK(c.failure_class == FailureClass::kConfiguration);
  CHECK(c.code == "AADSTS700213");
  auto not_logged_in = of("ERROR: Please run 'az login' to setup account.");
  CHECK(not_logged_in.code == "NONE:NotLoggedIn");
  CHECK(not_logged_in.failure_class == FailureClass::kConfiguration);
}

TEST_CASE("5xx, conflicts in progress and replication delays are environmental") {
  CHECK(
      of(R"({"error":{"code":"InternalServerError","message":"Encountered internal server error."}})")
          .retryable);
  CHECK(
      of(R"({"status":"Failed","error":{"code":"AnotherOperationInProgress","message":"Another operation is in progress."}})")
          .failure_class == FailureClass::kEnvironmental);
  auto principal = of(
      R"({"code":"PrincipalNotFound","message":"Principal 1234 does not exist in the directory."})");
  CHECK(principal.failure_class == FailureClass::kEnvironmental);
  CHECK_THAT(principal.hint, Catch::Contains("principalType"));
}

TEST_CASE("client network errors have no Azure code and are retried") {
  auto reset =
      of("ERROR: ('Connection aborted.', ConnectionResetError(104, 'Connection reset by peer'))");
  CHECK(reset.failure_class == FailureClass::kEnvironmental);
  CHECK(reset.code == "NONE:ConnectionResetError");
  CHECK(of("HTTPSConnectionPool(host='management.azure.com', port=443): Max retries exceeded with "
           "url: /x")
            .code == "NONE:ConnectionError");
}

TEST_CASE("Bicep diagnostics: errors and warnings are logic, the primary is the first error") {
  auto c = of(
      "/src/main.bicep(3,1) : Warning no-unused-vars: Variable \"x\" is declared but never used.\n"
      "/src/main.bicep(7,9) : Error BCP035: The specified \"object\" declaration is missing the "
      "following "
      "required properties: \"location\".\n");
  CHECK(c.failure_class == FailureClass::kLogic);
  CHECK(c.code == "BCP035");
  auto json = to_json(c);
  CHECK(json["line"] == 7);
  CHECK(json["severity"] == "Error");
  auto warning = to_json(of("/src/main.bicep(3,1) : Warning no-unused-vars: unused\n"));
  CHECK(warning["class"] == "logic");
  CHECK(warning["severity"] == "Warning");
}

TEST_CASE("nothing recognisable is unknown, not guessed") {
  auto c = of("Segmentation fault (core dumped)");
  CHECK(c.failure_class == FailureClass::kUnknown);
  CHECK(c.code == "NONE:Unrecognized");
  CHECK_FALSE(c.retryable);
  auto unknown_code = of(R"({"error":{"code":"SomethingNobodyHasSeen","message":"?"}})");
  CHECK(unknown_code.failure_class == FailureClass::kUnknown);
  CHECK(unknown_code.code == "SomethingNobodyHasSeen");
}

TEST_CASE("truncated JSON still yields its codes") {
  auto c = of(
      R"(ERROR: {"status":"Failed","error":{"code":"DeploymentFailed","details":[{"code":"ResourceGroupNotFound","message":"Resource group 'rg-x' could not be f)");
  CHECK(c.code == "ResourceGroupNotFound");
}

TEST_CASE("the JSON output has the documented shape") {
  auto json = to_json(of(
      R"({"code":"InvalidTemplate","target":"/subscriptions/s/x","message":"Deployment template validation failed."})"));
  CHECK(json["class"] == "logic");
  CHECK(json["retryable"] == false);
  CHECK(json["code"] == "InvalidTemplate");
  REQUIRE(json["errors"].size() == 1);
  CHECK(json["errors"][0]["resource"] == "/subscriptions/s/x");
  CHECK(json["hint"].get<std::string>().size() > 10);
}

TEST_CASE("a wait the service names in words is read as Retry-After") {
  CHECK(
      of(R"({"code":"TooManyRequests","message":"Too many requests. Please retry after 2 seconds."})")
          .retry_after_seconds == 2);
  CHECK(of("Number of write requests exceeded the limit. Please try again after '17' seconds.")
            .retry_after_seconds == 17);
  CHECK_FALSE(of(R"({"code":"TooManyRequests","message":"slow down"})").retry_after_seconds);
}

TEST_CASE("the primary error is the one that decided, after specific errors are put first") {
  auto c = of(
      R"({"code":"DeploymentFailed","message":"At least one resource deployment operation failed.","details":[{"code":"InvalidParameter","message":"Password too short."}]})");
  REQUIRE(c.primary != nullptr);
  CHECK(c.primary->code == "InvalidParameter");
  CHECK(c.primary->message == "Password too short.");
}

TEST_CASE("a response body that is not JSON is environmental; a JSON error keeps its code") {
  auto cut = of("ERROR: {\"status\": \"Succeeded\", \"properties\": {\n");
  CHECK(cut.code == "NONE:MalformedResponse");
  CHECK(cut.failure_class == FailureClass::kEnvironmental);
  CHECK(cut.retryable);
  auto whole =
      of("ERROR: {\"error\": {\"code\": \"DeploymentFailed\", \"message\": \"x\", \"details\": "
         "[{\"code\": \"InvalidTemplate\", \"message\": \"y\"}]}}\n");
  CHECK(whole.code == "InvalidTemplate");
  CHECK(whole.failure_class == FailureClass::kLogic);
}

TEST_CASE("az's one-line form 'ERROR: (Code) message' names its code") {
  auto c =
      of("ERROR: (AuthorizationFailed) The client 'ci' with object id 'x' does not have "
         "authorization to perform action 'Microsoft.Resources/deployments/write' over scope "
         "'/subscriptions/s/resourcegroups/rg' or the scope is invalid.");
  CHECK(c.code == "AuthorizationFailed");
  CHECK(c.failure_class == FailureClass::kConfiguration);
}

TEST_CASE("az's refusal of a parameter the template does not declare is configuration") {
  // The real text, azure-cli 2.45 command_modules/resource/custom.py, _process_parameters.
  auto c =
      of("ERROR: unrecognized template parameter 'storgeSku'. Allowed parameters: location, "
         "storageSku\n");
  CHECK(c.failure_class == FailureClass::kConfiguration);
  CHECK_FALSE(c.retryable);
  CHECK(c.code == "NONE:UnrecognizedTemplateParameter");
  CHECK(c.hint.find("'storgeSku'") != std::string::npos);
  CHECK(c.hint.find("location, storageSku") != std::string::npos);
}

TEST_CASE("a wrapper whose message tells decides over an outer wrapper that only wraps") {
  // az's DeploymentFailed shape with the Conflict the common-deployment-errors page describes
  // for concurrent writes; without the inner message it stays the bare wrapper's logic.
  auto nested = of(
      R"(ERROR: {"status":"Failed","error":{"code":"DeploymentFailed","message":"At least one resource deployment operation failed.","details":[{"code":"Conflict","message":"Another operation is in progress on the selected item. Retry after it has finished."}]}})");
  CHECK(nested.failure_class == FailureClass::kEnvironmental);
  CHECK(nested.retryable);
  CHECK(nested.code == "Conflict");
  auto bare = of(
      R"(ERROR: {"status":"Failed","error":{"code":"DeploymentFailed","message":"At least one resource deployment operation failed.","details":[{"code":"Conflict","message":"The resource is in a state that does not allow this."}]}})");
  CHECK(bare.failure_class == FailureClass::kLogic);
  CHECK_FALSE(bare.retryable);
}
