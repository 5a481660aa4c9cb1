#include "util/retry.hpp"

#include <catch2/catch.hpp>
#include <vector>

using namespace bicepgate::util;
using std::chrono::milliseconds;

namespace {

// Records the waits instead of sleeping; a cancel comes after `cancel_after_waits` waits.
struct RecordedClock {
  std::vector<milliseconds> waits;
  int cancel_after_waits = -1;

  RetryHooks hooks() {
    RetryHooks h;
    h.wait = [this](milliseconds d) { waits.push_back(d); };
    h.cancelled = [this] {
      return cancel_after_waits >= 0 && static_cast<int>(waits.size()) >= cancel_after_waits;
    };
    h.unit_random = [] { return 0.5; };
    return h;
  }
};

RetryPolicy doubling(int attempts) {
  return {attempts, Backoff{milliseconds(1000), milliseconds(3000), false}};
}

}  // namespace

TEST_CASE("a failure worth retrying is tried the bounded number of times, no more") {
  RecordedClock clock;
  int calls = 0;
  auto outcome = retry(doubling(4), clock.hooks(), [&](int n) {
    CHECK(n == ++calls);
    return AttemptVerdict{true, std::nullopt};
  });
  CHECK(calls == 4);
  CHECK(outcome.attempts == 4);
  CHECK_FALSE(outcome.cancelled);
  // No wait after the last attempt; the third wait is capped.
  CHECK(clock.waits ==
        std::vector<milliseconds>{milliseconds(1000), milliseconds(2000), milliseconds(3000)});
}

TEST_CASE("an attempt that succeeds or fails for good ends the loop without a wait") {
  RecordedClock clock;
  int calls = 0;
  auto outcome = retry(doubling(5), clock.hooks(), [&](int n) {
    ++calls;
    return AttemptVerdict{n < 2, std::nullopt};
  });
  CHECK(calls == 2);
  CHECK(outcome.attempts == 2);
  CHECK(clock.waits.size() == 1);
}

TEST_CASE("fewer than one attempt configured still makes one") {
  RecordedClock clock;
  int calls = 0;
  auto outcome = retry(doubling(0), clock.hooks(), [&](int) {
    ++calls;
    return AttemptVerdict{true, std::nullopt};
  });
  CHECK(calls == 1);
  CHECK(outcome.attempts == 1);
  CHECK(clock.waits.empty());
}

TEST_CASE("the service's Retry-After is waited instead of the backoff, and told to the caller") {
  RecordedClock clock;
  std::vector<std::pair<int, milliseconds>> told;
  retry(
      doubling(3), clock.hooks(),
      [&](int n) {
        return AttemptVerdict{true, n == 1 ? std::optional(milliseconds(2500)) : std::nullopt};
      },
      [&](int n, milliseconds delay) { told.emplace_back(n, delay); });
  CHECK(clock.waits == std::vector<milliseconds>{milliseconds(2500), milliseconds(2000)});
  REQUIRE(told.size() == 2);
  CHECK(told[0] == std::pair(1, milliseconds(2500)));
  CHECK(told[1] == std::pair(2, milliseconds(2000)));
}

TEST_CASE("the jitter is drawn for each wait when the policy asks for it") {
  RecordedClock clock;
  auto hooks = clock.hooks();
  hooks.unit_random = [] { return 0.25; };
  RetryPolicy policy{3, Backoff{milliseconds(4000), milliseconds(60000), true}};
  retry(policy, hooks, [](int) { return AttemptVerdict{true, std::nullopt}; });
  CHECK(clock.waits == std::vector<milliseconds>{milliseconds(1000), milliseconds(2000)});
}

TEST_CASE("a cancel during a wait stops further attempts") {
  RecordedClock clock;
  clock.cancel_after_waits = 1;
  int calls = 0;
  auto outcome = retry(doubling(5), clock.hooks(), [&](int) {
    ++calls;
    return AttemptVerdict{true, std::nullopt};
  });
  CHECK(calls == 1);
  CHECK(outcome.attempts == 1);
  CHECK(outcome.cancelled);
  CHECK(clock.waits.size() == 1);
}

TEST_CASE("after a cancel the first attempt still runs, and no wait follows it") {
  RecordedClock clock;
  clock.cancel_after_waits = 0;  // cancelled from the start
  int calls = 0;
  auto outcome = retry(doubling(3), clock.hooks(), [&](int) {
    ++calls;
    return AttemptVerdict{true, std::nullopt};
  });
  CHECK(calls == 1);
  CHECK(outcome.cancelled);
  CHECK(clock.waits.empty());
}

TEST_CASE("the real wait ends at once on a cancel instead of sleeping out the delay") {
  int asked = 0;
  const auto started = std::chrono::steady_clock::now();
  // A minute's wait, cancelled on the third look: it must return long before the minute.
  bool completed = wait_unless_cancelled(std::chrono::minutes(1), [&] { return ++asked >= 3; });
  const auto took = std::chrono::steady_clock::now() - started;
  CHECK_FALSE(completed);
  CHECK(asked == 3);
  CHECK(took < std::chrono::seconds(30));
}

TEST_CASE("the real wait sleeps the whole delay when no cancel comes") {
  const auto started = std::chrono::steady_clock::now();
  CHECK(wait_unless_cancelled(milliseconds(120), [] { return false; }));
  CHECK(std::chrono::steady_clock::now() - started >= milliseconds(120));
}

TEST_CASE("the retry loop's own wait hears the cancel seam too") {
  RetryHooks hooks;  // the real wait, with a cancel that comes on the second look
  int asked = 0;
  hooks.cancelled = [&] { return ++asked >= 2; };
  int calls = 0;
  const auto started = std::chrono::steady_clock::now();
  auto outcome = retry(RetryPolicy{3, Backoff{std::chrono::minutes(1), std::chrono::minutes(1)}},
                       hooks, [&](int) {
                         ++calls;
                         return AttemptVerdict{true, std::nullopt};
                       });
  CHECK(calls == 1);
  CHECK(outcome.cancelled);
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(30));
}
