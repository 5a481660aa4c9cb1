#pragma once
// azure/: the az seam (the one place that starts az), the argument vectors of each call and
// the parsers of az's JSON output.

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "util/result.hpp"

namespace bicepgate::azure {

struct AzCall {
  std::string stage;              // which pipeline stage asked, for the record
  std::vector<std::string> args;  // after "az"
  std::chrono::milliseconds timeout{std::chrono::minutes(60)};
};

struct AzResult {
  int exit_code = 0;
  std::string out;
  std::string err;
  std::chrono::milliseconds duration{0};
  bool ok() const { return exit_code == 0; }
};

// Every call made, with its arguments and outcome (never the environment), for the audit trail.
struct AzCallRecord {
  AzCall call;
  int exit_code = 0;
  std::chrono::milliseconds duration{0};
  std::string failure;  // set when the runner itself failed (spawn, timeout, signal)
};

class AzRunner {
 public:
  virtual ~AzRunner() = default;
  // A non-zero az exit is data in AzResult; an error means az could not run to completion.
  virtual Result<AzResult> run(const AzCall& call) = 0;
  // Told of every call as it ends (the audit trail writes it at once); every runner calls it.
  std::function<void(const AzCallRecord&)> on_call;
};

// What run() returns when az did not finish within the call's timeout and was stopped (code
// az.timeout); a fake of the seam returns the same.
Error timed_out(const AzCall& call);

class ProcessAzRunner final : public AzRunner {
 public:
  explicit ProcessAzRunner(std::string executable = "az") : executable_(std::move(executable)) {}
  Result<AzResult> run(const AzCall& call) override;
  const std::vector<AzCallRecord>& calls() const { return calls_; }

 private:
  void remember(AzCallRecord record);
  std::string executable_;
  std::mutex mutex_;  // run() may be called from two threads (a deployment and its progress poll)
  std::vector<AzCallRecord> calls_;
};

}  // namespace bicepgate::azure
