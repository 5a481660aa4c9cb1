#include "net/probes.hpp"

#include <catch2/catch.hpp>
#include <vector>

#include "net/scripted_http.hpp"

using namespace bicepgate::net;
using bicepgate::test::ScriptedAnswer;
using bicepgate::test::ScriptedHttp;
using bicepgate::util::RetryHooks;
using std::chrono::milliseconds;

namespace {

struct RecordedWaits {
  std::vector<milliseconds> waits;
  bool cancel_after_first_wait = false;

  RetryHooks hooks() {
    RetryHooks h;
    h.wait = [this](milliseconds d) { waits.push_back(d); };
    h.cancelled = [this] { return cancel_after_first_wait && !waits.empty(); };
    return h;
  }
};

Probe http_probe(const ScriptedHttp& server) {
  Probe probe;
  probe.kind = "http";
  probe.target = server.url() + "/health";
  probe.timeout = std::chrono::seconds(5);
  return probe;  // 3 attempts, 2 s doubled
}

}  // namespace

TEST_CASE("an unhealthy endpoint is probed again after a doubling delay until it answers") {
  ScriptedHttp server({{503, "", ""}, {503, "", ""}, {200, "", ""}});
  RecordedWaits recorded;
  auto result = run_probe(http_probe(server), recorded.hooks());
  CHECK(result.healthy);
  CHECK(result.attempts == 3);
  CHECK(result.detail == "HTTP 200");
  CHECK(recorded.waits == std::vector<milliseconds>{milliseconds(2000), milliseconds(4000)});
}

TEST_CASE("a probe gives up after its attempts, with the last answer, and no wait after it") {
  ScriptedHttp server({{500, "", ""}});
  RecordedWaits recorded;
  auto probe = http_probe(server);
  probe.attempts = 2;
  probe.retry_delay = milliseconds(300);
  auto result = run_probe(probe, recorded.hooks());
  CHECK_FALSE(result.healthy);
  CHECK(result.attempts == 2);
  CHECK(result.detail == "HTTP 500 (expected 200)");
  CHECK(server.requests() == 2);
  CHECK(recorded.waits == std::vector<milliseconds>{milliseconds(300)});
}

TEST_CASE("a healthy first answer is not probed again") {
  ScriptedHttp server({{204, "", ""}});
  RecordedWaits recorded;
  auto probe = http_probe(server);
  probe.expect_status = 204;
  auto result = run_probe(probe, recorded.hooks());
  CHECK(result.healthy);
  CHECK(result.attempts == 1);
  CHECK(recorded.waits.empty());
}

TEST_CASE("a cancel during a probe's wait ends the probing with the answer so far") {
  ScriptedHttp server({{503, "", ""}, {200, "", ""}});
  RecordedWaits recorded;
  recorded.cancel_after_first_wait = true;
  auto result = run_probe(http_probe(server), recorded.hooks());
  CHECK_FALSE(result.healthy);
  CHECK(result.attempts == 1);
  CHECK(server.requests() == 1);
  CHECK(recorded.waits.size() == 1);
}

TEST_CASE("a TCP probe is healthy once it connects") {
  ScriptedHttp server({{200, "", ""}});
  Probe probe;
  probe.kind = "tcp";
  probe.target = server.url().substr(std::string("http://").size());
  RecordedWaits recorded;
  auto result = run_probe(probe, recorded.hooks());
  CHECK(result.healthy);
  CHECK(result.detail == "connected");
  CHECK(result.attempts == 1);
}
