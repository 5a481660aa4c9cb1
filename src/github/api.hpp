#pragma once
// The GitHub REST API, as much of it as bicepgate needs: an authenticated request with
// bounded retries of transient failures (connection errors, 5xx, 429, secondary rate limits).

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>

#include "net/http.hpp"
#include "util/result.hpp"
#include "util/retry.hpp"

namespace bicepgate::github {

struct ApiSettings {
  std::string base_url = "https://api.github.com";  // GITHUB_API_URL (GHES: https://host/api/v3)
  std::string token;
  std::string user_agent = "bicepgate";
  int attempts = 3;                             // 1 + retries of transient failures
  std::chrono::milliseconds first_delay{1000};  // doubled per retry; Retry-After wins
  std::chrono::seconds max_delay{30};           // caps both
};

struct ApiResponse {
  long status = 0;
  nlohmann::json body;  // null when the body is empty or not JSON
  int attempts = 0;
};

// Pure. GitHub serves GraphQL at https://api.github.com/graphql and, on GitHub Enterprise Server,
// at https://HOST/api/graphql beside the REST root https://HOST/api/v3.
std::string graphql_url(const std::string& rest_base_url);

// Pure: whether a status (or a transport failure, status 0) is worth another try.
bool is_transient(long status, const net::HttpResponse& response);

class GitHubApi {
 public:
  explicit GitHubApi(ApiSettings settings);

  // `path` starts with '/'. A 2xx answer is a value; anything else an error whose message has
  // the method, path, status and GitHub's own message (never the token).
  Result<ApiResponse> call(const std::string& method, const std::string& path,
                           const nlohmann::json& body = nullptr) const;

  // POST {"query": query} to the GraphQL endpoint beside the REST one (graphql_url). An answer
  // with "errors" and no "data" is an error too.
  Result<ApiResponse> graphql(const std::string& query) const;

  // Tests record the waits instead of sleeping, and simulate a cancel (which ends a wait at once
  // and stops further attempts).
  util::RetryHooks retry_hooks;

 private:
  Result<ApiResponse> send(const std::string& method, const std::string& url,
                           const std::string& what, const nlohmann::json& body) const;

  ApiSettings settings_;
};

}  // namespace bicepgate::github
