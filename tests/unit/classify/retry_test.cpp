#include "classify/retry.hpp"

#include <catch2/catch.hpp>

using namespace bicepgate::classify;
using std::chrono::milliseconds;

TEST_CASE("backoff doubles from the base with full jitter, capped") {
  RetryPolicy policy;  // base 5 s, cap 300 s
  CHECK(backoff_delay(policy, 1, 0.999999, std::nullopt) <= milliseconds(5000));
  CHECK(backoff_delay(policy, 1, 0.5, std::nullopt) == milliseconds(2500));
  CHECK(backoff_delay(policy, 2, 0.5, std::nullopt) == milliseconds(5000));
  CHECK(backoff_delay(policy, 3, 0.5, std::nullopt) == milliseconds(10000));
  CHECK(backoff_delay(policy, 10, 0.5, std::nullopt) == milliseconds(150000));
  CHECK(backoff_delay(policy, 40, 1.0, std::nullopt) == milliseconds(300000));
  CHECK(backoff_delay(policy, 2, 0.0, std::nullopt) == milliseconds(0));
}

TEST_CASE("a Retry-After from the service decides the wait, within the cap") {
  RetryPolicy policy;
  CHECK(backoff_delay(policy, 1, 0.1, 2) == milliseconds(2000));
  CHECK(backoff_delay(policy, 5, 0.9, 0) == milliseconds(0));
  CHECK(backoff_delay(policy, 1, 0.1, 3600) == milliseconds(300000));
}
