#include "bicep/bicepparam.hpp"

#include <cctype>

namespace bicepgate::bicep {
namespace {

bool identifier_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

// Past whitespace and comments from `i`; false at the end of the text.
void skip_trivia(std::string_view text, std::size_t& i, bool& line_start) {
  while (i < text.size()) {
    const char c = text[i];
    if (c == '\n') {
      line_start = true;
      ++i;
    } else if (c == ' ' || c == '\t' || c == '\r') {
      ++i;
    } else if (text.substr(i, 2) == "//") {
      while (i < text.size() && text[i] != '\n') ++i;
    } else if (text.substr(i, 2) == "/*") {
      auto end = text.find("*/", i + 2);
      i = end == std::string_view::npos ? text.size() : end + 2;
    } else {
      return;
    }
  }
}

// A single-quoted string starting at `i` (on the quote); `i` ends past it.
std::string read_string(std::string_view text, std::size_t& i) {
  if (text.substr(i, 3) == "'''") {  // multi-line: no escapes
    auto end = text.find("'''", i + 3);
    std::string value(text.substr(i + 3, end == std::string_view::npos ? end : end - i - 3));
    i = end == std::string_view::npos ? text.size() : end + 3;
    return value;
  }
  std::string value;
  for (++i; i < text.size() && text[i] != '\''; ++i) {
    if (text[i] == '\\' && i + 1 < text.size()) {
      const char next = text[++i];
      value += next == 'n' ? '\n' : next == 't' ? '\t' : next == 'r' ? '\r' : next;
    } else {
      value += text[i];
    }
  }
  if (i < text.size()) ++i;
  return value;
}

}  // namespace

std::optional<std::string> using_target(std::string_view text) {
  std::size_t i = 0;
  bool line_start = true;
  while (i < text.size()) {
    skip_trivia(text, i, line_start);
    if (i >= text.size()) break;
    const bool keyword = line_start && text.substr(i, 5) == "using" &&
                         (i + 5 == text.size() || !identifier_char(text[i + 5]));
    line_start = false;
    if (keyword) {
      i += 5;
      skip_trivia(text, i, line_start);
      if (i < text.size() && text[i] == '\'') return read_string(text, i);
      return std::nullopt;  // `using none`, or a syntax error the compiler reports
    }
    if (text[i] == '\'') {
      read_string(text, i);
    } else {
      ++i;
    }
  }
  return std::nullopt;
}

bool is_local_target(std::string_view target) {
  for (std::string_view scheme : {"br:", "br/", "ts:", "ts/"})
    if (target.substr(0, scheme.size()) == scheme) return false;
  return true;
}

}  // namespace bicepgate::bicep
