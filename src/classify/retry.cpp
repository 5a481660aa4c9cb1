#include "classify/retry.hpp"

#include "util/backoff.hpp"

namespace bicepgate::classify {

std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int attempt, double unit_random,
                                        std::optional<int> retry_after_seconds) {
  // Stages retry with full jitter: many runs failing on the same outage should not come back
  // together.
  const util::Backoff backoff{policy.base, policy.cap, true};
  std::optional<std::chrono::milliseconds> retry_after;
  if (retry_after_seconds) retry_after = std::chrono::seconds(*retry_after_seconds);
  return util::backoff_delay(backoff, attempt, unit_random, retry_after);
}

}  // namespace bicepgate::classify
