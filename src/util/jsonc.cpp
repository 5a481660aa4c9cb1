#include "util/jsonc.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <utility>
#include <vector>

namespace bicepgate::util {
namespace {

// az reads `--parameters @file` with azure/cli/command_modules/resource/custom.py
// `_remove_comments_from_json`: a regex drops comment lines, `json_min` (jsmin) drops every
// other comment outside quotes, then `shell_safe_json_parse(..., strict=False)` (core/util.py)
// parses with Python's json (control characters allowed inside strings) and, when that fails,
// with `ast.literal_eval`, which takes trailing commas but knows no true, false or null.
// `read_file_content` tries 'utf-8-sig' first: a UTF-8 byte order mark is dropped.

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

struct Place {
  int line = 1;
  int column = 1;
};

// Columns count characters (UTF-8 lead bytes), as editors show them.
Place place_of(std::string_view text, std::size_t offset) {
  Place at;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++at.line;
      at.column = 1;
    } else if ((c & 0xC0U) != 0x80U) {
      ++at.column;
    }
  }
  return at;
}

Error error_at(std::string_view text, std::size_t offset, std::string what) {
  auto at = place_of(text, offset);
  return Error{std::move(what), "json.invalid", {}, at.line, at.column};
}

bool is_json_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool is_word(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// Where the converted text grew (a control character became an escape), to map an offset in
// it back to the source.
struct Growth {
  std::size_t at;     // offset in the converted text just past the escape
  std::size_t extra;  // bytes added
};

std::size_t source_offset(const std::vector<Growth>& growth, std::size_t offset) {
  std::size_t extra = 0;
  for (const auto& g : growth) {
    if (g.at > offset) break;
    extra += g.extra;
  }
  return offset >= extra ? offset - extra : 0;
}

struct Converted {
  std::string json;
  std::vector<Growth> growth;
  std::vector<std::size_t> tokens;  // where each token starts in `json`, ascending
};

// The start of the token nlohmann stopped in (it reports the offset past what it read).
std::size_t token_start(const Converted& converted, std::size_t offset) {
  if (offset >= converted.json.size()) return offset;
  auto after = std::upper_bound(converted.tokens.begin(), converted.tokens.end(), offset);
  return after == converted.tokens.begin() ? offset : *(after - 1);
}

Result<Converted> convert(std::string_view text) {
  Converted out;
  out.json.reserve(text.size());
  std::size_t pending_comma = std::string::npos;  // in out.json: a comma nothing but blanks follow
  std::size_t pending_comma_source = 0;
  std::size_t trailing_comma = std::string::npos;  // in text: the first comma dropped
  bool bare_literal = false;                       // true, false or null outside strings
  const std::size_t n = text.size();
  for (std::size_t i = 0; i < n;) {
    const char c = text[i];
    if (c == '"') {
      const std::size_t opened = i;
      out.tokens.push_back(out.json.size());
      out.json += '"';
      for (++i;; ++i) {
        if (i >= n)
          return fail(error_at(text, opened, "a string that is never closed starts here"));
        const auto ch = static_cast<unsigned char>(text[i]);
        if (ch == '\\' && i + 1 < n) {
          out.json += text[i];
          out.json += text[++i];
        } else if (ch == '"') {
          out.json += '"';
          ++i;
          break;
        } else if (ch < 0x20U) {
          // Python's json with strict=False keeps a raw control character; JSON escapes it.
          static constexpr char kHex[] = "0123456789abcdef";
          out.json += "\\u00";
          out.json += kHex[ch >> 4U];
          out.json += kHex[ch & 0xFU];
          out.growth.push_back({out.json.size(), 5});
        } else {
          out.json += text[i];
        }
      }
      pending_comma = std::string::npos;
    } else if (c == '/' && i + 1 < n && text[i + 1] == '/') {
      for (; i < n && text[i] != '\n'; ++i) out.json += ' ';
    } else if (c == '/' && i + 1 < n && text[i + 1] == '*') {
      auto end = text.find("*/", i + 2);
      if (end == std::string_view::npos)
        return fail(error_at(text, i, "a /* comment that is never closed starts here"));
      for (; i < end + 2; ++i) out.json += text[i] == '\n' ? '\n' : ' ';
    } else if (c == ',') {
      out.tokens.push_back(out.json.size());
      pending_comma = out.json.size();
      pending_comma_source = i;
      out.json += c;
      ++i;
    } else if (c == '}' || c == ']') {
      if (pending_comma != std::string::npos) {
        out.json[pending_comma] = ' ';
        if (trailing_comma == std::string::npos) trailing_comma = pending_comma_source;
      }
      pending_comma = std::string::npos;
      out.tokens.push_back(out.json.size());
      out.json += c;
      ++i;
    } else if (is_json_space(c)) {
      out.json += c;
      ++i;
    } else {
      std::size_t end = i;
      while (end < n && is_word(text[end])) ++end;
      if (end == i) end = i + 1;
      auto word = text.substr(i, end - i);
      if (word == "true" || word == "false" || word == "null") bare_literal = true;
      out.tokens.push_back(out.json.size());
      out.json.append(word);
      i = end;
      pending_comma = std::string::npos;
    }
  }
  if (trailing_comma != std::string::npos && bare_literal) {
    return fail(error_at(text, trailing_comma,
                         "a trailing comma: az reads a file with trailing commas only through "
                         "Python's literal syntax, which has no true, false or null; remove the "
                         "comma"));
  }
  return out;
}

// nlohmann's parse error without the text it last read (which may be a secret): "syntax error
// while parsing object - unexpected '}'; expected string literal".
std::string describe(const nlohmann::json::parse_error& e) {
  std::string what = e.what();
  auto column = what.find(", column ");
  auto start = column == std::string::npos ? std::string::npos : what.find(": ", column);
  std::string message = start == std::string::npos ? what : what.substr(start + 2);
  auto last_read = message.find("; last read: ");
  if (last_read == std::string::npos) return message;
  static constexpr std::array<std::string_view, 12> kTokens = {"string literal",
                                                               "number literal",
                                                               "'['",
                                                               "'{'",
                                                               "']'",
                                                               "'}'",
                                                               "':'",
                                                               "','",
                                                               "end of input",
                                                               "'[', '{', or a literal",
                                                               "true literal",
                                                               "false literal"};
  std::string head = message.substr(0, last_read);
  for (auto token : kTokens) {
    std::string tail = "; expected " + std::string(token);
    if (message.size() >= tail.size() &&
        message.compare(message.size() - tail.size(), tail.size(), tail) == 0) {
      return head + tail;
    }
  }
  return head;
}

// Where the first number too large for a double starts (0 when none is found).
std::size_t overflowing_number(const Converted& converted) {
  for (auto start : converted.tokens) {
    const char c = converted.json[start];
    if (c != '-' && (c < '0' || c > '9')) continue;
    errno = 0;
    const double value = std::strtod(converted.json.c_str() + start, nullptr);
    if (errno == ERANGE && std::isinf(value)) return start;
  }
  return 0;
}

// Drops a UTF-8 byte order mark from `text`; refuses UTF-16, which bicepgate does not read.
Result<Converted> convert_file(std::string_view& text) {
  if (text.substr(0, 2) == "\xFF\xFE" || text.substr(0, 2) == "\xFE\xFF")
    return fail(Error{"the file is UTF-16; save it as UTF-8", "json.invalid", {}, 1, 1});
  if (text.substr(0, kUtf8Bom.size()) == kUtf8Bom) text.remove_prefix(kUtf8Bom.size());
  return convert(text);
}

}  // namespace

