#include "github/conversation.hpp"

#include <catch2/catch.hpp>

using namespace bicepgate::github;
using nlohmann::json;

namespace {

json fix_request(std::size_t padding) {
  return {{"schema_version", "1.0"},
          {"id", "abc123"},
          {"attempt", 2},
          {"failure", {{"class", "logic"}}},
          {"environment", {{"name", "staging"}}},
          {"run", {{"repository", "contoso/platform"}, {"sha", "0123"}}},
          {"errors", json::array({{{"code", "BCP037"}, {"message", std::string(padding, 'x')}}})}};
}

}  // namespace

TEST_CASE("a fix-request that fits travels inside the dispatch, within GitHub's limits") {
  auto body = dispatch_body("deployment-fix-request", fix_request(100), {});
  CHECK(body["event_type"] == "deployment-fix-request");
  const auto& payload = body["client_payload"];
  CHECK(payload.size() <= 10);
  CHECK(payload["fix_request"] == fix_request(100));
  CHECK(payload["fix_request_id"] == "abc123");
  CHECK(payload["failure_class"] == "logic");
  CHECK(payload["environment"] == "staging");
  CHECK(payload["attempt"] == 2);
  CHECK_FALSE(payload.contains("fix_request_pointer"));
}

TEST_CASE("a fix-request too large for the event is replaced by a pointer to the uploaded file") {
  FixRequestPointer pointer;
  pointer.file = "bicepgate-fix-request-abc.json";
  pointer.run_id = "4242";
  pointer.run_url = "https://github.com/contoso/platform/actions/runs/4242";
  auto body = dispatch_body("deployment-fix-request", fix_request(70 * 1024), pointer);
  const auto& payload = body["client_payload"];
  CHECK_FALSE(payload.contains("fix_request"));
  CHECK(payload["fix_request_pointer"]["artifact"] == "bicepgate-fix-request");
  CHECK(payload["fix_request_pointer"]["file"] == "bicepgate-fix-request-abc.json");
  CHECK(payload["fix_request_pointer"]["run_url"] == pointer.run_url);
  CHECK(payload["fix_request_pointer"]["bytes"].get<std::size_t>() > 70 * 1024);
  CHECK(payload.dump().size() < kDispatchPayloadMaxBytes);
  CHECK(payload["fix_request_id"] == "abc123");
}

TEST_CASE("the comment marker cannot be ended early by an environment's name") {
  CHECK(comment_marker("staging") == "<!-- bicepgate:pr-comment environment=staging -->");
  auto hostile = comment_marker("a-->b <x>");
  CHECK(hostile.find("-->") == hostile.size() - 3);
  CHECK(hostile.find('<', 1) == std::string::npos);
  CHECK(comment_marker("eu-west") != comment_marker("eu_west"));
}

TEST_CASE("transport failures, 5xx, 429 and secondary rate limits are transient; others are not") {
  bicepgate::net::HttpResponse plain;
  CHECK(is_transient(0, plain));
  CHECK(is_transient(502, plain));
  CHECK(is_transient(429, plain));
  CHECK_FALSE(is_transient(403, plain));
  CHECK_FALSE(is_transient(404, plain));
  CHECK_FALSE(is_transient(422, plain));
  bicepgate::net::HttpResponse limited;
  limited.headers["x-ratelimit-remaining"] = "0";
  CHECK(is_transient(403, limited));
  bicepgate::net::HttpResponse retry_after;
  retry_after.headers["retry-after"] = "60";
  CHECK(is_transient(403, retry_after));
}

TEST_CASE("an unreachable API is an error naming the request, after the configured attempts") {
  ApiSettings settings;
  settings.base_url = "http://127.0.0.1:9";  // discard port: nothing listens
  settings.token = "secret-token-value";
  settings.attempts = 2;
  GitHubApi api(settings);
  int slept = 0;
  api.retry_hooks.wait = [&](std::chrono::milliseconds) { ++slept; };
  auto answer = api.call("POST", "/repos/o/r/dispatches", json{{"event_type", "x"}});
  REQUIRE_FALSE(answer);
  CHECK(slept == 1);
  CHECK(answer.error().message.find("POST /repos/o/r/dispatches failed after 2 attempt(s)") !=
        std::string::npos);
  CHECK(answer.error().message.find("secret-token-value") == std::string::npos);
}

