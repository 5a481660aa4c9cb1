#include "util/backoff.hpp"

#include <catch2/catch.hpp>

using namespace bicepgate::util;
using std::chrono::milliseconds;

TEST_CASE("without jitter the wait doubles from the base up to the cap") {
  Backoff backoff{milliseconds(1000), milliseconds(30000), false};
  CHECK(backoff_delay(backoff, 1, 0.3, std::nullopt) == milliseconds(1000));
  CHECK(backoff_delay(backoff, 2, 0.3, std::nullopt) == milliseconds(2000));
  CHECK(backoff_delay(backoff, 3, 0.3, std::nullopt) == milliseconds(4000));
  CHECK(backoff_delay(backoff, 5, 0.3, std::nullopt) == milliseconds(16000));
  CHECK(backoff_delay(backoff, 6, 0.3, std::nullopt) == milliseconds(30000));
  CHECK(backoff_delay(backoff, 1000, 0.3, std::nullopt) == milliseconds(30000));
}

TEST_CASE("full jitter draws the wait between zero and the doubled ceiling") {
  Backoff backoff{milliseconds(5000), milliseconds(300000), true};
  CHECK(backoff_delay(backoff, 1, 0.0, std::nullopt) == milliseconds(0));
  CHECK(backoff_delay(backoff, 1, 0.5, std::nullopt) == milliseconds(2500));
  CHECK(backoff_delay(backoff, 3, 0.5, std::nullopt) == milliseconds(10000));
  CHECK(backoff_delay(backoff, 3, 0.999999, std::nullopt) < milliseconds(20000));
  CHECK(backoff_delay(backoff, 40, 1.0, std::nullopt) == milliseconds(300000));
  CHECK(backoff_delay(backoff, 2, 7.0, std::nullopt) == milliseconds(10000));  // clamped to 1
}

TEST_CASE("a Retry-After is preferred to the backoff, within the cap") {
  Backoff backoff{milliseconds(1000), milliseconds(30000), true};
  CHECK(backoff_delay(backoff, 1, 0.1, milliseconds(7000)) == milliseconds(7000));
  CHECK(backoff_delay(backoff, 4, 0.9, milliseconds(0)) == milliseconds(0));
  CHECK(backoff_delay(backoff, 1, 0.1, milliseconds(3600000)) == milliseconds(30000));
  // A negative one is no answer at all: the backoff decides.
  CHECK(backoff_delay(backoff, 2, 0.5, milliseconds(-1000)) == milliseconds(1000));
}

TEST_CASE("a Retry-After header is read in seconds; a date or junk leaves the backoff to decide") {
  CHECK(parse_retry_after("60") == milliseconds(60000));
  CHECK(parse_retry_after(" 0 ") == milliseconds(0));
  CHECK(parse_retry_after("99999999999999999999") == std::chrono::seconds(1'000'000'000));
  CHECK_FALSE(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"));
  CHECK_FALSE(parse_retry_after("-5"));
  CHECK_FALSE(parse_retry_after("1.5"));
  CHECK_FALSE(parse_retry_after(""));
}
