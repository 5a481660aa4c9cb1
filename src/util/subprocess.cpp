#include "util/subprocess.hpp"

#include "util/strings.hpp"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <csignal>
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

}  // namespace

Result<Completed> run(const Command& command) {
  if (command.argv.empty()) return fail("no command given", "spawn.empty");
  // The runner is stopping the job and kills it seconds later: start nothing new.
  if (int signal_number = g_interrupt.load(); signal_number != 0) {
    return fail("'" + command.argv[0] + "' not started: interrupted by signal " +
                    std::to_string(signal_number),
                "spawn.interrupted");
  }
  Pipe out_pipe;
  Pipe err_pipe;
  if (!out_pipe.ok() || !err_pipe.ok()) {
    return fail(std::string("cannot create pipes: ") + std::strerror(errno), "spawn.pipe");
  }

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe.write_end(), STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err_pipe.write_end(), STDERR_FILENO);
  if (command.working_directory) {
    posix_spawn_file_actions_addchdir_np(&actions, command.working_directory->c_str());
  }
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  // A group of its own, so a timeout or a cancel reaches az's own children too.
  posix_spawnattr_setpgroup(&attributes, 0);
  sigset_t default_signals;
  sigemptyset(&default_signals);
  sigaddset(&default_signals, SIGINT);
  sigaddset(&default_signals, SIGTERM);
  sigaddset(&default_signals, SIGPIPE);
  posix_spawnattr_setsigdefault(&attributes, &default_signals);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF);

  auto argv_strings = command.argv;
  auto env_strings = build_environment(command.extra_env);
  auto argv = c_strings(argv_strings);
  auto envp = c_strings(env_strings);

  const auto started = std::chrono::steady_clock::now();
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, argv[0], &actions, &attributes, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  if (rc != 0) {
    std::string why = rc == ENOENT ? "not found on PATH" : std::strerror(rc);
    return fail("cannot start '" + command.argv[0] + "': " + why, "spawn.failed");
  }
  std::atomic<pid_t>* slot = nullptr;
  for (auto& candidate : g_child_groups) {
    pid_t empty = 0;
    if (candidate.compare_exchange_strong(empty, pid)) {
      slot = &candidate;
      break;
    }
  }
  // A signal between the check above and the slot: forward_signal did not see this child.
  if (int signal_number = g_interrupt.load(); signal_number != 0) ::kill(-pid, signal_number);
  out_pipe.close_write();
  err_pipe.close_write();

  Completed done;
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

  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (slot != nullptr) slot->store(0);
  // Everything downstream (JSON, annotations, the audit) needs valid UTF-8.
  done.out = util::valid_utf8(done.out);
  done.err = util::valid_utf8(done.err);
  done.duration = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - started);
  if (WIFEXITED(status)) {
    done.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    done.signal = WTERMSIG(status);
  }
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
