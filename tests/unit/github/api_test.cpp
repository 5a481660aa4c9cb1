#include "github/api.hpp"

#include <catch2/catch.hpp>
#include <vector>

#include "net/scripted_http.hpp"

using namespace bicepgate::github;
using bicepgate::test::ScriptedAnswer;
using bicepgate::test::ScriptedHttp;
using std::chrono::milliseconds;

namespace {

// The API at the scripted server, its waits recorded instead of slept.
struct RecordedApi {
  GitHubApi api;
  std::vector<milliseconds> waits;

  explicit RecordedApi(const ScriptedHttp& server, int attempts = 3)
      : api(settings(server, attempts)) {
    api.retry_hooks.wait = [this](milliseconds d) { waits.push_back(d); };
    api.retry_hooks.cancelled = [] { return false; };
  }

  static ApiSettings settings(const ScriptedHttp& server, int attempts) {
    ApiSettings s;
    s.base_url = server.url();
    s.token = "t";
    s.attempts = attempts;
    return s;
  }
};

const ScriptedAnswer kOk{200, "", R"({"ok": true})"};

}  // namespace

TEST_CASE("a 5xx is retried with the delay doubling, and the answer that follows is returned") {
  ScriptedHttp server({{502, "", "{}"}, {503, "", "{}"}, kOk});
  RecordedApi client(server);
  auto answer = client.api.call("GET", "/user");
  REQUIRE(answer);
  CHECK(answer->attempts == 3);
  CHECK(answer->body["ok"] == true);
  CHECK(server.requests() == 3);
  CHECK(client.waits == std::vector<milliseconds>{milliseconds(1000), milliseconds(2000)});
}

TEST_CASE("a 429 with Retry-After waits that long") {
  ScriptedHttp server({{429, "Retry-After: 7\r\n", R"({"message": "slow down"})"}, kOk});
  RecordedApi client(server);
  auto answer = client.api.call("GET", "/user");
  REQUIRE(answer);
  CHECK(answer->attempts == 2);
  CHECK(client.waits == std::vector<milliseconds>{milliseconds(7000)});
}

TEST_CASE("a secondary rate limit (403 with Retry-After) is retried, no longer than the cap") {
  ScriptedHttp server(
      {{403, "Retry-After: 600\r\n", R"({"message": "secondary rate limit"})"}, kOk});
  RecordedApi client(server);
  auto answer = client.api.call("GET", "/user");
  REQUIRE(answer);
  CHECK(client.waits == std::vector<milliseconds>{milliseconds(30000)});
}

TEST_CASE("a Retry-After that is a date falls back to the doubling delay, not a retry at once") {
  ScriptedHttp server({{503, "Retry-After: Wed, 21 Oct 2015 07:28:00 GMT\r\n", "{}"}, kOk});
  RecordedApi client(server);
  REQUIRE(client.api.call("GET", "/user"));
  CHECK(client.waits == std::vector<milliseconds>{milliseconds(1000)});
}

TEST_CASE("a 404 is not retried, and the error names the request, status and GitHub's message") {
  ScriptedHttp server({{404, "", R"({"message": "Not Found"})"}});
  RecordedApi client(server);
  auto answer = client.api.call("GET", "/repos/o/r");
  REQUIRE_FALSE(answer);
  CHECK(server.requests() == 1);
  CHECK(client.waits.empty());
  CHECK(answer.error().message == "GET /repos/o/r failed after 1 attempt(s): HTTP 404: Not Found");
  CHECK(answer.error().code == "github.api.404");
}

TEST_CASE("a 5xx that persists is tried the configured number of times") {
  ScriptedHttp server({{500, "", R"({"message": "boom"})"}});
  RecordedApi client(server, 4);
  auto answer = client.api.call("GET", "/user");
  REQUIRE_FALSE(answer);
  CHECK(server.requests() == 4);
  CHECK(client.waits.size() == 3);
  CHECK(answer.error().message == "GET /user failed after 4 attempt(s): HTTP 500: boom");
}

TEST_CASE("once the run is cancelled, a failed call is not retried") {
  ScriptedHttp server({{503, "", R"({"message": "unavailable"})"}, kOk});
  RecordedApi client(server);
  client.api.retry_hooks.cancelled = [] { return true; };
  auto answer = client.api.call("POST", "/repos/o/r/issues/1/comments");
  REQUIRE_FALSE(answer);
  CHECK(server.requests() == 1);
  CHECK(client.waits.empty());
  CHECK_THAT(answer.error().message,
             Catch::Contains("after 1 attempt(s) (no retry once cancelled)"));
}

TEST_CASE("a cancel during the wait stops the attempts that would follow") {
  ScriptedHttp server({{503, "", "{}"}, kOk});
  RecordedApi client(server);
  client.api.retry_hooks.cancelled = [&client] { return !client.waits.empty(); };
  auto answer = client.api.call("GET", "/user");
  REQUIRE_FALSE(answer);
  CHECK(server.requests() == 1);
  CHECK(client.waits.size() == 1);
}
