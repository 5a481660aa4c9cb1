#include "report/markdown.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <string_view>
#include <vector>

#include "util/strings.hpp"

using bicepgate::report::markdown_code;
using bicepgate::report::markdown_code_in_cell;
using bicepgate::report::markdown_text;

namespace {

const std::string kBreak = "\xE2\x80\x8B";  // U+200B, invisible

std::string without_breaks(std::string text) {
  for (auto at = text.find(kBreak); at != std::string::npos; at = text.find(kBreak))
    text.erase(at, kBreak.size());
  return text;
}

}  // namespace

TEST_CASE("plain names and messages pass through as they are") {
  CHECK(markdown_text("Microsoft.Storage/storageAccounts") == "Microsoft.Storage/storageAccounts");
  CHECK(markdown_text("redis-aos-prod") == "redis-aos-prod");
  CHECK(markdown_text("The template deployment is not valid.") ==
        "The template deployment is not valid.");
  CHECK(markdown_text("") == "");
}

TEST_CASE("a link or an image in outside text is escaped to plain characters") {
  CHECK(markdown_text("[x](https://evil)") == "\\[x\\](https:" + kBreak + "//evil)");
  CHECK(markdown_text("![p](https://evil/p.png)") ==
        "\\!\\[p\\](https:" + kBreak + "//evil/p.png)");
}

TEST_CASE("HTML tags and entities in outside text stay text") {
  CHECK(markdown_text("<img src=x onerror=alert(1)>") == "\\<img src=x onerror=alert(1)\\>");
  CHECK(markdown_text("&lt;b&gt; &#64;") == "\\&lt;b\\&gt; \\&\\#" + kBreak + "64;");
}

TEST_CASE("bare URLs and www. names cannot become autolinks") {
  auto url = markdown_text("see https://evil.example/x now");
  CHECK(url == "see https:" + kBreak + "//evil.example/x now");
  auto www = markdown_text("see www.evil.example and WWW.evil.example");
  CHECK(www == "see www" + kBreak + ".evil.example and WWW" + kBreak + ".evil.example");
  CHECK(markdown_text("<https://evil.example>") == "\\<https:" + kBreak + "//evil.example\\>");
}

TEST_CASE("mentions, team mentions and e-mail addresses get a break after the @") {
  CHECK(markdown_text("@octocat") == "@" + kBreak + "octocat");
  CHECK(markdown_text("cc @org/team") == "cc @" + kBreak + "org/team");
  CHECK(markdown_text("ops@contoso.com") == "ops@" + kBreak + "contoso.com");
}

TEST_CASE("issue references cannot link: #1, GH-1, owner/repo#1") {
  CHECK(markdown_text("#1") == "\\#" + kBreak + "1");
  CHECK(markdown_text("fixes GH-12 and gh-3") ==
        "fixes GH-" + kBreak + "12 and gh-" + kBreak + "3");
  CHECK(markdown_text("contoso/platform#7") == "contoso/platform\\#" + kBreak + "7");
  CHECK(markdown_text("high-3") == "high-3");  // only GH- is a reference
}

TEST_CASE("emphasis, code, strikethrough and math markers are escaped") {
  CHECK(markdown_text("*a* _b_ ~c~ `d` $e$ \\") == "\\*a\\* \\_b\\_ \\~c\\~ \\`d\\` \\$e\\$ \\\\");
}

TEST_CASE("a pipe stays inside its cell and a line break stays inside its row") {
  CHECK(markdown_text("a|b\nc\r\nd\re") == "a\\|b<br>c<br>d<br>e");
  CHECK(markdown_text("tab\there\x01") == "tab here");
}

TEST_CASE("text after a list marker cannot start a block of its own") {
  CHECK(markdown_text("- nested") == "\\- nested");
  CHECK(markdown_text("+ nested") == "\\+ nested");
  CHECK(markdown_text("1. ordered") == "1\\. ordered");
  CHECK(markdown_text("12) ordered") == "12\\) ordered");
  CHECK(markdown_text("# heading") == "\\#" + kBreak + " heading");
  CHECK(markdown_text("> quote") == "\\> quote");
  CHECK(markdown_text("      indented code") == "indented code");
  CHECK(markdown_text("a - b 1. c") == "a - b 1. c");
  CHECK(markdown_text("127.0.0.1:443") == "127.0.0.1:443");
  CHECK(markdown_text("2.45.0") == "2.45.0");
  CHECK(markdown_text("-x") == "-x");
  CHECK(markdown_text("-") == "\\-");
}

TEST_CASE("the escapes change no visible character") {
  const std::string hostile = "a`b @octocat [x](https://evil) <i>#1</i> www.e.x | GH-2 *s* \\";
  auto text = without_breaks(markdown_text(hostile));
  std::string unescaped;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size()) ++i;
    unescaped += text[i];
  }
  CHECK(unescaped == hostile);
}

TEST_CASE("a code span's fence is longer than any backtick run inside") {
  CHECK(markdown_code("sku.name") == "`sku.name`");
  CHECK(markdown_code("a`b") == "``a`b``");
  CHECK(markdown_code("a``b```c") == "````a``b```c````");
  // The hole of issue 15: a backtick in a property path closed the span and let a link out.
  CHECK(markdown_code("tags.x` [x](https://evil) @octocat `") ==
        "`` tags.x` [x](https://evil) @octocat ` ``");
}

