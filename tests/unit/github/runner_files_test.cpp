#include "github/runner_files.hpp"

#include <catch2/catch.hpp>

#include "support.hpp"
#include "util/files.hpp"
#include "util/strings.hpp"

using namespace bicepgate;
using bicepgate::testing::TempDir;

TEST_CASE("an output is written as a heredoc block with its delimiter") {
  auto block = github::format_output("state", "completed", "ghadelimiter_abc");
  REQUIRE(block);
  CHECK(*block == "state<<ghadelimiter_abc\ncompleted\nghadelimiter_abc\n");
}

TEST_CASE("a value containing the delimiter is refused rather than cut short") {
  auto block = github::format_output("x", "a\nghadelimiter_abc\nstate<<y", "ghadelimiter_abc");
  REQUIRE_FALSE(block);
  CHECK(block.error().code == "output.delimiter");
}

TEST_CASE("output names that would break the file format are refused") {
  for (const char* name : {"", "a\nb", "a=b", "a<<b"}) {
    CHECK_FALSE(github::format_output(name, "v", "d"));
  }
}

TEST_CASE("outputs go to GITHUB_OUTPUT with a fresh random delimiter each") {
  TempDir dir;
  auto path = dir / "output";
  github::RunnerFiles files({{"GITHUB_OUTPUT", path.string()}});
  REQUIRE(files.set_output("outputs", "{\"a\":1}\nsecond line"));
  REQUIRE(files.set_output("state", "completed"));
  auto lines = util::split_lines(util::read_file(path).value());
  REQUIRE(lines.size() == 7);
  CHECK(lines[0].rfind("outputs<<ghadelimiter_", 0) == 0);
  auto delimiter = lines[0].substr(std::string("outputs<<").size());
  CHECK(delimiter.size() > std::string("ghadelimiter_").size() + 16);
  CHECK(lines[1] == "{\"a\":1}");
  CHECK(lines[2] == "second line");
  CHECK(lines[3] == delimiter);
  CHECK(lines[4].rfind("state<<", 0) == 0);
  CHECK(lines[4] != "state<<" + delimiter);
}

TEST_CASE("the summary is appended as Markdown") {
  TempDir dir;
  auto path = dir / "summary.md";
  github::RunnerFiles files({{"GITHUB_STEP_SUMMARY", path.string()}});
  REQUIRE(files.append_summary("## one"));
  REQUIRE(files.append_summary("two\n"));
  CHECK(util::read_file(path).value() == "## one\ntwo\n");
}

TEST_CASE("outside Actions nothing is written and nothing fails") {
  github::RunnerFiles files({});
  CHECK_FALSE(files.has_outputs());
  CHECK(files.set_output("state", "completed"));
  CHECK(files.append_summary("x"));
}
