#include "azure/login.hpp"

#include <curl/curl.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "net/http.hpp"
#include "util/json.hpp"

namespace bicepgate::azure {
namespace {

Result<LoginPlan> from_creds(const LoginSettings& settings) {
  auto creds = nlohmann::json::parse(settings.creds, nullptr, false);
  if (!creds.is_object()) {
    return fail(
        "input 'creds' is not a JSON object; expected "
        "{\"clientId\": …, \"clientSecret\": …, \"tenantId\": …, \"subscriptionId\": …}",
        "login.creds");
  }
  LoginPlan plan;
  plan.kind = LoginPlan::Kind::kSecret;
  auto text = [&](const char* key) {
    return creds.contains(key) && creds[key].is_string() ? creds[key].get<std::string>() : "";
  };
  plan.client_id = text("clientId");
  plan.client_secret = text("clientSecret");
  plan.tenant_id = text("tenantId");
  plan.subscription_id =
      settings.subscription_id.empty() ? text("subscriptionId") : settings.subscription_id;
  for (const auto& [key, value] :
       {std::pair<const char*, const std::string&>{"clientId", plan.client_id},
        {"clientSecret", plan.client_secret},
        {"tenantId", plan.tenant_id}}) {
    if (value.empty()) {
      return fail(std::string("input 'creds' has no \"") + key +
                      "\"; expected clientId, clientSecret, tenantId (and subscriptionId)",
                  "login.creds");
    }
  }
  return plan;
}

}  // namespace

Result<LoginPlan> plan_login(const LoginSettings& settings) {
  const bool oidc_asked = !settings.client_id.empty();
  if (oidc_asked && settings.tenant_id.empty()) {
    return fail("input 'client-id' is set but 'tenant-id' is empty; the federated login needs both",
                "login.input");
  }
  if (!oidc_asked && !settings.tenant_id.empty() && settings.creds.empty()) {
    return fail("input 'tenant-id' is set but 'client-id' is empty; the federated login needs both",
                "login.input");
  }
  if (oidc_asked) {
    if (!settings.id_token_url.empty() && !settings.id_token_request.empty()) {
      LoginPlan plan;
      plan.kind = LoginPlan::Kind::kOidc;
      plan.client_id = settings.client_id;
      plan.tenant_id = settings.tenant_id;
      plan.subscription_id = settings.subscription_id;
      return plan;
    }
    const std::string missing =
        "ACTIONS_ID_TOKEN_REQUEST_URL is not set: the job lacks `permissions: id-token: write` "
        "(add it to the workflow or the job; pull requests from forks never get it)";
    if (settings.creds.empty())
      return fail("the federated login cannot start: " + missing, "login.oidc");
    auto plan = from_creds(settings);
    if (plan)
      plan->warning = "the federated login cannot start (" + missing + "); using input 'creds'";
    return plan;
  }
  if (!settings.creds.empty()) return from_creds(settings);
  LoginPlan plan;
  plan.subscription_id = settings.subscription_id;
  return plan;
}

Result<std::string> request_id_token(const LoginSettings& settings, const std::string& audience) {
  net::ensure_curl();
  std::unique_ptr<char, decltype(&curl_free)> escaped(
      curl_easy_escape(nullptr, audience.c_str(), static_cast<int>(audience.size())), curl_free);
  net::HttpRequest request;
  request.url = settings.id_token_url +
                (settings.id_token_url.find('?') == std::string::npos ? "?" : "&") +
                "audience=" + (escaped ? escaped.get() : audience);
  request.headers = {"Authorization: Bearer " + settings.id_token_request,
                     "Accept: application/json; api-version=2.0"};
  request.timeout = std::chrono::seconds(30);
  auto response = net::perform(request);
  if (!response) {
    return fail("requesting the GitHub OIDC token: " + response.error().message, "oidc.transient");
  }
  if (response->status != 200) {
    return fail("requesting the GitHub OIDC token: HTTP " + std::to_string(response->status) +
                    (response->status == 403 || response->status == 401
                         ? " (does the job have `permissions: id-token: write`?)"
                         : ""),
                response->status >= 500 ? "oidc.transient" : "oidc.refused");
  }
  auto body = nlohmann::json::parse(response->body, nullptr, false);
  if (!body.is_object() || !body.contains("value") || !body["value"].is_string() ||
      body["value"].get<std::string>().empty()) {
    return fail("requesting the GitHub OIDC token: the answer has no \"value\"", "oidc.refused");
  }
  return body["value"].get<std::string>();
}

std::string federated_audience(const std::string& cloud, const std::string& audience) {
  if (!audience.empty()) return audience;
  if (cloud == "AzureUSGovernment") return "api://AzureADTokenExchangeUSGov";
  if (cloud == "AzureChinaCloud") return "api://AzureADTokenExchangeChina";
  return kFederatedAudience;
}

Result<CloudList> parse_cloud_list(const std::string& text) {
  auto parsed = util::parse_json(text, "az cloud list output");
  if (!parsed) return fail(parsed.error());
  if (!parsed->is_array()) return fail("az cloud list printed no JSON array", "az.output");
  CloudList out;
  for (const auto& cloud : *parsed) {
    const auto name = util::text_member(cloud, "name");
    if (name.empty()) continue;
    out.names.push_back(name);
    if (cloud.is_object() && cloud.value("isActive", false)) out.active = name;
  }
  return out;
}

}  // namespace bicepgate::azure
