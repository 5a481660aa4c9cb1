#include "azure/az_runner.hpp"

#include <csignal>
#include <cstring>
#include <utility>

#include "util/subprocess.hpp"

namespace bicepgate::azure {

Error timed_out(const AzCall& call) {
  Error error;
  error.message = "az " + (call.args.empty() ? std::string() : call.args.front()) +
                  " did not finish within " + std::to_string(call.timeout.count() / 1000) +
                  " s and was stopped";
  error.code = "az.timeout";
  return error;
}

void ProcessAzRunner::remember(AzCallRecord record) {
  std::lock_guard<std::mutex> lock(mutex_);
  calls_.push_back(std::move(record));
  if (on_call) on_call(calls_.back());
}

Result<AzResult> ProcessAzRunner::run(const AzCall& call) {
  util::Command command;
  command.argv.push_back(executable_);
  command.argv.insert(command.argv.end(), call.args.begin(), call.args.end());
  command.timeout = call.timeout;
  // az asks nothing of a terminal here, and must not phone home from CI.
  command.extra_env = {{"AZURE_CORE_NO_COLOR", "true"},
                       {"AZURE_CORE_COLLECT_TELEMETRY", "false"},
                       {"AZURE_CORE_SURVEY_MESSAGE", "false"}};
  AzCallRecord record{call, -1, {}, {}};
  auto done = util::run(command);
  if (!done) {
    record.failure = done.error().message;
    remember(record);
    if (done.error().code == "spawn.interrupted")
      return fail(done.error().message, "az.interrupted");
    return fail(done.error().message + " (install the Azure CLI, or put it on PATH)", "az.spawn");
  }
  record.exit_code = done->exit_code;
  record.duration = done->duration;
  if (done->timed_out) {
    record.failure = "timed out";
    remember(record);
    return fail(timed_out(call));
  }
  if (done->signal != 0) {
    record.failure = std::string("killed by signal ") + strsignal(done->signal);
    remember(record);
    return fail("az was stopped by signal " + std::to_string(done->signal) + " (" +
                    strsignal(done->signal) + ")",
                "az.signal");
  }
  remember(record);
  return AzResult{done->exit_code, std::move(done->out), std::move(done->err), done->duration};
}

}  // namespace bicepgate::azure
