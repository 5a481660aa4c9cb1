#include "util/subprocess.hpp"

#include <sys/wait.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <csignal>
#include <fstream>
#include <thread>

#include "support.hpp"

using namespace bicepgate::util;
using namespace std::chrono_literals;

TEST_CASE("output and exit code of a child are captured separately") {
  Command command;
  command.argv = {"sh", "-c", "echo out; echo err >&2; exit 3"};
  auto done = run(command);
  REQUIRE(done);
  CHECK(done->exit_code == 3);
  CHECK(done->out == "out\n");
  CHECK(done->err == "err\n");
  CHECK_FALSE(done->timed_out);
}

TEST_CASE("arguments reach the child verbatim, never through a shell") {
  Command command;
  command.argv = {"printf", "%s|", "a b", "$(id)", "; rm -rf /", "`x`"};
  auto done = run(command);
  REQUIRE(done);
  CHECK(done->out == "a b|$(id)|; rm -rf /|`x`|");
}

TEST_CASE("stdin is /dev/null, so a child that reads does not hang") {
  Command command;
  command.argv = {"cat"};
  command.timeout = 5s;
  auto done = run(command);
  REQUIRE(done);
  CHECK(done->exit_code == 0);
  CHECK(done->out.empty());
}

TEST_CASE("a missing program is an error naming it") {
  Command command;
  command.argv = {"bicepgate-no-such-program"};
  auto done = run(command);
  REQUIRE_FALSE(done);
  CHECK_THAT(done.error().message,
             Catch::Contains("bicepgate-no-such-program") && Catch::Contains("not found"));
}

TEST_CASE("a timeout kills the whole process group, grandchildren included") {
  bicepgate::testing::TempDir dir;
  auto marker = dir / "grandchild-survived";
  Command command;
  // The grandchild would write the marker after 2 s if it outlived the kill.
  command.argv = {"sh", "-c", "(sleep 2; touch " + marker.string() + ") & sleep 30"};
  command.timeout = 300ms;
  auto started = std::chrono::steady_clock::now();
  auto done = run(command);
  REQUIRE(done);
  CHECK(done->timed_out);
  CHECK(done->signal == SIGKILL);
  CHECK(std::chrono::steady_clock::now() - started < 10s);
  std::this_thread::sleep_for(2500ms);
  CHECK_FALSE(std::filesystem::exists(marker));
}

TEST_CASE("a child killed by a signal reports it") {
  Command command;
  command.argv = {"sh", "-c", "kill -TERM $$"};
  auto done = run(command);
  REQUIRE(done);
  CHECK(done->signal == SIGTERM);
}

TEST_CASE("extra environment variables reach the child and override ours") {
  Command command;
  command.argv = {"sh", "-c", "echo \"$BICEPGATE_TEST_VALUE|$HOME\""};
  command.extra_env = {{"BICEPGATE_TEST_VALUE", "v1"}, {"HOME", "/nowhere"}};
  auto done = run(command);
  REQUIRE(done);
  CHECK(done->out == "v1|/nowhere\n");
}

TEST_CASE("large output on both streams does not deadlock") {
  Command command;
  command.argv = {
      "sh", "-c",
      "head -c 300000 /dev/zero | tr '\\0' a; head -c 300000 /dev/zero | tr '\\0' b >&2"};
  auto done = run(command);
  REQUIRE(done);
  CHECK(done->out.size() == 300000);
  CHECK(done->err.size() == 300000);
}

namespace {
// Alive and not a zombie: an orphan may wait long for a reaper in a container.
bool running(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return false;
  auto state = line.find(") ");
  return state != std::string::npos && line[state + 2] != 'Z';
}
}  // namespace

TEST_CASE("a SIGKILLed parent leaves no child or grandchild running") {
  bicepgate::testing::TempDir dir;
  auto pids = dir / "pids";
  // A helper process stands for bicepgate: it runs a shell that starts a grandchild, then is
  // killed as the runner kills a job that ignores its cancel.
  pid_t helper = ::fork();
  REQUIRE(helper >= 0);
  if (helper == 0) {
    Command command;
    command.argv = {"sh", "-c", "sleep 60 & echo $$ $! > " + pids.string() + "; wait"};
    command.timeout = 60s;
    (void)run(command);
    ::_exit(0);
  }
  auto deadline = std::chrono::steady_clock::now() + 20s;
  pid_t shell = 0;
  pid_t grandchild = 0;
  while (std::chrono::steady_clock::now() < deadline && grandchild == 0) {
    std::ifstream in(pids);
    in >> shell >> grandchild;
    if (grandchild == 0) std::this_thread::sleep_for(50ms);
  }
  REQUIRE(grandchild > 0);
  REQUIRE(running(shell));
  REQUIRE(running(grandchild));
  ::kill(helper, SIGKILL);
  ::waitpid(helper, nullptr, 0);
  deadline = std::chrono::steady_clock::now() + 5s;
  while (std::chrono::steady_clock::now() < deadline && (running(shell) || running(grandchild)))
    std::this_thread::sleep_for(50ms);
  CHECK_FALSE(running(shell));
  CHECK_FALSE(running(grandchild));
  // Whatever the outcome, leave nothing behind.
  if (running(shell)) ::kill(shell, SIGKILL);
  if (running(grandchild)) ::kill(grandchild, SIGKILL);
}

TEST_CASE("a working directory that does not exist is an error naming the command") {
  Command command;
  command.argv = {"true"};
  command.working_directory = "/nonexistent/bicepgate-unit";
  auto done = run(command);
  REQUIRE_FALSE(done);
  CHECK(done.error().code == "spawn.failed");
  CHECK_THAT(done.error().message,
             Catch::Contains("'true'") && Catch::Contains("/nonexistent/bicepgate-unit"));
}