TEST_CASE("a code span is padded where CommonMark would strip or merge its edges") {
  CHECK(markdown_code("`start") == "`` `start ``");
  CHECK(markdown_code("end`") == "`` end` ``");
  CHECK(markdown_code(" both ") == "`  both  `");
  CHECK(markdown_code(" lead") == "` lead`");
  CHECK(markdown_code("  ") == "`  `");
  CHECK(markdown_code("") == "` `");
}

TEST_CASE("a code span is one line, and in a table cell its pipes are escaped") {
  CHECK(markdown_code("a\nb\r\nc") == "`a b  c`");
  CHECK(markdown_code("a|b") == "`a|b`");
  CHECK(markdown_code_in_cell("a|b") == "`a\\|b`");
  // cmark-gfm drops one backslash before each pipe in a cell, whatever came before it.
  CHECK(markdown_code_in_cell("a\\|b") == "`a\\\\|b`");
}

TEST_CASE("invalid UTF-8 is replaced, not passed on") {
  auto text = markdown_text(std::string("a\xFF") + "b");
  CHECK(text.find('\xFF') == std::string::npos);
  auto code = markdown_code(std::string("a\xFF") + "b");
  CHECK(code.find('\xFF') == std::string::npos);
}

namespace {

// Deterministic strings of the characters (and words) that Markdown and GitHub give a meaning.
std::vector<std::string> tricky_strings() {
  static const std::vector<std::string> kPieces = {
      "a",  "1", " ", "`", "``",  "\\", "|",  "[",  "]",  "(", ")",
      "<",  ">", "!", "@", "#",   "*",  "_",  "~",  "&",  "$", ":",
      "//", ".", "-", "+", "www", "GH", "\n", "\r", "\t", "é", "https"};
  std::vector<std::string> out;
  std::uint32_t state = 15;
  for (int n = 0; n < 3000; ++n) {
    std::string text;
    const int length = 1 + n % 12;
    for (int k = 0; k < length; ++k) {
      state = state * 1664525U + 1013904223U;
      text += kPieces[(state >> 16) % kPieces.size()];
    }
    out.push_back(text);
  }
  return out;
}

std::string one_line(std::string text) {
  for (auto& c : text) {
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  }
  return text;
}

// What CommonMark reads back out of a code span (spec 0.31.2 §6.1), or "" when `span` is not one.
std::string code_span_content(const std::string& span) {
  std::size_t n = span.find_first_not_of('`');
  if (n == 0 || n == std::string::npos || span.size() < 2 * n) return "";
  if (span.compare(span.size() - n, n, std::string(n, '`')) != 0) return "";
  std::string inner = span.substr(n, span.size() - 2 * n);
  if (inner.empty() || inner.front() == '`' || inner.back() == '`') return "";
  for (std::size_t i = 0; i < inner.size();) {
    std::size_t run = 0;
    while (i + run < inner.size() && inner[i + run] == '`') ++run;
    if (run == n) return "";  // would close the span early
    i += run == 0 ? 1 : run;
  }
  if (inner.size() >= 2 && inner.front() == ' ' && inner.back() == ' ' &&
      inner.find_first_not_of(' ') != std::string::npos)
    inner = inner.substr(1, inner.size() - 2);
  return inner;
}

}  // namespace

TEST_CASE("every code span reads back as its one-line text, in a cell or not") {
  for (const auto& text : tricky_strings()) {
    INFO(text);
    const auto expected = one_line(text);
    CHECK(code_span_content(markdown_code(text)) == expected);
    auto in_cell = code_span_content(markdown_code_in_cell(text));
    for (std::size_t at = in_cell.find('|'); at != std::string::npos;
         at = in_cell.find('|', at + 1))
      CHECK((at > 0 && in_cell[at - 1] == '\\'));  // no pipe ends the cell
    CHECK(bicepgate::util::replace_all(in_cell, "\\|", "|") == expected);
  }
}

TEST_CASE("all text reads back as itself, and nothing in it is live") {
  for (const auto& text : tricky_strings()) {
    INFO(text);
    const auto md = without_breaks(markdown_text(text));
    std::string back;
    for (std::size_t i = 0; i < md.size(); ++i) {
      if (md.compare(i, 4, "<br>") == 0) {
        back += '\n';
        i += 3;
        continue;
      }
      // Nothing that opens a construct is left unescaped.
      CHECK(std::string_view("`*_~[]!<>&|#$").find(md[i]) == std::string_view::npos);
      if (md[i] == '\\') ++i;
      if (i < md.size()) back += md[i];
    }
    std::string expected = bicepgate::util::replace_all(text, "\r\n", "\n");
    std::replace(expected.begin(), expected.end(), '\r', '\n');
    for (auto& c : expected) {
      if (c != '\n' && static_cast<unsigned char>(c) < 0x20) c = ' ';
    }
    expected.erase(0, expected.find_first_not_of(' '));
    while (!expected.empty() && expected.back() == ' ') expected.pop_back();
    CHECK(back == expected);
  }
}
