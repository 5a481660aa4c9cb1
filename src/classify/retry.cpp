#include "classify/retry.hpp"

namespace bicepgate::classify {

util::Backoff stage_backoff(const RetryPolicy& policy) {
  return {policy.base, policy.cap, true};
}

std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int attempt, double unit_random,
                                        std::optional<int> retry_after_seconds) {
  std::optional<std::chrono::milliseconds> retry_after;
  if (retry_after_seconds) retry_after = std::chrono::seconds(*retry_after_seconds);
  return util::backoff_delay(stage_backoff(policy), attempt, unit_random, retry_after);
}

}  // namespace bicepgate::classify
