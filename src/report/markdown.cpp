#include "report/markdown.hpp"

#include <algorithm>
#include <cctype>

#include "util/strings.hpp"

namespace bicepgate::report {
namespace {

// U+200B ZERO WIDTH SPACE: invisible, and no word character, so a pattern that GitHub turns into
// a link or a mention no longer matches once it sits inside (`@​octocat`, `#​1`,
// `https:​//`). Backslash escapes cannot do that job: GitHub finds mentions and references in the
// rendered text, after the escapes are gone, and cmark-gfm still links `a\@b.co` as an e-mail
// address.
constexpr std::string_view kBreak = "\xE2\x80\x8B";

char lower(char c) {
  return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

bool follows(std::string_view text, std::size_t i, std::string_view word) {
  if (i < word.size()) return false;
  for (std::size_t k = 0; k < word.size(); ++k) {
    if (lower(text[i - word.size() + k]) != word[k]) return false;
  }
  return true;
}

bool is_digit(std::string_view text, std::size_t i) {
  return i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) != 0;
}

bool is_control(char c) {
  return static_cast<unsigned char>(c) < 0x20 || c == 0x7F;
}

// Punctuation that opens or closes an inline construct in CommonMark or GFM: code (`), emphasis
// and strikethrough (* _ ~), links and images ([ ] !), raw HTML and autolinks (< >), entities
// (&), table cells (|), headings (#), block quotes (>), math ($) and the escape itself (\).
// CommonMark 0.31.2 §2.4: any ASCII punctuation may be backslash-escaped and is then literal,
// and `\&ouml;` is no entity (https://spec.commonmark.org/0.31.2/#backslash-escapes); GFM §4.10
// escapes a table pipe the same way (https://github.github.com/gfm/#tables-extension-); GitHub
// math: "\$" (docs.github.com/en/get-started/writing-on-github/working-with-advanced-formatting/
// writing-mathematical-expressions).
bool needs_escape(char c) {
  static constexpr std::string_view kSyntax = "\\`*_~[]!<>&|#$";
  return kSyntax.find(c) != std::string_view::npos;
}

// The text as a code span's content: one line (CommonMark turns a line ending in a code span into
// a space anyway, but in a table it would end the row first).
std::string one_line(std::string_view text) {
  std::string line = util::valid_utf8(text);
  for (auto& c : line) {
    if (is_control(c)) c = ' ';
  }
  return line;
}

std::string code_span(std::string_view text, bool in_cell) {
  std::string content = one_line(text);
  if (content.empty()) content.push_back(' ');
  // CommonMark 0.31.2 §6.1 (https://spec.commonmark.org/0.31.2/#code-spans): a span ends at the
  // first backtick string as long as the one that opened it, and when the content both begins and
  // ends with a space (and is not all spaces) one space is stripped from each end. So the fence is
  // one longer than the longest run inside, and a pad goes where a backtick touches the fence or
  // where the content's own edge spaces would be stripped.
  std::size_t longest = 0;
  std::size_t run = 0;
  for (char c : content) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  const bool all_spaces = content.find_first_not_of(' ') == std::string::npos;
  const bool pad = content.front() == '`' || content.back() == '`' ||
                   (!all_spaces && content.front() == ' ' && content.back() == ' ');
  if (in_cell) {
    // GFM splits a table row at every unescaped `|` before it reads code spans, then drops the
    // backslash of each `\|` (https://github.github.com/gfm/#example-200; cmark-gfm turns `a\\|b`
    // in a cell into <code>a\|b</code>), so every pipe gets one backslash, whatever precedes it.
    content = util::replace_all(content, "|", "\\|");
  }
  std::string span(longest + 1, '`');
  if (pad) span += ' ';
  span += content;
  if (pad) span += ' ';
  span.append(longest + 1, '`');
  return span;
}

}  // namespace

std::string markdown_text(std::string_view raw) {
  const std::string text = util::valid_utf8(raw);
  std::size_t start = text.find_first_not_of(" \t");
  if (start == std::string::npos) return {};
  std::string out;
  out.reserve(text.size() + text.size() / 4);
  // A block marker at the start of a list item's text would open a nested list or a heading;
  // escaped, it is text. (#, > and * are escaped everywhere below.)
  std::size_t digits_end = start;
  while (is_digit(text, digits_end)) ++digits_end;
  for (std::size_t i = start; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      out += "<br>";  // ours, not the data's: a line break inside one table cell or list item
      continue;
    }
    if (is_control(c)) {
      out += ' ';
      continue;
    }
    // A list marker needs a space or the end of the line after it; = and --- underline only the
    // line before them, and no line break is left in the output.
    const bool marker_end = i + 1 == text.size() || text[i + 1] == ' ' || text[i + 1] == '\t';
    const bool block_marker =
        marker_end && ((i == start && (c == '-' || c == '+')) ||
                       (i == digits_end && digits_end > start && (c == '.' || c == ')')));
    // GFM §6.9 extended autolinks start at `www.` and at a scheme's `://`
    // (https://github.github.com/gfm/#autolinks-extension-).
    if (c == '.' && follows(text, i, "www")) out += kBreak;
    if (needs_escape(c) || block_marker) out += '\\';
    out += c;
    // `@user`, `@org/team`, `user@sha` and e-mail autolinks need a word character right after the
    // `@`; `#1`, `owner/repo#1` and `GH-1` a digit right after the `#` or `-`
    // (docs.github.com/en/get-started/writing-on-github/working-with-advanced-formatting/
    // autolinked-references-and-urls).
    if (c == '@' || c == '#') out += kBreak;
    if (c == '-' && follows(text, i, "gh") && is_digit(text, i + 1) &&
        (i < 3 || std::isalnum(static_cast<unsigned char>(text[i - 3])) == 0))
      out += kBreak;
    if (c == ':' && text.compare(i + 1, 2, "//") == 0) out += kBreak;
  }
  // Every backslash of the data was doubled, so none is left to escape what the caller writes next.
  while (!out.empty() && (out.back() == ' ' || out.back() == '\t')) out.pop_back();
  return out;
}

std::string markdown_code(std::string_view text) {
  return code_span(text, false);
}

std::string markdown_code_in_cell(std::string_view text) {
  return code_span(text, true);
}

}  // namespace bicepgate::report
