#include "github/api.hpp"

#include <spdlog/spdlog.h>

#include <optional>

namespace bicepgate::github {

bool is_transient(long status, const net::HttpResponse& response) {
  if (status == 0 || status == 429 || status >= 500) return true;
  // Secondary rate limits answer 403 with Retry-After or an exhausted quota.
  return status == 403 && (!response.header("retry-after").empty() ||
                           response.header("x-ratelimit-remaining") == "0");
}

GitHubApi::GitHubApi(ApiSettings settings) : settings_(std::move(settings)) {
  while (!settings_.base_url.empty() && settings_.base_url.back() == '/')
    settings_.base_url.pop_back();
}

namespace {

std::string github_message(const net::HttpResponse& response) {
  auto parsed = nlohmann::json::parse(response.body, nullptr, false);
  if (parsed.is_object() && parsed.contains("message") && parsed["message"].is_string()) {
    return parsed["message"].get<std::string>();
  }
  return response.body.substr(0, 200);
}

}  // namespace

std::string graphql_url(const std::string& rest_base_url) {
  std::string base = rest_base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  // The REST and GraphQL endpoints of GHES (docs.github.com/en/enterprise-server@latest/graphql/
  // guides/forming-calls-with-graphql: "http(s)://HOSTNAME/api/graphql"); octokit derives the
  // one from the other the same way.
  constexpr std::string_view kEnterpriseRest = "/api/v3";
  if (base.size() >= kEnterpriseRest.size() &&
      base.compare(base.size() - kEnterpriseRest.size(), kEnterpriseRest.size(), kEnterpriseRest) ==
          0) {
    base.resize(base.size() - kEnterpriseRest.size());
    return base + "/api/graphql";
  }
  return base + "/graphql";
}

Result<ApiResponse> GitHubApi::call(const std::string& method, const std::string& path,
                                    const nlohmann::json& body) const {
  return send(method, settings_.base_url + path, method + " " + path, body);
}

Result<ApiResponse> GitHubApi::graphql(const std::string& query) const {
  auto answer = send("POST", graphql_url(settings_.base_url), "POST /graphql",
                     nlohmann::json{{"query", query}});
  if (!answer) return answer;
  // GraphQL reports a refused query with HTTP 200 and an "errors" list.
  const auto& body = answer->body;
  if (!body.is_object() || !body.contains("data") || body["data"].is_null()) {
    std::string why = "no data in the answer";
    if (body.is_object() && body.contains("errors") && body["errors"].is_array() &&
        !body["errors"].empty() && body["errors"][0].is_object()) {
      why = body["errors"][0].value("message", why);
    }
    return fail("POST /graphql: " + why, "github.graphql");
  }
  return answer;
}

Result<ApiResponse> GitHubApi::send(const std::string& method, const std::string& url,
                                    const std::string& what, const nlohmann::json& body) const {
  net::HttpRequest request;
  request.method = method;
  request.url = url;
  request.user_agent = settings_.user_agent;
  request.headers = {"Accept: application/vnd.github+json", "X-GitHub-Api-Version: 2022-11-28",
                     "Authorization: Bearer " + settings_.token};
  if (!body.is_null()) {
    request.headers.emplace_back("Content-Type: application/json");
    request.body = body.dump();
  }
  const util::RetryPolicy policy{settings_.attempts,
                                 {settings_.first_delay, settings_.max_delay, false}};
  std::optional<ApiResponse> answer;
  long status = 0;
  std::string last_error;
  auto tried = util::retry(
      policy, retry_hooks,
      [&](int attempt) -> util::AttemptVerdict {
        auto response = net::perform(request);
        status = response ? response->status : 0;
        if (response && status >= 200 && status < 300) {
          answer.emplace();
          answer->status = status;
          answer->attempts = attempt;
          answer->body = nlohmann::json::parse(response->body, nullptr, false);
          if (answer->body.is_discarded()) answer->body = nullptr;
          return {};
        }
        if (!response) {
          last_error = request.method + " " + request.url + ": " + response.error().message;
          return {is_transient(0, net::HttpResponse{}), std::nullopt};
        }
        last_error = "HTTP " + std::to_string(status) + ": " + github_message(*response);
        return {is_transient(status, *response),
                util::parse_retry_after(response->header("retry-after"))};
      },
      [&](int, std::chrono::milliseconds wait) {
        spdlog::warn("GitHub API {}: {}; retrying in {} ms", what, last_error, wait.count());
      });
  if (answer) return *answer;
  return fail(what + " failed after " + std::to_string(tried.attempts) + " attempt(s)" +
                  (tried.cancelled ? " (no retry once cancelled)" : "") + ": " + last_error,
              "github.api." + std::to_string(status));
}

}  // namespace bicepgate::github
