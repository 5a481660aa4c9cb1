#pragma once
// The one place that starts processes: fork and exec with an argument vector (never a shell),
// stdin from /dev/null, output read with poll, a timeout that kills the whole process group,
// and a keeper that kills the group when bicepgate dies, even by SIGKILL.

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "util/result.hpp"

namespace bicepgate::util {

struct Command {
  std::vector<std::string> argv;                 // argv[0] is looked up on PATH
  std::map<std::string, std::string> extra_env;  // added to (or replacing in) our environment
  std::optional<std::string> working_directory;
  std::chrono::milliseconds timeout{std::chrono::minutes(60)};
};

struct Completed {
  int exit_code = -1;      // valid when signal == 0
  int signal = 0;          // the signal that ended the child, 0 if it exited
  bool timed_out = false;  // we killed it at the timeout
  std::string out;
  std::string err;
  std::chrono::milliseconds duration{0};
};

// posix_spawnp's lookup: the program as given when it has a slash, else the first executable
// file of that name on our PATH, else empty.
std::string find_program(const std::string& name);

// Fails only when the command cannot be started, or is not started because SIGINT/SIGTERM
// came (spawn.interrupted); a non-zero exit, a signal or a timeout are facts in Completed for
// the caller to judge.
Result<Completed> run(const Command& command);

// SIGINT/SIGTERM received by bicepgate are forwarded to the running child's process group,
// and remembered so the run can stop and still write its audit record.
void install_signal_forwarding();
// The signal received, or 0.
int interrupt_signal();

}  // namespace bicepgate::util
