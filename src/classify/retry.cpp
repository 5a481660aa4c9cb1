#include "classify/retry.hpp"

#include <algorithm>
#include <cmath>

namespace bicepgate::classify {

std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int attempt, double unit_random,
                                        std::optional<int> retry_after_seconds) {
  using std::chrono::milliseconds;
  const auto cap = std::chrono::duration_cast<milliseconds>(policy.cap);
  if (retry_after_seconds && *retry_after_seconds >= 0) {
    // The service said when; never sooner, never past the cap.
    return std::min(milliseconds(static_cast<long long>(*retry_after_seconds) * 1000), cap);
  }
  const double exponent = std::min(attempt - 1, 30);
  const double ceiling =
      std::min(static_cast<double>(cap.count()),
               static_cast<double>(std::chrono::duration_cast<milliseconds>(policy.base).count()) *
                   std::pow(2.0, exponent));
  // Full jitter: anywhere from zero to the exponential ceiling.
  return milliseconds(static_cast<long long>(std::clamp(unit_random, 0.0, 1.0) * ceiling));
}

}  // namespace bicepgate::classify