Result<std::string> jsonc_to_json(std::string_view text) {
  auto converted = convert_file(text);
  if (!converted) return fail(converted.error());
  return std::move(converted->json);
}

Result<nlohmann::json> parse_jsonc(std::string_view text, const std::string& name) {
  auto located = [&](Error error) {
    error.message = name + ":" + std::to_string(error.line) + ":" + std::to_string(error.column) +
                    ": " + error.message;
    error.file = name;
    return fail(std::move(error));
  };
  auto converted = convert_file(text);
  if (!converted) return located(converted.error());
  const auto& json = converted->json;
  auto first = json.find_first_not_of(" \t\r\n");
  if (first == std::string::npos)
    return located(error_at(text, text.size(), "the file is empty; expected a JSON object"));
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(json);
  } catch (const nlohmann::json::parse_error& e) {
    auto offset = token_start(*converted, e.byte == 0 ? 0 : e.byte - 1);
    return located(error_at(text, source_offset(converted->growth, offset), describe(e)));
  } catch (const nlohmann::json::exception&) {
    // A number past a double's range (out_of_range.406, whose text quotes the number).
    return located(error_at(text, source_offset(converted->growth, overflowing_number(*converted)),
                            "a number out of the range of a 64-bit float"));
  }
  if (!doc.is_object()) {
    return located(error_at(
        text, source_offset(converted->growth, first),
        "expected a JSON object ({\"parameters\": {...}}), found " + std::string(doc.type_name())));
  }
  return doc;
}

}  // namespace bicepgate::util
