#pragma once
// Logging in to Azure from inside the action's container, which cannot see an `az login` done
// by an earlier step: OpenID Connect (the runner's ID token exchanged for a federated
// credential), a `creds` JSON as the fallback, or the login az already has (local runs).

#include <string>
#include <vector>

#include "util/result.hpp"

namespace bicepgate::azure {

inline constexpr const char* kFederatedAudience = "api://AzureADTokenExchange";

// The inputs and the runner's ID-token endpoint, as given.
struct LoginSettings {
  std::string client_id;
  std::string tenant_id;
  std::string subscription_id;
  std::string creds;             // JSON: clientId, clientSecret, tenantId, subscriptionId
  std::string id_token_url;      // ACTIONS_ID_TOKEN_REQUEST_URL
  std::string id_token_request;  // ACTIONS_ID_TOKEN_REQUEST_TOKEN
  std::string cloud;             // input cloud: az's name of it; empty keeps az's active one
  std::string audience;          // input audience: the ID token's; empty: the cloud's own
};

struct LoginPlan {
  enum class Kind { kExisting, kOidc, kSecret };
  Kind kind = Kind::kExisting;
  std::string client_id;
  std::string tenant_id;
  std::string subscription_id;  // empty: keep az's default subscription
  std::string client_secret;    // kSecret only
  std::string warning;          // e.g. OIDC unavailable, creds used instead
};

// Pure. The audience of the runner's ID token for az cloud `cloud`: Entra ID's token-exchange
// audience in that cloud (Microsoft Learn, workload identity federation: api://AzureADTokenExchange
// in the public cloud, api://AzureADTokenExchangeUSGov in Azure Government,
// api://AzureADTokenExchangeChina in Azure operated by 21Vianet), the public one for any other;
// `audience` (input audience) wins when set, as the federated credential must carry the same.
std::string federated_audience(const std::string& cloud, const std::string& audience);

// Pure. The names of the clouds `az cloud list --output json` lists, and the active one
// ("" when none is marked).
struct CloudList {
  std::vector<std::string> names;
  std::string active;
};
Result<CloudList> parse_cloud_list(const std::string& text);

// Pure. Which login to do; errors name the missing input or permission.
Result<LoginPlan> plan_login(const LoginSettings& settings);

// The runner's ID token for `audience`, with libcurl. Transport failures and 5xx are
// errors with code "oidc.transient"; anything else "oidc.refused".
Result<std::string> request_id_token(const LoginSettings& settings,
                                     const std::string& audience = kFederatedAudience);

}  // namespace bicepgate::azure
