#pragma once
// The verdict on one failure: its class, whether retrying can help, the most specific code,
// every error found, and what to do.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "classify/error_tree.hpp"
#include "classify/rules.hpp"

namespace bicepgate::classify {

struct Classification {
  FailureClass failure_class = FailureClass::kUnknown;
  bool retryable = false;
  std::string code;
  std::string hint;
  std::vector<ErrorNode> errors;       // what was found, specific errors first
  const ErrorNode* primary = nullptr;  // points into errors when one error decided
  int rule_line = 0;                   // the rule that decided, in the rules file
  std::optional<int> retry_after_seconds;
};

// Pure. Unknown when no rule matches; callers treat unknown like logic but say "unknown".
Classification classify(std::string_view output, const RuleTable& rules);

nlohmann::json to_json(const Classification& classification);

}  // namespace bicepgate::classify
