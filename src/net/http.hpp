#pragma once
// A small HTTP client over libcurl for the GitHub API and the OIDC token endpoint: one request,
// the whole response, bounded by a timeout. Retrying is the caller's decision.

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "util/result.hpp"

namespace bicepgate::net {

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  std::vector<std::string> headers;  // "Name: value"
  std::string body;
  std::chrono::seconds timeout{30};
  std::chrono::seconds connect_timeout{10};
  std::string user_agent = "bicepgate";
};

struct HttpResponse {
  long status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // names in lower case; the last value wins

  std::string header(const std::string& lower_name) const;
};

// libcurl's process-wide initialisation, done once.
void ensure_curl();

// A transport failure (refused, reset, timed out, TLS) is an error whose message is libcurl's
// alone; any HTTP status is a response. No redirects are followed (tokens stay where sent).
Result<HttpResponse> perform(const HttpRequest& request);

}  // namespace bicepgate::net
