#pragma once
// One retry loop for whatever talks to the outside (the GitHub API, health probes, stages): a
// bounded number of attempts, a backoff between them, and waits that end at once on a cancel.

#include <chrono>
#include <functional>
#include <optional>

#include "util/backoff.hpp"

namespace bicepgate::util {

struct RetryPolicy {
  int attempts = 3;  // in all, the first included; fewer than 1 is 1
  Backoff backoff;
};

// What one attempt said.
struct AttemptVerdict {
  bool retry = false;                                    // it failed in a way worth another try
  std::optional<std::chrono::milliseconds> retry_after;  // the service's Retry-After, if any
};

// The seams: tests record the waits instead of sleeping, say when a cancel comes, fix the jitter.
// Empty members take the real thing.
struct RetryHooks {
  std::function<void(std::chrono::milliseconds)> wait;  // wait_unless_cancelled(delay, cancelled)
  std::function<bool()> cancelled;                      // interrupted()
  std::function<double()> unit_random;                  // uniform in [0, 1)
};

struct RetryOutcome {
  int attempts = 0;        // how many ran
  bool cancelled = false;  // a cancel, not the verdict or the bound, stopped the attempts
};

// Runs `attempt` (given its number, from 1) until it asks for no retry, the attempts are spent,
// or a cancel comes. The first attempt always runs: a cancel stops the waits and what follows
// them, so a run being cancelled still makes its one call (the PR comment saying so).
// `before_wait` hears the attempt that failed and the wait that follows (to log it).
RetryOutcome retry(
    const RetryPolicy& policy, const RetryHooks& hooks,
    const std::function<AttemptVerdict(int attempt)>& attempt,
    const std::function<void(int attempt, std::chrono::milliseconds delay)>& before_wait = {});

// The runner cancelled the job: SIGINT or SIGTERM came (util::interrupt_signal() != 0).
bool interrupted();

// Sleeps `delay` in short steps, ending as soon as `cancelled` says so (a signal handler cannot
// wake a condition variable safely; a 50 ms poll is cheap). True when the whole delay passed.
bool wait_unless_cancelled(std::chrono::milliseconds delay,
                           const std::function<bool()>& cancelled = interrupted);

}  // namespace bicepgate::util
