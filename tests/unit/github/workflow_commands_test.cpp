#include "github/workflow_commands.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <set>
#include <sstream>

#include "util/strings.hpp"

using namespace bicepgate::github;
using bicepgate::util::split_lines;

namespace {
// The runner's unescaping of command data, to prove a round trip restores the original text.
std::string runner_unescape(std::string text) {
  text = bicepgate::util::replace_all(text, "%0D", "\r");
  text = bicepgate::util::replace_all(text, "%0A", "\n");
  text = bicepgate::util::replace_all(text, "%3A", ":");
  text = bicepgate::util::replace_all(text, "%2C", ",");
  return bicepgate::util::replace_all(text, "%25", "%");
}
}  // namespace

TEST_CASE("data escapes percent, carriage return and newline") {
  CHECK(escape_data("100%\r\ndone") == "100%25%0D%0Adone");
  CHECK(escape_data("a:b,c") == "a:b,c");
}

TEST_CASE("properties also escape colon and comma") {
  CHECK(escape_property("C:\\a,b%\n") == "C%3A\\a%2Cb%25%0A");
}

TEST_CASE("an annotation carries file, line, column and title") {
  Annotation a;
  a.level = AnnotationLevel::kError;
  a.file = "bicep/main.bicep";
  a.line = 12;
  a.end_line = 14;
  a.column = 5;
  a.title = "Bicep BCP037";
  a.message = "The property \"lokation\" is not allowed.";
  CHECK(format_annotation(a) ==
        "::error file=bicep/main.bicep,line=12,endLine=14,col=5,title=Bicep BCP037::The property "
        "\"lokation\" is not allowed.");
}

TEST_CASE("warnings and notices use their own commands; absent properties are left out") {
  Annotation a;
  a.level = AnnotationLevel::kWarning;
  a.message = "careful";
  CHECK(format_annotation(a) == "::warning::careful");
  a.level = AnnotationLevel::kNotice;
  CHECK(format_annotation(a) == "::notice::careful");
}

TEST_CASE("a message containing a newline and ::error:: cannot start a second command") {
  std::ostringstream out;
  WorkflowCommands commands(out);
  Annotation a;
  a.message = "bad value\n::error::injected\r\n::add-mask::x";
  a.title = "t";
  commands.annotate(a);
  commands.flush_annotations();
  auto lines = split_lines(out.str());
  REQUIRE(lines.size() == 1);
  CHECK(lines[0] == "::error title=t::bad value%0A::error::injected%0D%0A::add-mask::x");
  CHECK(runner_unescape(lines[0].substr(lines[0].find("::", 2) + 2)) == a.message);
}

TEST_CASE("an already-escaped %0A in a message stays literal text, not a newline") {
  Annotation a;
  a.message = "look: %0A::error::not a command";
  auto line = format_annotation(a);
  CHECK(line == "::error::look: %250A::error::not a command");
  CHECK(runner_unescape(line.substr(9)) == a.message);
}

TEST_CASE("a property value cannot close the property list or the command") {
  Annotation a;
  a.file = "evil.bicep,line=1::error::x";
  a.message = "m";
  auto line = format_annotation(a);
  CHECK(line == "::error file=evil.bicep%2Cline=1%3A%3Aerror%3A%3Ax::m");
}

TEST_CASE("masks are announced once per line and per encoded form, and redact what we print") {
  std::ostringstream out;
  WorkflowCommands commands(out);
  commands.add_mask("s3cr3t-value");
  commands.add_mask("s3cr3t-value");
  commands.add_mask("line-one\nline-two");
  commands.log("token is s3cr3t-value and line-two, encoded czNjcjN0LXZhbHVl");
  auto lines = split_lines(out.str());
  std::vector<std::string> masks(lines.begin(), lines.end() - 1);
  auto announced = [&](const std::string& form) {
    return std::find(masks.begin(), masks.end(), "::add-mask::" + escape_data(form)) != masks.end();
  };
  CHECK(masks.front() == "::add-mask::s3cr3t-value");
  for (const auto& line : masks) CHECK(line.rfind("::add-mask::", 0) == 0);
  CHECK(announced("czNjcjN0LXZhbHVl"));  // base64
  CHECK(announced(bicepgate::github::base64_shift1_form("s3cr3t-value")));
  CHECK(announced("line-one\nline-two"));  // the whole value, escaped
  CHECK(announced("line-one"));
  CHECK(announced("line-two"));
  CHECK(std::set<std::string>(masks.begin(), masks.end()).size() == masks.size());
  CHECK(lines.back() == "token is *** and ***, encoded ***");
}

