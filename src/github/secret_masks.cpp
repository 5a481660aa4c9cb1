#include "github/secret_masks.hpp"

#include <algorithm>

#include "util/strings.hpp"

namespace bicepgate::github {
namespace {

// .NET strings count UTF-16 code units; the runner's length tests are in those.
std::size_t utf16_length(const std::string& text) {
  std::size_t units = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0U) != 0x80U) ++units;  // a lead byte starts a code point
    if (c >= 0xF0U) ++units;            // four-byte sequences are surrogate pairs
  }
  return units;
}

std::string base64(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    auto n = (static_cast<unsigned>(static_cast<unsigned char>(bytes[i])) << 16U) |
             (static_cast<unsigned>(static_cast<unsigned char>(bytes[i + 1])) << 8U) |
             static_cast<unsigned>(static_cast<unsigned char>(bytes[i + 2]));
    out += kAlphabet[(n >> 18U) & 63U];
    out += kAlphabet[(n >> 12U) & 63U];
    out += kAlphabet[(n >> 6U) & 63U];
    out += kAlphabet[n & 63U];
  }
  if (i + 1 == bytes.size()) {
    auto n = static_cast<unsigned>(static_cast<unsigned char>(bytes[i])) << 16U;
    out += kAlphabet[(n >> 18U) & 63U];
    out += kAlphabet[(n >> 12U) & 63U];
    out += "==";
  } else if (i + 2 == bytes.size()) {
    auto n = (static_cast<unsigned>(static_cast<unsigned char>(bytes[i])) << 16U) |
             (static_cast<unsigned>(static_cast<unsigned char>(bytes[i + 1])) << 8U);
    out += kAlphabet[(n >> 18U) & 63U];
    out += kAlphabet[(n >> 12U) & 63U];
    out += kAlphabet[(n >> 6U) & 63U];
    out += '=';
  }
  return out;
}

// ValueEncoders.Base64StringEscapeShift: the bytes after `shift`, or all when there are no more.
std::string base64_shifted(const std::string& value, std::size_t shift) {
  return value.size() > shift ? base64(std::string_view(value).substr(shift)) : base64(value);
}

}  // namespace

std::string base64_form(const std::string& value) {
  return base64(value);
}
std::string base64_shift1_form(const std::string& value) {
  return base64_shifted(value, 1);
}
std::string base64_shift2_form(const std::string& value) {
  return base64_shifted(value, 2);
}

std::string command_line_form(const std::string& value) {
  return util::replace_all(value, "\"", "\\\"");
}

std::string expression_form(const std::string& value) {
  return util::replace_all(value, "'", "''");
}

// Newtonsoft's JsonConvert.ToString without its quotes: quote, backslash and control
// characters, plus U+0085, U+2028 and U+2029 (JavaScriptUtils).
std::string json_string_form(const std::string& value) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(value.size());
  for (std::size_t i = 0; i < value.size(); ++i) {
    auto c = static_cast<unsigned char>(value[i]);
    switch (c) {
      case '"': out += "\\\""; continue;
      case '\\': out += "\\\\"; continue;
      case '\b': out += "\\b"; continue;
      case '\f': out += "\\f"; continue;
      case '\n': out += "\\n"; continue;
      case '\r': out += "\\r"; continue;
      case '\t': out += "\\t"; continue;
      default: break;
    }
    if (c < 0x20U) {
      out += "\\u00";
      out += kHex[c >> 4U];
      out += kHex[c & 0xFU];
    } else if (c == 0xC2U && i + 1 < value.size() &&
               static_cast<unsigned char>(value[i + 1]) == 0x85U) {
      out += "\\u0085";
      ++i;
    } else if (c == 0xE2U && i + 2 < value.size() &&
               static_cast<unsigned char>(value[i + 1]) == 0x80U &&
               (static_cast<unsigned char>(value[i + 2]) == 0xA8U ||
                static_cast<unsigned char>(value[i + 2]) == 0xA9U)) {
      out += static_cast<unsigned char>(value[i + 2]) == 0xA8U ? "\\u2028" : "\\u2029";
      i += 2;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

// Uri.EscapeDataString: RFC 3986 unreserved characters stay, every other byte of the UTF-8 is
// %XX in upper case.
std::string uri_data_form(const std::string& value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(value.size());
  for (unsigned char c : value) {
    bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4U];
      out += kHex[c & 0xFU];
    }
  }
  return out;
}

// SecurityElement.Escape.
std::string xml_data_form(const std::string& value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      case '&': out += "&amp;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string trim_double_quotes_form(const std::string& value) {
  if (utf16_length(value) > 8 && value.front() == '"' && value.back() == '"')
    return value.substr(1, value.size() - 2);
  return {};
}

