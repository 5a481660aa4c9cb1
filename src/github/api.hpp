#pragma once
// The GitHub REST API, as much of it as bicepgate needs: an authenticated request with
// bounded retries of transient failures (connection errors, 5xx, 429, secondary rate limits).

#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "net/http.hpp"
#include "util/result.hpp"

namespace bicepgate::github {

struct ApiSettings {
  std::string base_url = "https://api.github.com";  // GITHUB_API_URL (GHES: https://host/api/v3)
  std::string token;
  std::string user_agent = "bicepgate";
  int attempts = 3;                             // 1 + retries of transient failures
  std::chrono::milliseconds first_delay{1000};  // doubled per retry; Retry-After wins
  std::chrono::seconds max_delay{30};
};

struct ApiResponse {
  long status = 0;
  nlohmann::json body;  // null when the body is empty or not JSON
  int attempts = 0;
};

// Pure: whether a status (or a transport failure, status 0) is worth another try.
bool is_transient(long status, const net::HttpResponse& response);

class GitHubApi {
 public:
  explicit GitHubApi(ApiSettings settings);

  // `path` starts with '/'. A 2xx answer is a value; anything else an error whose message has
  // the method, path, status and GitHub's own message (never the token).
  Result<ApiResponse> call(const std::string& method, const std::string& path,
                           const nlohmann::json& body = nullptr) const;

  // Tests shorten the waits.
  std::function<void(std::chrono::milliseconds)> sleep;

 private:
  ApiSettings settings_;
};

}  // namespace bicepgate::github
