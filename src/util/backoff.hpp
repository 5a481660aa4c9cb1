#pragma once
// How long to wait before trying again: exponential backoff from a base, capped, with optional
// full jitter, or the Retry-After the service asked for. Pure, so the delays are testable.

#include <chrono>
#include <optional>
#include <string_view>

namespace bicepgate::util {

struct Backoff {
  std::chrono::milliseconds base{1000};  // the wait before the second attempt, doubled after
  std::chrono::milliseconds cap{30000};  // no wait is longer, a Retry-After's included
  // Full jitter (anywhere from zero to the doubled ceiling) spreads the retries of many clients
  // that failed together; without it the waits are exactly base, 2 base, 4 base...
  bool full_jitter = false;
};

// `attempt` counts from 1 (the wait before the second attempt). `unit_random` is in [0, 1), the
// jitter, drawn by the caller; unused without full_jitter. A Retry-After (negative ones are
// ignored) is honoured over the backoff: never sooner, never past the cap.
std::chrono::milliseconds backoff_delay(const Backoff& backoff, int attempt, double unit_random,
                                        std::optional<std::chrono::milliseconds> retry_after);

// An HTTP Retry-After header's delay-seconds form ("120"). The HTTP-date form, and anything
// else, is no value: the caller's backoff decides then, rather than a retry at once.
std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view header);

}  // namespace bicepgate::util
