#pragma once
// The values of a what-if property change as a reviewer reads them: `Dynamic` → `ElasticPremium`.
// Pure. Values are outside text: each is masked whole first (a secret cut short or escaped no
// longer matches its mask), then shortened; the caller escapes for where it goes.

#include <functional>
#include <string>
#include <string_view>

#include "azure/what_if.hpp"

namespace bicepgate::report {

// Masks secrets in outside text before it is escaped: once escaped, a secret with Markdown
// punctuation in it no longer matches its mask.
using Redact = std::function<std::string(const std::string&)>;

// Longest value shown, in bytes; the full plan file uses the same, as a cell is no place for a
// whole resource body.
inline constexpr std::size_t kValueBytes = 80;

// `text` cut to at most `max_bytes` bytes on a UTF-8 character boundary, ending in "…" when cut.
std::string shorten(std::string_view text, std::size_t max_bytes);

// One value on one line: a string as it is, anything else as compact JSON; an array or object
// too long to show whole is summarised ("[12 items]"), an object shortened. Masked first.
std::string value_text(const nlohmann::json& value, const Redact& redact,
                       std::size_t max_bytes = kValueBytes);

// What one property change did, in plain words: which sides to show and how.
struct ValueChange {
  enum class Kind { kModify, kAdded, kRemoved, kOther };
  Kind kind = Kind::kOther;
  std::string before;  // masked and shortened, not escaped
  std::string after;
};

// Create shows the new value, Delete the old, Modify and Array both.
ValueChange describe_change(const azure::PropertyChange& change, const Redact& redact);

}  // namespace bicepgate::report
