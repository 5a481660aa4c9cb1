#include "github/api.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdlib>
#include <thread>

namespace bicepgate::github {

bool is_transient(long status, const net::HttpResponse& response) {
  if (status == 0 || status == 429 || status >= 500) return true;
  // Secondary rate limits answer 403 with Retry-After or an exhausted quota.
  return status == 403 && (!response.header("retry-after").empty() ||
                           response.header("x-ratelimit-remaining") == "0");
}

GitHubApi::GitHubApi(ApiSettings settings)
    : sleep([](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); }),
      settings_(std::move(settings)) {
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
  std::string last_error;
  auto delay = settings_.first_delay;
  const int attempts = std::max(1, settings_.attempts);
  for (int attempt = 1; attempt <= attempts; ++attempt) {
    auto response = net::perform(request);
    long status = response ? response->status : 0;
    if (response && status >= 200 && status < 300) {
      ApiResponse answer;
      answer.status = status;
      answer.attempts = attempt;
      answer.body = nlohmann::json::parse(response->body, nullptr, false);
      if (answer.body.is_discarded()) answer.body = nullptr;
      return answer;
    }
    last_error = response ? "HTTP " + std::to_string(status) + ": " + github_message(*response)
                          : request.method + " " + request.url + ": " + response.error().message;
    const net::HttpResponse empty;
    if (attempt == attempts || !is_transient(status, response ? *response : empty)) {
      return fail(what + " failed after " + std::to_string(attempt) + " attempt(s): " + last_error,
                  "github.api." + std::to_string(status));
    }
    auto wait = delay;
    if (response) {
      if (auto after = response->header("retry-after"); !after.empty()) {
        wait = std::chrono::seconds(std::clamp(std::atoi(after.c_str()), 0, 3600));
      }
    }
    wait = std::min<std::chrono::milliseconds>(wait, settings_.max_delay);
    spdlog::warn("GitHub API {}: {}; retrying in {} ms", what, last_error, wait.count());
    sleep(wait);
    delay *= 2;
  }
  return fail(what + ": " + last_error);
}

}  // namespace bicepgate::github
