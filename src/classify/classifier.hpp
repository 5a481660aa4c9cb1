#pragma once
// The verdict on one failure: its class, whether retrying can help, the most specific code,
// every error found, the rule that decided (and its source), and what to do.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "classify/error_tree.hpp"
#include "classify/rules.hpp"

namespace bicepgate::classify {

// What decided: an error code, a text pattern, then the last resorts (HTTP status, az's error
// class), or nothing (unknown).
enum class Basis { kCode, kText, kHttpStatus, kAzClass, kIdiom, kNone };
std::string to_string(Basis basis);

struct Classification {
  FailureClass failure_class = FailureClass::kUnknown;
  bool retryable = false;
  std::string code;
  std::string hint;
  std::vector<ErrorNode> errors;       // what was found, specific errors first
  const ErrorNode* primary = nullptr;  // points into errors when one error decided
  int rule_line = 0;                   // the rule that decided, in the rules file
  std::string rule_source;             // and where that rule's knowledge comes from
  Basis basis = Basis::kNone;
  std::vector<std::string> chain;  // wrapper → … → decisive code
  std::string unplaced;            // the text no rule could place (unknown only)
  std::optional<int> http_status;
  std::optional<int> retry_after_seconds;
};

// Pure. Unknown when nothing, not even an HTTP status or az error class, places the failure;
// callers treat unknown like logic but say "unknown".
Classification classify(std::string_view output, const RuleTable& rules);

nlohmann::json to_json(const Classification& classification);

// For people: the rule that fired, its source, and the chain from wrapper to decisive cause.
std::string explain(const Classification& classification, const std::string& rules_path);

}  // namespace bicepgate::classify