TEST_CASE("a secret is redacted from annotations too, even when masked after them") {
  std::ostringstream out;
  WorkflowCommands commands(out);
  Annotation a;
  a.message = "password hunter2 rejected";
  commands.annotate(a);
  commands.add_mask("hunter2");
  commands.flush_annotations();
  CHECK_THAT(out.str(), !Catch::Contains("password hunter2"));
  CHECK_THAT(out.str(), Catch::Contains("password *** rejected"));
}

TEST_CASE("plain log lines that look like commands are defused") {
  std::ostringstream out;
  WorkflowCommands commands(out);
  commands.log("fine\n::set-output name=x::y");
  auto lines = split_lines(out.str());
  REQUIRE(lines.size() == 2);
  CHECK(lines[1] == "> ::set-output name=x::y");
}

TEST_CASE("groups open and close") {
  std::ostringstream out;
  WorkflowCommands commands(out);
  commands.begin_group("lint\n::error::x");
  commands.end_group();
  CHECK(out.str() == "::group::lint%0A::error::x\n::endgroup::\n");
}

// ActionCommand.TryParseV2 trims leading whitespace (.NET's set, Unicode included) before
// looking for "::"; TryParse finds "##[" anywhere; both compare culture-sensitively.
TEST_CASE("lines the runner could read as commands are recognised") {
  for (const char* line : {"::error::x", "   ::error::x", "\t::add-mask::x",
                           "\xC2\xA0::error::x",      // no-break space
                           "\xE2\x80\x83::error::x",  // em space
                           "\xE2\x80\x8B::error::x",  // zero-width space, ignorable in ICU
                           "\x1C::warning::x",        // a separator .NET counts as whitespace
                           "az said ##[error]boom", "##[add-mask]x", "#\xE2\x80\x8B#[error]x",
                           "::stop-commands::abc"}) {
    INFO(line);
    CHECK(could_be_command(line));
  }
  for (const char* line : {"[info] ::error::x", "a::b::c", "## [error]", "# #[x]", "x:: y", ""}) {
    INFO(line);
    CHECK_FALSE(could_be_command(line));
  }
}

TEST_CASE("a neutralised line is readable and can no longer be read as a command") {
  CHECK(neutralise_line("  ::error::x") == ">   ::error::x");
  CHECK(neutralise_line("see ##[group]x") == "see ## [group]x");
  CHECK(neutralise_line("plain text") == "plain text");
  for (const char* line :
       {"::error::x", " \t::add-mask::x", "\xE2\x80\x8B::error::x", "##[error]a ##[warning]b",
        "#\xE2\x80\x8B#[error]x", "::##[x]", "###[x]", "\xC2\xA0\xC2\xA0::x::##[y]"}) {
    INFO(line);
    CHECK_FALSE(could_be_command(neutralise_line(line)));
  }
}

TEST_CASE("lines split where the runner's ReadLine splits them, a lone CR included") {
  auto lines = runner_lines("one\r::error::two\r\nthree\nfour");
  REQUIRE(lines.size() == 4);
  CHECK(lines[1] == "::error::two");
  std::ostringstream out;
  WorkflowCommands commands(out);
  commands.log("az: fine\r::error::injected\r\n  ::add-mask::x\n##[warning]y");
  for (const auto& line : runner_lines(out.str())) CHECK_FALSE(could_be_command(line));
}

TEST_CASE("raw text is shown between stop-commands and a random 32-character token") {
  std::ostringstream out;
  WorkflowCommands commands(out);
  commands.add_mask("hunter2");
  commands.log_raw("::error::not a command\npassword hunter2\n");
  auto lines = split_lines(out.str());
  std::vector<std::string> tail(lines.end() - 4, lines.end());
  REQUIRE(tail[0].rfind("::stop-commands::", 0) == 0);
  auto token = tail[0].substr(std::string("::stop-commands::").size());
  CHECK(token.size() == 32);
  CHECK(token.find_first_not_of("0123456789abcdef") == std::string::npos);
  CHECK(tail[1] == "::error::not a command");
  CHECK(tail[2] == "password ***");
  CHECK(tail[3] == "::" + token + "::");
  CHECK(stop_token() != stop_token());
}

