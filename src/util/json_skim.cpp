#include "util/json_skim.hpp"

#include <array>
#include <cmath>
#include <cstdlib>

namespace bicepgate::util::json_skim {
namespace {

// Bytes a string holds as they are: not '"', '\\', a control character or a UTF-8 lead.
constexpr std::array<bool, 256> kPlain = [] {
  std::array<bool, 256> plain{};
  for (int c = 0x20; c < 0x80; ++c) plain[static_cast<std::size_t>(c)] = c != '"' && c != '\\';
  return plain;
}();

bool in(unsigned char c, unsigned char low, unsigned char high) {
  return c >= low && c <= high;
}

// One UTF-8 sequence from its lead byte, with the ranges nlohmann's lexer accepts (RFC 3629:
// no overlong forms, no surrogates, nothing past U+10FFFF).
const char* scan_utf8(const char* p, const char* end) {
  const auto lead = static_cast<unsigned char>(*p);
  std::size_t tail = 0;
  unsigned char low = 0x80;
  unsigned char high = 0xBF;
  if (in(lead, 0xC2, 0xDF)) {
    tail = 1;
  } else if (in(lead, 0xE0, 0xEF)) {
    tail = 2;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (in(lead, 0xF0, 0xF4)) {
    tail = 3;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return nullptr;
  }
  if (static_cast<std::size_t>(end - p) <= tail) return nullptr;
  if (!in(static_cast<unsigned char>(p[1]), low, high)) return nullptr;
  for (std::size_t i = 2; i <= tail; ++i)
    if (!in(static_cast<unsigned char>(p[i]), 0x80, 0xBF)) return nullptr;
  return p + tail + 1;
}

bool in_range(long value, long low, long high) {
  return value >= low && value <= high;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// `p` at the 'u' of \uXXXX; -1 when the four are not hex digits.
long code_unit(const char* p, const char* end) {
  if (end - p < 5) return -1;
  long unit = 0;
  for (int i = 1; i <= 4; ++i) {
    const int digit = hex_digit(p[i]);
    if (digit < 0) return -1;
    unit = unit * 16 + digit;
  }
  return unit;
}

// `p` just past a backslash: the rest of the escape, surrogates paired as nlohmann requires.
const char* scan_escape(const char* p, const char* end) {
  if (p == end) return nullptr;
  switch (*p) {
    case '"':
    case '\\':
    case '/':
    case 'b':
    case 'f':
    case 'n':
    case 'r':
    case 't': return p + 1;
    case 'u': break;
    default: return nullptr;
  }
  const long unit = code_unit(p, end);
  if (unit < 0 || in_range(unit, 0xDC00, 0xDFFF)) return nullptr;
  p += 5;
  if (!in_range(unit, 0xD800, 0xDBFF)) return p;
  if (end - p < 2 || p[0] != '\\' || p[1] != 'u') return nullptr;
  const long low = code_unit(p + 1, end);
  if (!in_range(low, 0xDC00, 0xDFFF)) return nullptr;
  return p + 6;
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

}  // namespace

const char* skip_space(const char* p, const char* end) {
  while (p != end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')) ++p;
  return p;
}

const char* scan_string(const char* p, const char* end, bool& escaped) {
  ++p;  // the opening quote
  for (;;) {
    while (p != end && kPlain[static_cast<unsigned char>(*p)]) ++p;
    if (p == end) return nullptr;
    const auto c = static_cast<unsigned char>(*p);
    if (c == '"') return p + 1;
    if (c == '\\') {
      escaped = true;
      p = scan_escape(p + 1, end);
    } else if (c >= 0x80) {
      p = scan_utf8(p, end);
    } else {
      return nullptr;  // a control character
    }
    if (p == nullptr) return nullptr;
  }
}

const char* scan_number(const char* p, const char* end) {
  const char* start = p;
  bool integer = true;
  if (p != end && *p == '-') ++p;
  if (p == end || !is_digit(*p)) return nullptr;
  if (*p == '0') {
    ++p;
  } else {
    while (p != end && is_digit(*p)) ++p;
  }
  if (p != end && *p == '.') {
    integer = false;
    ++p;
    if (p == end || !is_digit(*p)) return nullptr;
    while (p != end && is_digit(*p)) ++p;
  }
  if (p != end && (*p == 'e' || *p == 'E')) {
    integer = false;
    ++p;
    if (p != end && (*p == '+' || *p == '-')) ++p;
    if (p == end || !is_digit(*p)) return nullptr;
    while (p != end && is_digit(*p)) ++p;
  }
  // nlohmann's parser refuses a number a double cannot hold ("number overflow parsing"): a
  // float, or an integer past 64 bits, which it reads as a float. Under 300 digits an integer
  // fits a double.
  if (!integer || p - start > 300) {
    const std::string text(start, p);
    if (!std::isfinite(std::strtod(text.c_str(), nullptr))) return nullptr;
  }
  return p;
}

const char* scan_literal(const char* p, const char* end, std::string_view literal) {
  if (static_cast<std::size_t>(end - p) < literal.size() ||
      std::string_view(p, literal.size()) != literal)
    return nullptr;
  return p + literal.size();
}

const char* skip_container(const char* p, const char* end, char open) {
  std::vector<char> stack = {open};
  bool after_comma = false;  // then a value or key must come, not a closing bracket
  for (;;) {
    p = skip_space(p, end);
    if (p == end) return nullptr;
    const char c = *p;
    const bool object = stack.back() == '{';
    if (!after_comma && c == (object ? '}' : ']')) {
      ++p;
      stack.pop_back();
    } else {
      if (object) {
        // A member's key and colon.
        bool escaped = false;
        if (c != '"') return nullptr;
        p = scan_string(p, end, escaped);
        if (p == nullptr) return nullptr;
        p = skip_space(p, end);
        if (p == end || *p != ':') return nullptr;
        p = skip_space(p + 1, end);
        if (p == end) return nullptr;
      }
      const char v = *p;
      if (v == '{' || v == '[') {
        stack.push_back(v);
        ++p;
        after_comma = false;
        continue;  // an empty container closes at once
      }
      if (v == '"') {
        bool escaped = false;
        p = scan_string(p, end, escaped);
      } else if (v == 't') {
        p = scan_literal(p, end, "true");
      } else if (v == 'f') {
        p = scan_literal(p, end, "false");
      } else if (v == 'n') {
        p = scan_literal(p, end, "null");
      } else {
        p = scan_number(p, end);
      }
      if (p == nullptr) return nullptr;
    }
    after_comma = false;
    // After a value (or a container just closed): a comma or the closing bracket.
    while (!stack.empty()) {
      p = skip_space(p, end);
      if (p == end) return nullptr;
      if (*p == ',') {
        ++p;
        break;
      }
      if (*p != (stack.back() == '{' ? '}' : ']')) return nullptr;
      ++p;
      stack.pop_back();
    }
    if (stack.empty()) return p;
    after_comma = true;  // in an array a value comes, in an object a key (both at the top)
  }
}

}  // namespace bicepgate::util::json_skim