std::string powershell_pre_ampersand_form(const std::string& value) {
  if (value.find('&') == std::string::npos) return {};
  auto plus = value.find("&+");
  std::string section =
      plus != std::string::npos ? value.substr(0, plus + 2) : value.substr(0, value.rfind('&') + 1);
  return utf16_length(section) >= 6 ? section : std::string{};
}

std::string powershell_post_ampersand_form(const std::string& value) {
  if (value.find('&') == std::string::npos) return {};
  std::string section;
  if (auto plus = value.find("&+"); plus != std::string::npos) {
    // +1: PowerShell colours the letter after "&+", so the section starts past it.
    if (value.size() > plus + 3) section = value.substr(plus + 3);
  } else {
    section = value.substr(value.rfind('&') + 1);
  }
  return utf16_length(section) >= 6 ? section : std::string{};
}

std::vector<std::string> base64_stem_forms(const std::string& value) {
  std::vector<std::string> stems;
  for (std::size_t shift = 0; shift < 3 && shift < value.size(); ++shift) {
    auto rest = std::string_view(value).substr(shift);
    stems.push_back(base64(rest.substr(0, rest.size() / 3 * 3)));
  }
  return stems;
}

std::vector<std::string> encoded_forms(const std::string& value) {
  using Encoder = std::string (*)(const std::string&);
  static constexpr Encoder kEncoders[] = {base64_form,
                                          base64_shift1_form,
                                          base64_shift2_form,
                                          command_line_form,
                                          expression_form,
                                          json_string_form,
                                          uri_data_form,
                                          xml_data_form,
                                          trim_double_quotes_form,
                                          powershell_pre_ampersand_form,
                                          powershell_post_ampersand_form};
  std::vector<std::string> forms;
  auto keep = [&](std::string form) {
    if (form.size() < kMinEncodedFormLength || form == value) return;
    if (std::find(forms.begin(), forms.end(), form) != forms.end()) return;
    forms.push_back(std::move(form));
  };
  for (auto encode : kEncoders) keep(encode(value));
  for (auto& stem : base64_stem_forms(value)) keep(std::move(stem));
  return forms;
}

std::string mask_text(const std::string& text, const std::vector<std::string>& forms) {
  std::vector<std::pair<std::size_t, std::size_t>> ranges;  // [start, end)
  for (const auto& form : forms) {
    if (form.empty()) continue;
    for (auto at = text.find(form); at != std::string::npos; at = text.find(form, at + 1)) {
      ranges.emplace_back(at, at + form.size());
    }
  }
  if (ranges.empty()) return text;
  std::sort(ranges.begin(), ranges.end());
  std::string out;
  out.reserve(text.size());
  std::size_t copied = 0;
  for (std::size_t i = 0; i < ranges.size();) {
    auto [start, end] = ranges[i];
    for (++i; i < ranges.size() && ranges[i].first <= end; ++i)
      end = std::max(end, ranges[i].second);
    out.append(text, copied, start - copied);
    out += "***";
    copied = end;
  }
  out.append(text, copied, std::string::npos);
  return out;
}

std::vector<std::string> SecretMasks::add(const std::string& secret) {
  // The runner masks the whole value and each trimmed line (AddMaskCommandExtension), each
  // with every encoder (SecretMasker.AddValue).
  std::vector<std::string> values;
  auto lines = util::split_lines(util::replace_all(secret, "\r", "\n"));
  if (lines.size() > 1 && !util::trim(secret).empty()) values.push_back(secret);
  for (const auto& line : lines) {
    auto trimmed = util::trim(line);
    if (!trimmed.empty()) values.push_back(trimmed);
  }
  std::vector<std::string> added;
  auto remember = [&](const std::string& form) {
    if (std::find(forms_.begin(), forms_.end(), form) != forms_.end()) return;
    forms_.push_back(form);
    added.push_back(form);
  };
  for (const auto& value : values) {
    remember(value);
    for (const auto& form : encoded_forms(value)) remember(form);
  }
  return added;
}

void SecretMasks::redact(nlohmann::json& doc) const {
  if (forms_.empty()) return;
  if (doc.is_string()) {
    doc = redact(doc.get<std::string>());
  } else if (doc.is_array()) {
    for (auto& item : doc) redact(item);
  } else if (doc.is_object()) {
    nlohmann::json out = nlohmann::json::object();
    for (auto& [key, value] : doc.items()) {
      redact(value);
      out[redact(key)] = std::move(value);
    }
    doc = std::move(out);
  }
}

}  // namespace bicepgate::github
