#include "report/what_if_values.hpp"

#include "util/strings.hpp"

namespace bicepgate::report {

std::string shorten(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  constexpr std::string_view kEllipsis = "\xE2\x80\xA6";
  std::size_t end = max_bytes > kEllipsis.size() ? max_bytes - kEllipsis.size() : 0;
  // Back up over continuation bytes (10xxxxxx) so no character is cut in half.
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0U) == 0x80U) --end;
  return std::string(text.substr(0, end)) + std::string(kEllipsis);
}

std::string value_text(const nlohmann::json& value, const Redact& redact, std::size_t max_bytes) {
  std::string text = value.is_string()
                         ? value.get<std::string>()
                         : value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  // Masked whole, before anything is cut or summarised.
  if (redact) text = redact(text);
  text = util::valid_utf8(text);
  if (text.size() > max_bytes && value.is_array())
    return "[" + std::to_string(value.size()) + " items]";
  return shorten(text, max_bytes);
}

ValueChange describe_change(const azure::PropertyChange& change, const Redact& redact) {
  ValueChange out;
  if (change.change_type == "Create") {
    out.kind = ValueChange::Kind::kAdded;
    out.after = value_text(change.after, redact);
  } else if (change.change_type == "Delete") {
    out.kind = ValueChange::Kind::kRemoved;
    out.before = value_text(change.before, redact);
  } else if (change.change_type == "Modify" || change.change_type == "Array") {
    out.kind = ValueChange::Kind::kModify;
    out.before = value_text(change.before, redact);
    out.after = value_text(change.after, redact);
  }
  return out;
}

}  // namespace bicepgate::report
