#include "azure/login.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "support.hpp"

using namespace bicepgate::azure;

TEST_CASE("client-id with the runner's token endpoint plans an OIDC login") {
  LoginSettings s;
  s.client_id = "app";
  s.tenant_id = "tenant";
  s.subscription_id = "sub";
  s.id_token_url = "http://127.0.0.1/token?api-version=2.0";
  s.id_token_request = "req";
  auto plan = plan_login(s);
  REQUIRE(plan);
  CHECK(plan->kind == LoginPlan::Kind::kOidc);
  CHECK(plan->subscription_id == "sub");
}

TEST_CASE("without id-token permission the error names it, or creds take over with a warning") {
  LoginSettings s;
  s.client_id = "app";
  s.tenant_id = "tenant";
  auto plan = plan_login(s);
  REQUIRE_FALSE(plan);
  CHECK(plan.error().message.find("permissions: id-token: write") != std::string::npos);
  s.creds = R"({"clientId":"c","clientSecret":"x","tenantId":"t","subscriptionId":"s"})";
  plan = plan_login(s);
  REQUIRE(plan);
  CHECK(plan->kind == LoginPlan::Kind::kSecret);
  CHECK(plan->client_id == "c");
  CHECK(plan->subscription_id == "s");
  CHECK(plan->warning.find("using input 'creds'") != std::string::npos);
}

TEST_CASE("bad creds and half-given inputs are errors naming the input") {
  LoginSettings s;
  s.creds = "not json";
  CHECK(plan_login(s).error().message.find("input 'creds' is not a JSON object") == 0);
  s.creds = R"({"clientId":"c","tenantId":"t"})";
  CHECK(plan_login(s).error().message.find("\"clientSecret\"") != std::string::npos);
  LoginSettings half;
  half.tenant_id = "t";
  CHECK(plan_login(half).error().message.find("'client-id' is empty") != std::string::npos);
  half = {};
  half.client_id = "c";
  CHECK(plan_login(half).error().message.find("'tenant-id' is empty") != std::string::npos);
}

TEST_CASE("nothing given keeps az's own login; a subscription alone is still selected") {
  LoginSettings s;
  auto plan = plan_login(s);
  REQUIRE(plan);
  CHECK(plan->kind == LoginPlan::Kind::kExisting);
  s.subscription_id = "sub";
  CHECK(plan_login(s)->subscription_id == "sub");
}

TEST_CASE("an unreachable token endpoint is a transient error") {
  LoginSettings s;
  s.id_token_url = "http://127.0.0.1:9/token";
  s.id_token_request = "req";
  auto token = request_id_token(s);
  REQUIRE_FALSE(token);
  CHECK(token.error().code == "oidc.transient");
}

TEST_CASE("the runner's ID token is asked for the audience of the cloud, or the one given",
          "[login][cloud]") {
  CHECK(federated_audience("", "") == "api://AzureADTokenExchange");
  CHECK(federated_audience("AzureCloud", "") == "api://AzureADTokenExchange");
  CHECK(federated_audience("AzureUSGovernment", "") == "api://AzureADTokenExchangeUSGov");
  CHECK(federated_audience("AzureChinaCloud", "") == "api://AzureADTokenExchangeChina");
  CHECK(federated_audience("private", "") == "api://AzureADTokenExchange");
  CHECK(federated_audience("AzureChinaCloud", "api://custom") == "api://custom");
}

TEST_CASE("az cloud list gives the names and the active one", "[login][cloud]") {
  auto clouds = parse_cloud_list(bicepgate::testing::read_fixture("az/cloud_list.json"));
  REQUIRE(clouds);
  CHECK(clouds->names == std::vector<std::string>{"AzureCloud", "AzureChinaCloud",
                                                  "AzureUSGovernment", "AzureGermanCloud",
                                                  "emulator"});
  CHECK(clouds->active == "emulator");
  CHECK_FALSE(parse_cloud_list("{}"));
  CHECK_FALSE(parse_cloud_list("not json"));
}