TEST_CASE("with log lines on their own stream, raw text is printed as it is") {
  std::ostringstream commands_out;
  std::ostringstream log_out;
  WorkflowCommands commands(commands_out, log_out);
  commands.log_raw("::error::x");
  commands.log("::warning::y");
  CHECK(commands_out.str().empty());
  CHECK(log_out.str() == "::error::x\n> ::warning::y\n");
}

TEST_CASE("on one stream, log lines stay inside their group and after their mask") {
  std::ostringstream out;
  WorkflowCommands commands(out);
  commands.begin_group("lint");
  commands.add_mask("hunter2");
  commands.log("[info] lint: hunter2");
  commands.end_group();
  auto lines = split_lines(out.str());
  REQUIRE(lines.size() >= 4);
  CHECK(lines.front() == "::group::lint");
  CHECK(lines[1] == "::add-mask::hunter2");
  CHECK(lines[lines.size() - 2] == "[info] lint: ***");
  CHECK(lines.back() == "::endgroup::");
}

namespace {
Annotation error_at(const std::string& file, int line, const std::string& code) {
  Annotation a;
  a.file = file;
  a.line = line;
  a.title = "Bicep " + code;
  a.message = code + " message";
  return a;
}
}  // namespace

TEST_CASE("annotations wait for the flush, and the failure comes first") {
  std::ostringstream out;
  WorkflowCommands commands(out);
  commands.annotate(error_at("main.bicep", 3, "BCP037"));
  Annotation failure;
  failure.title = "bicepgate: lint failed";
  failure.message = "1 error";
  failure.explains_failure = true;
  commands.annotate(failure);
  CHECK(out.str().empty());
  commands.flush_annotations();
  auto lines = split_lines(out.str());
  REQUIRE(lines.size() == 2);
  CHECK(lines[0] == "::error title=bicepgate%3A lint failed::1 error");
  CHECK(lines[1].rfind("::error file=main.bicep,line=3", 0) == 0);
}

TEST_CASE("past ten of a level, the tenth annotation counts and lists the rest") {
  std::vector<Annotation> pending;
  for (int i = 1; i <= 25; ++i)
    pending.push_back(error_at("main.bicep", i, "BCP" + std::to_string(i)));
  Annotation failure;
  failure.message = "lint failed";
  failure.explains_failure = true;
  pending.push_back(failure);
  for (int i = 1; i <= 3; ++i) {
    Annotation w = error_at("main.bicep", i, "no-unused-params");
    w.level = AnnotationLevel::kWarning;
    pending.push_back(w);
  }
  auto planned = plan_annotations(pending);
  REQUIRE(planned.size() == 13);
  CHECK(planned[0].message == "lint failed");
  CHECK(planned[1].title == "Bicep BCP1");
  CHECK(planned[8].title == "Bicep BCP8");
  const auto& fold = planned[9];
  CHECK(fold.level == AnnotationLevel::kError);
  CHECK(fold.title == "bicepgate: 17 more errors");
  CHECK_THAT(fold.message, Catch::Contains("main.bicep:9 Bicep BCP9"));
  CHECK_THAT(fold.message, Catch::Contains("main.bicep:25 Bicep BCP25"));
  CHECK(planned[10].level == AnnotationLevel::kWarning);
  CHECK(planned.size() - 10 == 3);  // three warnings need no fold
}

TEST_CASE("exactly ten of a level are shown as they are") {
  std::vector<Annotation> pending;
  for (int i = 1; i <= 10; ++i) pending.push_back(error_at("a.bicep", i, "BCP"));
  CHECK(plan_annotations(pending).size() == 10);
  CHECK(plan_annotations(pending).back().line == 10);
}

