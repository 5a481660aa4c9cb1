#pragma once
// The classification rules, as data (data/error-rules.yml): code glob, optional message
// pattern and named check, class, retryable, hint.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "classify/error_tree.hpp"
#include "util/regex.hpp"
#include "util/result.hpp"

namespace bicepgate::classify {

enum class FailureClass { kLogic, kEnvironmental, kConfiguration, kUnknown };
std::string to_string(FailureClass failure_class);

struct Rule {
  std::string code;  // glob
  std::string message_pattern;
  std::shared_ptr<const util::Regex> message;  // compiled, case-insensitive
  std::string when;                            // a named check, see passes_check
  ErrorKind kind = ErrorKind::kAzure;
  bool wrapper = false;
  FailureClass failure_class = FailureClass::kUnknown;
  bool retryable = false;
  std::string infer;
  std::string hint;
  std::string source;  // the doc page or issue the rule is drawn from (required)
  int line = 0;        // in the rules file
};

struct RuleMatch {
  const Rule* rule = nullptr;
  std::vector<std::string> groups;  // the message pattern's captures, for the hint
};

class RuleTable {
 public:
  // Pure: YAML text in, validated rules out (unknown keys, bad globs and bad patterns are errors
  // naming the line).
  static Result<RuleTable> parse(const std::string& yaml_text, const std::string& source);
  static Result<RuleTable> load(const std::string& path);

  // The first rule that matches this error, if any.
  std::optional<RuleMatch> match(const ErrorNode& node) const;
  // The first text rule (kind: text) that matches the whole output.
  std::optional<RuleMatch> match_text(const std::string& output) const;
  // The first HTTP status rule (kind: http, code "429", "5??"…) for this status.
  std::optional<RuleMatch> match_status(int status) const;
  // The first az error class rule (kind: az-class) whose class name the output prints.
  std::optional<RuleMatch> match_az_class(const std::string& output) const;
  // The last resort before unknown: the first idiom rule (kind: idiom, a well-known wording such
  // as "already exists" or "timed out") that matches a line of the output.
  std::optional<RuleMatch> match_idiom(const std::string& output) const;
  // Whether the code only wraps others (see rules.cpp: its first unconditional rule decides).
  bool is_wrapper(const std::string& code) const;
  const std::vector<Rule>& rules() const { return rules_; }

 private:
  static Result<RuleTable> parse_unchecked(const std::string& yaml_text, const std::string& source);
  std::optional<RuleMatch> match_lines(ErrorKind kind, const std::string& output) const;
  std::optional<RuleMatch> first_of_kind(ErrorKind kind, const std::string& code) const;
  std::vector<Rule> rules_;
};

// The named checks a rule's `when` may use.
bool passes_check(const std::string& check, const ErrorNode& node);

}  // namespace bicepgate::classify
