#include "util/retry.hpp"

#include <algorithm>
#include <random>
#include <thread>

#include "util/subprocess.hpp"

namespace bicepgate::util {

bool interrupted() {
  return interrupt_signal() != 0;
}

bool wait_unless_cancelled(std::chrono::milliseconds delay,
                           const std::function<bool()>& cancelled) {
  constexpr std::chrono::milliseconds kStep{50};
  const auto until = std::chrono::steady_clock::now() + delay;
  for (;;) {
    if (cancelled && cancelled()) return false;
    const auto now = std::chrono::steady_clock::now();
    if (now >= until) return true;
    std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(until - now, kStep));
  }
}

RetryOutcome retry(
    const RetryPolicy& policy, const RetryHooks& hooks,
    const std::function<AttemptVerdict(int attempt)>& attempt,
    const std::function<void(int attempt, std::chrono::milliseconds delay)>& before_wait) {
  const std::function<bool()> cancelled = hooks.cancelled ? hooks.cancelled : interrupted;
  const int attempts = std::max(1, policy.attempts);
  RetryOutcome outcome;
  for (int n = 1;; ++n) {
    outcome.attempts = n;
    const AttemptVerdict verdict = attempt(n);
    if (!verdict.retry || n >= attempts) return outcome;
    if (cancelled()) break;
    double unit_random = 0.0;
    if (policy.backoff.full_jitter) {
      if (hooks.unit_random) {
        unit_random = hooks.unit_random();
      } else {
        static thread_local std::mt19937_64 random{std::random_device{}()};
        unit_random = std::uniform_real_distribution<double>(0.0, 1.0)(random);
      }
    }
    const auto delay = backoff_delay(policy.backoff, n, unit_random, verdict.retry_after);
    if (before_wait) before_wait(n, delay);
    if (hooks.wait) {
      hooks.wait(delay);
    } else {
      wait_unless_cancelled(delay, cancelled);
    }
    if (cancelled()) break;  // a cancel during the wait: no further attempt
  }
  outcome.cancelled = true;
  return outcome;
}

}  // namespace bicepgate::util
