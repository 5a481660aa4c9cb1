#include "util/backoff.hpp"

#include <algorithm>
#include <cmath>

namespace bicepgate::util {

std::chrono::milliseconds backoff_delay(const Backoff& backoff, int attempt, double unit_random,
                                        std::optional<std::chrono::milliseconds> retry_after) {
  using std::chrono::milliseconds;
  const auto cap = std::max(backoff.cap, milliseconds(0));
  if (retry_after && retry_after->count() >= 0) return std::min(*retry_after, cap);
  // 2^30 times any sane base is far past any cap; the bound keeps the double finite.
  const double exponent = std::clamp(attempt - 1, 0, 30);
  const double ceiling = std::min(
      static_cast<double>(cap.count()),
      static_cast<double>(std::max<long long>(backoff.base.count(), 0)) * std::pow(2.0, exponent));
  const double share = backoff.full_jitter ? std::clamp(unit_random, 0.0, 1.0) : 1.0;
  const double wait = share * ceiling;
  // A cap of milliseconds::max() is no double exactly; converting it back would overflow.
  if (wait >= static_cast<double>(cap.count())) return cap;
  return milliseconds(static_cast<long long>(wait));
}

std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view header) {
  while (!header.empty() && (header.front() == ' ' || header.front() == '\t'))
    header.remove_prefix(1);
  while (!header.empty() && (header.back() == ' ' || header.back() == '\t'))
    header.remove_suffix(1);
  if (header.empty()) return std::nullopt;
  // Saturated, not overflowed: an absurd delay is still long, and the caller's cap bounds it.
  constexpr long long kLongest = 1'000'000'000;
  long long seconds = 0;
  for (char c : header) {
    if (c < '0' || c > '9') return std::nullopt;
    seconds = std::min(seconds * 10 + (c - '0'), kLongest);
  }
  return std::chrono::seconds(seconds);
}

}  // namespace bicepgate::util