TEST_CASE("messages are cut at 4,096 UTF-16 units with a marker, never inside a character") {
  CHECK(cut_message("short") == "short");
  std::string exact(kMaxAnnotationMessage, 'x');
  CHECK(cut_message(exact) == exact);
  // U+1F600 is two UTF-16 units: 3,000 of them are 6,000 units.
  std::string emoji;
  for (int i = 0; i < 3000; ++i) emoji += "\xF0\x9F\x98\x80";
  auto cut = cut_message(emoji);
  CHECK_THAT(cut, Catch::Contains("[cut: GitHub keeps 4,096 characters"));
  CHECK(bicepgate::util::valid_utf8(cut) == cut);
  std::size_t units = 0;
  for (unsigned char c : cut)
    if ((c & 0xC0U) != 0x80U) units += c >= 0xF0U ? 2 : 1;
  CHECK(units <= kMaxAnnotationMessage);
  CHECK(units > kMaxAnnotationMessage - 100);
  Annotation a;
  a.message = std::string(10000, 'y');
  CHECK(format_annotation(a).size() < 4200);
}

TEST_CASE("only GITHUB_ACTIONS=true means the runner reads the channel") {
  CHECK(audience_from("true") == Audience::kRunner);
  CHECK(audience_from(nullptr) == Audience::kTerminal);
  CHECK(audience_from("") == Audience::kTerminal);
  CHECK(audience_from("1") == Audience::kTerminal);
}

TEST_CASE("on a terminal no workflow command is written and masks still redact") {
  std::ostringstream out;
  WorkflowCommands commands(out, Audience::kTerminal);
  commands.add_mask("hunter2");
  commands.begin_group("lint");
  commands.log("[info] password hunter2");
  commands.debug("hunter2 debug");
  commands.log_raw("az said hunter2");
  commands.end_group();
  Annotation a = error_at("bicep/main.bicep", 12, "BCP037");
  a.message = "hunter2 is not allowed\nsecond line";
  commands.annotate(a);
  commands.flush_annotations();
  const auto text = out.str();
  CHECK(text.find("::") == std::string::npos);
  CHECK(text.find("hunter2") == std::string::npos);
  CHECK(text ==
        "==> lint\n"
        "[info] password ***\n"
        "az said ***\n"
        "error: bicep/main.bicep:12: Bicep BCP037: *** is not allowed\n"
        "  second line\n");
}

TEST_CASE("on a terminal every annotation is shown, the failure first, none folded") {
  std::ostringstream out;
  WorkflowCommands commands(out, Audience::kTerminal);
  for (int i = 1; i <= 12; ++i) commands.annotate(error_at("main.bicep", i, "BCP037"));
  Annotation failure;
  failure.title = "bicepgate: lint failed";
  failure.message = "12 errors";
  failure.explains_failure = true;
  commands.annotate(failure);
  commands.flush_annotations();
  auto lines = split_lines(out.str());
  REQUIRE(lines.size() == 13);
  CHECK(lines.front() == "error: bicepgate: lint failed: 12 errors");
  CHECK(lines.back() == "error: main.bicep:12: Bicep BCP037: BCP037 message");
}

TEST_CASE(
    "a terminal annotation names level, place and title; a message line cannot be a command") {
  Annotation a;
  a.level = AnnotationLevel::kWarning;
  a.file = "main.bicep";
  a.line = 3;
  a.column = 7;
  a.message = "careful";
  CHECK(format_terminal_annotation(a) == "warning: main.bicep:3:7: careful");
  std::ostringstream out;
  WorkflowCommands commands(out, Audience::kTerminal);
  a.message = "x\n::error::injected";
  commands.annotate(a);
  commands.flush_annotations();
  for (const auto& line : split_lines(out.str())) CHECK_FALSE(could_be_command(line));
}

TEST_CASE("the same annotation given twice is written once; one that differs is kept") {
  std::ostringstream out;
  WorkflowCommands commands(out, Audience::kTerminal);
  // A preview compiles the template the run compiled: its diagnostics come again.
  commands.annotate(error_at("main.bicep", 3, "BCP037"));
  commands.annotate(error_at("main.bicep", 3, "BCP037"));
  commands.annotate(error_at("main.bicep", 4, "BCP037"));
  auto warning = error_at("main.bicep", 3, "BCP037");
  warning.level = AnnotationLevel::kWarning;
  commands.annotate(warning);
  commands.flush_annotations();
  CHECK(split_lines(out.str()).size() == 3);
}
