#pragma once
// A regular expression compiled once by PCRE2 (with its JIT where the platform has one), with
// the ECMAScript semantics std::regex gave the rules table: "$" only at the very end, "." stops
// at "\n" and "\r", \d \w \s \b in ASCII, bytes rather than code points. std::regex's
// case-insensitive matching looked up the locale's facet for every character compared, which
// made a 300 kB output cost seconds; PCRE2 scans it in milliseconds and needs no length cap to
// stay off the stack.

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.hpp"

namespace bicepgate::util {

class Regex;

// One match: the whole match is group 0, the pattern's captures 1…n. Views into the subject,
// which must outlive the match.
class RegexMatch {
 public:
  bool matched(std::size_t group) const;
  std::string str(std::size_t group) const;
  std::size_t position(std::size_t group = 0) const;
  std::size_t length(std::size_t group = 0) const;
  std::size_t size() const { return spans_.size(); }  // 1 + the number of captures

 private:
  friend class Regex;
  std::string_view subject_;
  std::vector<std::pair<std::size_t, std::size_t>> spans_;  // begin, end; npos when unmatched
};

class Regex {
 public:
  enum Flags : unsigned { kNone = 0, kIgnoreCase = 1 };

  // Rules from a file: a bad pattern is an error naming what PCRE2 found, and where.
  static Result<Regex> compile(std::string_view pattern, unsigned flags = kNone);
  // Patterns written in the code: a bad one is a programming error (throws std::logic_error).
  explicit Regex(std::string_view pattern, unsigned flags = kNone);

  // The leftmost match at or after `from` (lookbehind and \b still see the text before it).
  bool search(std::string_view text, RegexMatch& match, std::size_t from = 0) const;
  bool search(std::string_view text) const;
  // The whole text matches (std::regex_match).
  bool full_match(std::string_view text, RegexMatch& match) const;
  bool full_match(std::string_view text) const;
  // Every non-overlapping match, left to right (std::sregex_iterator).
  std::vector<RegexMatch> search_all(std::string_view text) const;
  // The text without its first match, or without every match.
  std::string erase(std::string_view text, bool every = true) const;

 private:
  struct Code;
  Regex() = default;
  bool run(std::string_view text, std::size_t from, unsigned options, RegexMatch* match) const;
  std::shared_ptr<const Code> code_;
};

}  // namespace bicepgate::util
