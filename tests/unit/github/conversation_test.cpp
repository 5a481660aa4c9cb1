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
  api.sleep = [&](std::chrono::milliseconds) { ++slept; };
  auto answer = api.call("POST", "/repos/o/r/dispatches", json{{"event_type", "x"}});
  REQUIRE_FALSE(answer);
  CHECK(slept == 1);
  CHECK(answer.error().message.find("POST /repos/o/r/dispatches failed after 2 attempt(s)") !=
        std::string::npos);
  CHECK(answer.error().message.find("secret-token-value") == std::string::npos);
}
