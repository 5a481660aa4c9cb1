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
  CHECK(util::read_file(path).value() == "## one\n\ntwo\n");
}

TEST_CASE("an appended block starts a paragraph of its own, even after an HTML block") {
  TempDir dir;
  auto path = dir / "summary.md";
  github::RunnerFiles files({{"GITHUB_STEP_SUMMARY", path.string()}});
  REQUIRE(files.append_summary("<details><summary>Plan</summary>\n\n| a |\n|---|\n\n</details>"));
  REQUIRE(files.append_summary("### Fix request\n\nWritten."));
  CHECK_THAT(util::read_file(path).value(), Catch::Contains("</details>\n\n### Fix request\n"));
}

TEST_CASE("outside Actions nothing is written and nothing fails") {
  github::RunnerFiles files({});
  CHECK_FALSE(files.has_outputs());
  CHECK(files.set_output("state", "completed"));
  CHECK(files.append_summary("x"));
}

// FileCommandManager.cs: CreateStepSummaryCommand.AttachmentSizeLimit = 1024 * 1024, and a
// larger file is not uploaded at all.
TEST_CASE("a summary that fits is kept whole") {
  CHECK(github::fit_summary("## ok\n", 100) == "## ok\n");
}

TEST_CASE("a summary too large is cut at a line, says what it left out and fits its room") {
  std::string markdown;
  for (int i = 0; i < 50000; ++i) markdown += "| row " + std::to_string(i) + " | caf\xC3\xA9 |\n";
  auto cut = github::fit_summary(markdown, 100000);
  CHECK(cut.size() <= 100000);
  CHECK(cut.size() > 99000);
  CHECK_THAT(cut, Catch::Contains("**Summary cut:**"));
  CHECK_THAT(cut,
             Catch::Contains(std::to_string(markdown.size() - cut.find("\n\n> **Summary cut"))));
  CHECK(util::valid_utf8(cut) == cut);
  CHECK(markdown.compare(0, cut.find("\n\n> **Summary cut"), cut, 0,
                         cut.find("\n\n> **Summary cut")) == 0);
}

TEST_CASE("a cut never splits a multi-byte character, even without line breaks") {
  std::string markdown;
  for (int i = 0; i < 1000; ++i) markdown += "\xF0\x9F\x98\x80";
  auto cut = github::fit_summary(markdown, 1001);
  CHECK(cut.size() <= 1001);
  CHECK(util::valid_utf8(cut) == cut);
  CHECK(github::fit_summary(markdown, 10).empty());  // not even the note fits
}

TEST_CASE("the step summary file stays under the budget across appends") {
  TempDir dir;
  auto path = dir / "summary.md";
  github::RunnerFiles files({{"GITHUB_STEP_SUMMARY", path.string()}});
  std::string big(700'000, 'a');
  for (std::size_t i = 80; i < big.size(); i += 81) big[i] = '\n';
  REQUIRE(files.append_summary(big));
  REQUIRE(files.append_summary(big));
  REQUIRE(files.append_summary("### Fix request\n\nsmall"));
  auto text = util::read_file(path).value();
  CHECK(text.size() <= github::kSummaryBudget);
  CHECK(text.size() < github::kSummaryLimit);
  CHECK_THAT(text, Catch::Contains("**Summary cut:**"));
}