namespace {

// One comment as GET /repos/{owner}/{repo}/issues/{n}/comments lists it (docs.github.com/en/rest/
// issues/comments): the author in `user`, and the app in `performed_via_github_app` when an app
// token wrote it.
json comment(long long id, const std::string& body, const std::string& login,
             const std::string& type = "User") {
  json app = nullptr;
  if (type == "Bot") app = {{"id", 15368}, {"slug", "github-actions"}, {"name", "GitHub Actions"}};
  return {{"id", id},
          {"body", body},
          {"user", {{"login", login}, {"id", id + 7}, {"type", type}}},
          {"performed_via_github_app", app}};
}

}  // namespace

TEST_CASE("a comment carrying our marker but written by someone else is never chosen") {
  const auto marker = comment_marker("staging");
  json page = json::array({comment(1, marker + "\nhijacked", "mallory"),
                           comment(2, "unrelated", "github-actions[bot]", "Bot"),
                           comment(3, marker + "\nours", "github-actions[bot]", "Bot")});
  auto found = find_own_comment(page, marker, "github-actions[bot]");
  CHECK(found.id == 3);
  CHECK(found.foreign == 1);
}

TEST_CASE("with only someone else's marked comment, none is ours") {
  const auto marker = comment_marker("staging");
  json page = json::array({comment(1, marker, "mallory"),
                           comment(2, marker, "other-app[bot]", "Bot"),
                           {{"id", 3}, {"body", marker}, {"user", nullptr}}});
  auto found = find_own_comment(page, marker, "github-actions[bot]");
  CHECK(found.id == 0);
  CHECK(found.foreign == 3);
  CHECK(find_own_comment(page, marker, "").id == 0);
}

TEST_CASE("a personal token's login is matched regardless of case") {
  const auto marker = comment_marker("prod");
  json page = json::array({comment(5, marker, "Octocat")});
  CHECK(find_own_comment(page, marker, "octocat").id == 5);
}

TEST_CASE("the token's login is read from GraphQL's viewer or from GET /user") {
  CHECK(login_in(json::parse(R"({"data":{"viewer":{"login":"github-actions[bot]"}}})")).value() ==
        "github-actions[bot]");
  CHECK(login_in(json::parse(R"({"login":"octocat","id":1,"type":"User"})")).value() == "octocat");
  CHECK_FALSE(login_in(json::parse(R"({"data":{"viewer":null}})")));
  CHECK_FALSE(login_in(json::parse(R"({"message":"Resource not accessible by integration"})")));
}

TEST_CASE("GraphQL sits beside the REST root, on github.com and on GHES") {
  CHECK(graphql_url("https://api.github.com") == "https://api.github.com/graphql");
  CHECK(graphql_url("https://ghes.example/api/v3") == "https://ghes.example/api/graphql");
  CHECK(graphql_url("https://ghes.example/api/v3/") == "https://ghes.example/api/graphql");
  CHECK(graphql_url("http://127.0.0.1:8080") == "http://127.0.0.1:8080/graphql");
}

TEST_CASE("when the token's account cannot be told, no comment is edited or created") {
  ApiSettings settings;
  settings.base_url = "http://127.0.0.1:9";  // discard port: nothing listens
  settings.token = "secret-token-value";
  settings.attempts = 1;
  GitHubApi api(settings);
  auto posted = upsert_comment(api, "contoso/platform", 7, comment_marker("staging"), "body");
  REQUIRE_FALSE(posted);
  CHECK_THAT(posted.error().message, Catch::Contains("cannot tell which account github-token"));
  CHECK_THAT(posted.error().message, Catch::Contains("no comment was edited or created"));
  CHECK_THAT(posted.error().message, !Catch::Contains("secret-token-value"));
}
