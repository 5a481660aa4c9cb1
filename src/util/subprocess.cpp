#include "util/subprocess.hpp"

#include "util/strings.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>

extern char** environ;

namespace bicepgate::util {
namespace {

// The process groups of the children running now (a deployment and its progress poll may run
// at once); a signal to bicepgate is forwarded to each.
constexpr std::size_t kMaxChildren = 8;
std::array<std::atomic<pid_t>, kMaxChildren> g_child_groups{};
std::atomic<int> g_interrupt{0};

void forward_signal(int signal_number) {
  g_interrupt.store(signal_number);
  for (auto& slot : g_child_groups) {
    pid_t group = slot.load();
    if (group > 0) ::kill(-group, signal_number);
  }
}

std::vector<std::string> build_environment(const std::map<std::string, std::string>& extra) {
  std::vector<std::string> env;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    std::string item(*entry);
    auto name = item.substr(0, item.find('='));
    if (extra.count(name) == 0) env.push_back(std::move(item));
  }
  for (const auto& [name, value] : extra) env.push_back(name + "=" + value);
  return env;
}

std::vector<char*> c_strings(std::vector<std::string>& strings) {
  std::vector<char*> out;
  out.reserve(strings.size() + 1);
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

class Pipe {
 public:
  Pipe() {
    if (::pipe2(fds_.data(), O_CLOEXEC) != 0) fds_ = {-1, -1};
  }
  ~Pipe() {
    close_read();
    close_write();
  }
  Pipe(const Pipe&) = delete;
  Pipe& operator=(const Pipe&) = delete;
  bool ok() const { return fds_[0] >= 0; }
  int read_end() const { return fds_[0]; }
  int write_end() const { return fds_[1]; }
  void close_read() { close_fd(0); }
  void close_write() { close_fd(1); }

 private:
  void close_fd(int which) {
    if (fds_[which] >= 0) ::close(fds_[which]);
    fds_[which] = -1;
  }
  std::array<int, 2> fds_{-1, -1};
};

// A kept child: bicepgate forks a keeper that leads a new process group and forks the
// command in it. The keeper dies with the bicepgate thread that started it (PR_SET_PDEATHSIG,
// prctl(2); posix_spawn cannot set it) and then kills the whole group, az's own children
// included, so a SIGKILLed bicepgate leaves no az behind. Otherwise it waits for the command
// and ends as the command ended, so the caller sees the command's exit code or signal.
// Between fork and exec only async-signal-safe calls (signal-safety(7)): all the strings and
// arrays are made before the fork.
struct KeptSpawn {
  const char* program = nullptr;  // resolved on PATH before the fork
  char* const* argv = nullptr;
  char* const* envp = nullptr;
  const char* working_directory = nullptr;
  int out_fd = -1;
  int err_fd = -1;
  int error_fd = -1;  // the keeper or the command writes errno here when it cannot start
  pid_t parent = 0;
};

// Sent to the keeper when the thread that forked it ends (bicepgate died).
constexpr int kParentDied = SIGUSR1;
// Where the error pipe sits in the keeper and the command (0, 1, 2 are the standard streams).
constexpr int kErrorFd = 3;

[[noreturn]] void report_and_exit(int error_number) {
  ssize_t ignored = ::write(kErrorFd, &error_number, sizeof(error_number));
  (void)ignored;
  ::_exit(127);
}

void set_disposition(int signal_number, void (*handler)(int)) {
  struct sigaction action {};
  action.sa_handler = handler;
  sigemptyset(&action.sa_mask);
  ::sigaction(signal_number, &action, nullptr);
}

// Ends the keeper as the command ended.
[[noreturn]] void end_as(int status) {
  if (WIFEXITED(status)) ::_exit(WEXITSTATUS(status));
  const int signal_number = WTERMSIG(status);
  const rlimit no_core{0, 0};
  ::setrlimit(RLIMIT_CORE, &no_core);  // the command may have dumped; the keeper must not
  set_disposition(signal_number, SIG_DFL);
  sigset_t just;
  sigemptyset(&just);
  sigaddset(&just, signal_number);
  ::sigprocmask(SIG_UNBLOCK, &just, nullptr);
  ::kill(::getpid(), signal_number);
  ::_exit(128 + signal_number);
}

[[noreturn]] void run_keeper(const KeptSpawn& spawn) {
  ::setpgid(0, 0);
  int in_fd = ::open("/dev/null", O_RDONLY);
  if (in_fd < 0) report_and_exit(errno);
  if (::dup2(in_fd, STDIN_FILENO) < 0 || ::dup2(spawn.out_fd, STDOUT_FILENO) < 0 ||
      ::dup2(spawn.err_fd, STDERR_FILENO) < 0) {
    report_and_exit(errno);
  }
  if (spawn.error_fd != kErrorFd && ::dup3(spawn.error_fd, kErrorFd, O_CLOEXEC) < 0) {
    ::_exit(127);
  }
  // Nothing else of bicepgate's: other threads' pipes must reach EOF when their child ends.
  if (::close_range(kErrorFd + 1, ~0U, 0) != 0) {
    for (int fd = kErrorFd + 1; fd < 65536; ++fd) ::close(fd);
  }
  // The forwarded SIGINT/SIGTERM is the command's to act on; the keeper waits for its end.
  set_disposition(SIGINT, SIG_IGN);
  set_disposition(SIGTERM, SIG_IGN);
  set_disposition(SIGPIPE, SIG_DFL);
  sigset_t waited;
  sigemptyset(&waited);
  sigaddset(&waited, SIGCHLD);
  sigaddset(&waited, kParentDied);
  ::sigprocmask(SIG_SETMASK, &waited, nullptr);
  ::prctl(PR_SET_PDEATHSIG, kParentDied);
  if (::getppid() != spawn.parent) ::_exit(127);  // bicepgate died before prctl: start nothing

  const pid_t command = ::fork();
  if (command < 0) report_and_exit(errno);
  if (command == 0) {
    for (int signal_number : {SIGINT, SIGTERM, SIGPIPE, SIGCHLD, kParentDied})
      set_disposition(signal_number, SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    // Negative: the working directory, not the program, is what failed.
    if (spawn.working_directory != nullptr && ::chdir(spawn.working_directory) != 0)
      report_and_exit(-errno);
    ::execve(spawn.program, spawn.argv, spawn.envp);
    report_and_exit(errno);
  }
  ::close(kErrorFd);
  for (;;) {
    siginfo_t info{};
    const int got = ::sigwaitinfo(&waited, &info);
    if (got == kParentDied && ::getppid() != spawn.parent) {
      ::kill(0, SIGKILL);  // the whole group, the keeper with it
      ::_exit(137);
    }
    if (got != SIGCHLD) continue;
    int status = 0;
    if (::waitpid(command, &status, WNOHANG) == command) end_as(status);
  }
}

}  // namespace

std::string find_program(const std::string& name) {
  if (name.find('/') != std::string::npos) return name;
  const char* path = std::getenv("PATH");
  for (const auto& folder : split(path != nullptr ? path : "/usr/bin:/bin", ':')) {
    std::string candidate = (folder.empty() ? std::string(".") : folder) + "/" + name;
    struct stat info {};
    if (::stat(candidate.c_str(), &info) == 0 && S_ISREG(info.st_mode) &&
        ::access(candidate.c_str(), X_OK) == 0) {
      return candidate;
    }
  }
  return {};
}

namespace {

// The runner is stopping the job and kills it seconds later: start nothing new.
Status refuse_when_interrupted(const Command& command) {
  if (int signal_number = g_interrupt.load(); signal_number != 0) {
    return fail("'" + command.argv[0] + "' not started: interrupted by signal " +
                    std::to_string(signal_number),
                "spawn.interrupted");
  }
  return {};
}

// The C strings the keeper execs with, made before the fork (nothing may allocate after it); the
// vectors own what the pointers point into, so this lives until the child has exec'd.
struct ExecStrings {
  std::vector<std::string> argv_strings;
  std::vector<std::string> env_strings;
  std::vector<char*> argv;
  std::vector<char*> envp;
};

void fill_exec_strings(const Command& command, ExecStrings& strings) {
  strings.argv_strings = command.argv;
  strings.env_strings = build_environment(command.extra_env);
  strings.argv = c_strings(strings.argv_strings);
  strings.envp = c_strings(strings.env_strings);
}

// Waits for the keeper or the command to exec or say why it could not: the error pipe closes at the
// command's exec (O_CLOEXEC) or carries errno, negative when the folder failed.
Status await_exec(const Command& command, pid_t pid, Pipe& error_pipe) {
  error_pipe.close_write();
  int error_number = 0;
  ssize_t got = 0;
  while ((got = ::read(error_pipe.read_end(), &error_number, sizeof(error_number))) < 0 &&
         errno == EINTR) {
  }
  if (got != static_cast<ssize_t>(sizeof(error_number))) return {};
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (error_number < 0) {
    return fail("cannot start '" + command.argv[0] + "' in " + *command.working_directory + ": " +
                    std::strerror(-error_number),
                "spawn.failed");
  }
  std::string why = error_number == ENOENT ? "not found" : std::strerror(error_number);
  return fail("cannot start '" + command.argv[0] + "': " + why, "spawn.failed");
}

// Records the child's group so a SIGINT/SIGTERM to bicepgate reaches it; the slot is freed when the
// child has been reaped. Null when every slot is taken.
std::atomic<pid_t>* register_child_group(pid_t pid) {
  std::atomic<pid_t>* slot = nullptr;
  for (auto& candidate : g_child_groups) {
    pid_t empty = 0;
    if (candidate.compare_exchange_strong(empty, pid)) {
      slot = &candidate;
      break;
    }
  }
  // A signal between the check before the fork and the slot: forward_signal did not see it.
  if (int signal_number = g_interrupt.load(); signal_number != 0) ::kill(-pid, signal_number);
  return slot;
}

// Reads stdout and stderr until both close, killing the group at the timeout and then draining what
// is left, so a command that hangs or floods its pipes cannot hold the run.
void read_output(const Command& command, pid_t pid, std::chrono::steady_clock::time_point started,
                 Pipe& out_pipe, Pipe& err_pipe, Completed& done) {
  std::array<pollfd, 2> fds{{{out_pipe.read_end(), POLLIN, 0}, {err_pipe.read_end(), POLLIN, 0}}};
  std::array<std::string*, 2> sinks{&done.out, &done.err};
  int open_streams = 2;
  bool killed = false;
  std::array<char, 65536> buffer{};
  while (open_streams > 0) {
    auto elapsed = std::chrono::steady_clock::now() - started;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(command.timeout - elapsed);
    if (left.count() <= 0) {
      if (!killed) {
        done.timed_out = true;
        ::kill(-pid, SIGKILL);
        killed = true;
      }
      left = std::chrono::milliseconds(200);  // drain what is left after the kill
    }
    int ready =
        ::poll(fds.data(), fds.size(), static_cast<int>(std::min<long>(left.count(), 1000)));
    if (ready < 0 && errno != EINTR) break;
    if (killed && ready == 0) break;
    for (std::size_t i = 0; i < fds.size(); ++i) {
      if (fds[i].fd < 0 || (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
      ssize_t n = ::read(fds[i].fd, buffer.data(), buffer.size());
      if (n > 0) {
        sinks[i]->append(buffer.data(), static_cast<std::size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        fds[i].fd = -1;
        --open_streams;
      }
    }
  }
  if (!killed && open_streams > 0) ::kill(-pid, SIGKILL);
}

// Reaps the keeper (which ends as the command ended) and records how the command ended, with its
// output made valid UTF-8 for everything downstream (JSON, annotations, the audit).
void reap(pid_t pid, std::atomic<pid_t>* slot, std::chrono::steady_clock::time_point started,
          Completed& done) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (slot != nullptr) slot->store(0);
  done.out = util::valid_utf8(done.out);
  done.err = util::valid_utf8(done.err);
  done.duration = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - started);
  if (WIFEXITED(status)) {
    done.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    done.signal = WTERMSIG(status);
  }
}

}  // namespace

Result<Completed> run(const Command& command) {
  if (command.argv.empty()) return fail("no command given", "spawn.empty");
  if (auto ok = refuse_when_interrupted(command); !ok) return fail(ok.error());
  Pipe out_pipe;
  Pipe err_pipe;
  if (!out_pipe.ok() || !err_pipe.ok()) {
    return fail(std::string("cannot create pipes: ") + std::strerror(errno), "spawn.pipe");
  }
  const std::string program = find_program(command.argv[0]);
  if (program.empty())
    return fail("cannot start '" + command.argv[0] + "': not found on PATH", "spawn.failed");
  Pipe error_pipe;
  if (!error_pipe.ok()) {
    return fail(std::string("cannot create pipes: ") + std::strerror(errno), "spawn.pipe");
  }
  ExecStrings strings;
  fill_exec_strings(command, strings);
  KeptSpawn spawn;
  spawn.program = program.c_str();
  spawn.argv = strings.argv.data();
  spawn.envp = strings.envp.data();
  spawn.working_directory =
      command.working_directory ? command.working_directory->c_str() : nullptr;
  spawn.out_fd = out_pipe.write_end();
  spawn.err_fd = err_pipe.write_end();
  spawn.error_fd = error_pipe.write_end();
  spawn.parent = ::getpid();

  const auto started = std::chrono::steady_clock::now();
  // The keeper leads the group: its pid is the group's id.
  const pid_t pid = ::fork();
  if (pid < 0) {
    return fail("cannot start '" + command.argv[0] + "': " + std::strerror(errno), "spawn.failed");
  }
  if (pid == 0) run_keeper(spawn);
  // Also here: a signal or a timeout may reach the group before the keeper has made it.
  ::setpgid(pid, pid);
  if (auto ok = await_exec(command, pid, error_pipe); !ok) return fail(ok.error());
  std::atomic<pid_t>* slot = register_child_group(pid);
  out_pipe.close_write();
  err_pipe.close_write();
  Completed done;
  read_output(command, pid, started, out_pipe, err_pipe, done);
  reap(pid, slot, started, done);
  return done;
}

void install_signal_forwarding() {
  struct sigaction action {};
  action.sa_handler = forward_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  ::sigaction(SIGINT, &action, nullptr);
  ::sigaction(SIGTERM, &action, nullptr);
}

int interrupt_signal() {
  return g_interrupt.load();
}

}  // namespace bicepgate::util
