#pragma once
// JSON held whole, fed to an nlohmann SAX handler with the containers it skips only checked, not
// lexed into values: most of az's what-if output is resource bodies nobody reads, and nlohmann's
// lexer builds every string of them one character at a time (bench/whatif_render.py).

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace bicepgate::util {

namespace json_skim {

// Each takes the first byte of its token and returns the byte after it, or nullptr when the text
// is not a token nlohmann's parser accepts there.
const char* skip_space(const char* p, const char* end);
// `escaped`: the string has an escape (its value then differs from its bytes).
const char* scan_string(const char* p, const char* end, bool& escaped);
const char* scan_number(const char* p, const char* end);
const char* scan_literal(const char* p, const char* end, std::string_view literal);
// `p` just past the '{' or '['; returns past the bracket that closes it. Not recursive: nesting
// as deep as the text allows costs a byte per level.
const char* skip_container(const char* p, const char* end, char open);

}  // namespace json_skim

// Pure. Calls `sax` as nlohmann::json::sax_parse(text, &sax) would on a valid document, except
// that a container after whose start event `sax.skipping()` is true is checked but its inner
// events are not sent (its end event is). Returns false when the text is not valid JSON or the
// handler stopped; the events sent so far are then meaningless, and the caller parses the text
// with nlohmann for its exact error. Valid means as nlohmann's strict parser reads it: RFC 8259,
// UTF-8 checked, a byte order mark skipped, numbers that overflow a double refused.
template <typename Sax>
bool skim_sax_parse(std::string_view text, Sax& sax) {
  namespace s = json_skim;
  using Json = nlohmann::json;
  constexpr std::size_t kUnknownSize = static_cast<std::size_t>(-1);
  const char* p = text.data();
  const char* const end = p + text.size();
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") p += 3;
  std::vector<char> open;  // the containers being read, '{' or '['
  std::string token;
  // The value of a string token as nlohmann gives it: its bytes unless it has an escape.
  auto string_at = [&](const char*& at) {
    bool escaped = false;
    const char* start = at;
    at = s::scan_string(at, end, escaped);
    if (at == nullptr) return false;
    if (escaped) {
      token = Json::parse(start, at).get<std::string>();
    } else {
      token.assign(start + 1, at - 1);
    }
    return true;
  };
  auto key_at = [&](const char*& at) {
    at = s::skip_space(at, end);
    if (at == end || *at != '"' || !string_at(at) || !sax.key(token)) return false;
    at = s::skip_space(at, end);
    if (at == end || *at != ':') return false;
    ++at;
    return true;
  };
  try {
    for (;;) {
      // A value.
      p = s::skip_space(p, end);
      if (p == end) return false;
      const char c = *p;
      if (c == '{' || c == '[') {
        const bool object = c == '{';
        ++p;
        if (!(object ? sax.start_object(kUnknownSize) : sax.start_array(kUnknownSize)))
          return false;
        bool closed = false;
        if (sax.skipping()) {
          p = s::skip_container(p, end, c);
          if (p == nullptr) return false;
          closed = true;
        } else {
          p = s::skip_space(p, end);
          if (p != end && *p == (object ? '}' : ']')) {
            ++p;
            closed = true;
          }
        }
        if (closed) {
          if (!(object ? sax.end_object() : sax.end_array())) return false;
        } else {
          open.push_back(c);
          if (object && !key_at(p)) return false;
          continue;
        }
      } else if (c == '"') {
        if (!string_at(p) || !sax.string(token)) return false;
      } else if (c == 't' || c == 'f' || c == 'n') {
        const std::string_view literal = c == 't' ? "true" : c == 'f' ? "false" : "null";
        p = s::scan_literal(p, end, literal);
        if (p == nullptr || !(c == 'n' ? sax.null() : sax.boolean(c == 't'))) return false;
      } else {
        const char* start = p;
        p = s::scan_number(p, end);
        if (p == nullptr) return false;
        // The number exactly as nlohmann's lexer types and converts it.
        const Json number = Json::parse(start, p);
        token.assign(start, p);
        bool sent = false;
        if (number.is_number_unsigned()) {
          sent = sax.number_unsigned(number.get<Json::number_unsigned_t>());
        } else if (number.is_number_integer()) {
          sent = sax.number_integer(number.get<Json::number_integer_t>());
        } else {
          sent = sax.number_float(number.get<Json::number_float_t>(), token);
        }
        if (!sent) return false;
      }
      // After a value: commas and closing brackets, up to the next value or the end.
      for (;;) {
        p = s::skip_space(p, end);
        // nlohmann's lexer ends the input at a NUL byte where a token starts.
        if (open.empty()) return p == end || *p == '\0';
        if (p == end) return false;
        const char next = *p++;
        if (next == ',') {
          if (open.back() == '{' && !key_at(p)) return false;
          break;
        }
        const bool object = open.back() == '{';
        if (next != (object ? '}' : ']')) return false;
        open.pop_back();
        if (!(object ? sax.end_object() : sax.end_array())) return false;
      }
    }
  } catch (const Json::exception&) {
    return false;  // a token that looked valid and was not: the caller's parse says why
  }
}

}  // namespace bicepgate::util
