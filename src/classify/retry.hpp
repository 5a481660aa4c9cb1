#pragma once
// When to try an environmental failure again: exponential backoff with full jitter, or the
// Retry-After the service asked for.

#include <chrono>
#include <optional>

#include "util/backoff.hpp"

namespace bicepgate::classify {

struct RetryPolicy {
  int max_retries = 4;  // after the first attempt: 5 attempts in all
  std::chrono::seconds base{5};
  std::chrono::seconds cap{300};
};

// The backoff a stage retries with: the policy's base and cap, with full jitter (many runs
// failing on the same outage should not come back together). run_stage hands it to util::retry.
util::Backoff stage_backoff(const RetryPolicy& policy);

// Pure: util::backoff_delay with stage_backoff. `attempt` counts from 1 (the delay before the
// second attempt). `unit_random` is in [0, 1): the jitter, drawn by the caller so this stays
// testable. A negative Retry-After is ignored.
std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int attempt, double unit_random,
                                        std::optional<int> retry_after_seconds);

}  // namespace bicepgate::classify
