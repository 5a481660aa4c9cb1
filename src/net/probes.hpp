#pragma once
// net/: reachability checks after a deployment: HTTP (libcurl) and TCP probes, run
// concurrently with a bounded number of attempts.

#include <chrono>
#include <string>
#include <vector>

#include "util/retry.hpp"

namespace bicepgate::net {

struct Probe {
  std::string kind;    // "http" or "tcp"
  std::string target;  // URL, or host:port
  int expect_status = 200;
  std::chrono::seconds timeout{10};
  int attempts = 3;
  std::chrono::milliseconds retry_delay{2000};  // doubled after each failed attempt
};

struct ProbeResult {
  bool healthy = false;
  int attempts = 0;
  std::string detail;  // "HTTP 200", "HTTP 503 (expected 200)", "connection refused"
};

// Unhealthy attempts are retried after a wait that a cancel (SIGINT/SIGTERM) ends, with no
// attempt after it; `hooks` let tests record the waits instead.
ProbeResult run_probe(const Probe& probe, const util::RetryHooks& hooks = {});
// All probes at once, each on its own thread; results in the order given.
std::vector<ProbeResult> run_probes(const std::vector<Probe>& probes);

}  // namespace bicepgate::net
