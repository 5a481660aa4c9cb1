#include "github/workflow_commands.hpp"

#include <catch2/catch.hpp>
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

TEST_CASE("masks are announced once per line and redact what we print") {
  std::ostringstream out;
  WorkflowCommands commands(out);
  commands.add_mask("s3cr3t-value");
  commands.add_mask("s3cr3t-value");
  commands.add_mask("line-one\nline-two");
  commands.log("token is s3cr3t-value and line-two");
  auto lines = split_lines(out.str());
  REQUIRE(lines.size() == 4);
  CHECK(lines[0] == "::add-mask::s3cr3t-value");
  CHECK(lines[1] == "::add-mask::line-one");
  CHECK(lines[2] == "::add-mask::line-two");
  CHECK(lines[3] == "token is *** and ***");
}

TEST_CASE("a secret is redacted from annotations too") {
  std::ostringstream out;
  WorkflowCommands commands(out);
  commands.add_mask("hunter2");
  Annotation a;
  a.message = "password hunter2 rejected";
  commands.annotate(a);
  CHECK_THAT(out.str(), !Catch::Contains("password hunter2"));
  CHECK_THAT(out.str(), Catch::Contains("password *** rejected"));
}

TEST_CASE("plain log lines that look like commands are defused") {
  std::ostringstream out;
  WorkflowCommands commands(out);
  commands.log("fine\n::set-output name=x::y");
  auto lines = split_lines(out.str());
  REQUIRE(lines.size() == 2);
  CHECK(lines[1].rfind("::", 0) != 0);
}

TEST_CASE("groups open and close") {
  std::ostringstream out;
  WorkflowCommands commands(out);
  commands.begin_group("lint\n::error::x");
  commands.end_group();
  CHECK(out.str() == "::group::lint%0A::error::x\n::endgroup::\n");
}
