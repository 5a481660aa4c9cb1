#include "cli/run_setup.hpp"

#include <catch2/catch.hpp>

#include "support.hpp"

using namespace bicepgate;
using bicepgate::testing::TempDir;

TEST_CASE("under Actions a file in the workspace is given relative to it, for the host's steps") {
  // Inside the container the workspace is /github/workspace; a later step on the host runs in
  // the workspace's host path, where only the relative part means the same file.
  const std::filesystem::path workspace = "/github/workspace";
  CHECK(cli::path_for_output("/github/workspace/.bicepgate/audit/0a1b.json", workspace, true) ==
        ".bicepgate/audit/0a1b.json");
  CHECK(cli::path_for_output("/github/workspace/out/../reports/x.sarif", workspace, true) ==
        "reports/x.sarif");
  SECTION("a file outside the workspace keeps its path: nothing relative would reach it") {
    CHECK(cli::path_for_output("/tmp/fix.json", workspace, true) == "/tmp/fix.json");
    CHECK(cli::path_for_output("/github/workspace-2/fix.json", workspace, true) ==
          "/github/workspace-2/fix.json");
  }
  SECTION("on a laptop the absolute path stays") {
    CHECK(cli::path_for_output("/home/me/repo/.bicepgate/audit/0a1b.json", "/home/me/repo",
                               false) == "/home/me/repo/.bicepgate/audit/0a1b.json");
  }
  SECTION("GITHUB_ACTIONS=true is what says Actions") {
    github::EnvironmentMap env{{"GITHUB_ACTIONS", "true"}};
    CHECK(cli::path_for_output("/w/.bicepgate/f.json", "/w", env) == ".bicepgate/f.json");
    CHECK(cli::path_for_output("/w/.bicepgate/f.json", "/w", github::EnvironmentMap{}) ==
          "/w/.bicepgate/f.json");
  }
}

TEST_CASE("the fix-request goes into the workspace's .bicepgate folder by default") {
  CHECK(cli::default_fix_request_file("0123456789abcdef0123") ==
        ".bicepgate/fix-request-0123456789ab.json");
  auto audit = cli::audit_location("", "", "/github/workspace");
  CHECK(audit.dir == "/github/workspace/.bicepgate/audit");
}

TEST_CASE("bicepgate's own folder is not part of the change") {
  CHECK(cli::is_scratch_path(".bicepgate/fix-request-0123.json"));
  CHECK(cli::is_scratch_path(".bicepgate/audit/audit.db"));
  CHECK(cli::is_scratch_path(".bicepgate"));
  CHECK_FALSE(cli::is_scratch_path(".bicepgate.yml"));
  CHECK_FALSE(cli::is_scratch_path("bicep/.bicepgate/x"));
  CHECK_FALSE(cli::is_scratch_path(".github/bicepgate.yml"));
}

TEST_CASE("a new .bicepgate folder ignores itself; an existing one is left alone") {
  TempDir workspace;
  cli::prepare_scratch_dir(workspace.path(), workspace / "reports/audit");
  CHECK_FALSE(std::filesystem::exists(workspace / ".bicepgate"));
  cli::prepare_scratch_dir(workspace.path(), workspace / ".bicepgate/audit");
  auto ignore = util::read_file(workspace / ".bicepgate/.gitignore");
  REQUIRE(ignore);
  CHECK_THAT(*ignore, Catch::EndsWith("\n*\n"));

  TempDir committed;
  std::filesystem::create_directories(committed / ".bicepgate/audit");
  cli::prepare_scratch_dir(committed.path(), committed / ".bicepgate/audit");
  CHECK_FALSE(std::filesystem::exists(committed / ".bicepgate/.gitignore"));
}
