#pragma once
// Small string helpers used across folders.

#include <string>
#include <string_view>
#include <vector>

namespace bicepgate::util {

std::string trim(std::string_view text);
// Text from outside (process output, stdin) as valid UTF-8: every byte that does not start a
// well-formed sequence (overlong, surrogate, past U+10FFFF, cut off) becomes U+FFFD.
std::string valid_utf8(std::string_view text);
std::string to_lower(std::string_view text);
std::string to_upper(std::string_view text);
// to_lower(a) == to_lower(b), without building either (ASCII letters only, as std::tolower in the
// "C" locale the tool runs in).
bool equals_ignoring_case(std::string_view a, std::string_view b);
std::vector<std::string> split(std::string_view text, char separator);
std::vector<std::string> split_lines(std::string_view text);
bool starts_with(std::string_view text, std::string_view prefix);
std::string replace_all(std::string text, std::string_view from, std::string_view to);
// Levenshtein distance, for "did you mean" suggestions.
std::size_t edit_distance(std::string_view a, std::string_view b);
// The closest candidate within a small distance, or empty.
std::string closest(std::string_view word, const std::vector<std::string>& candidates);
std::string join(const std::vector<std::string>& parts, std::string_view separator);

}  // namespace bicepgate::util
