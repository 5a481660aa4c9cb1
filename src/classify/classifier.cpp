#include "classify/classifier.hpp"

#include <algorithm>
#include <regex>

#include "util/strings.hpp"

namespace bicepgate::classify {
namespace {

// A human first: configuration, then logic, then environmental.
int urgency(FailureClass failure_class) {
  switch (failure_class) {
    case FailureClass::kConfiguration: return 0;
    case FailureClass::kLogic: return 1;
    case FailureClass::kEnvironmental: return 2;
    case FailureClass::kUnknown: break;
  }
  return 3;
}

int severity_rank(const ErrorNode& node) {
  if (node.severity == "Warning") return 1;
  if (node.severity == "Info") return 2;
  return 0;
}

std::string fill_hint(const RuleMatch& match, const std::string& code) {
  std::string hint = match.rule->hint;
  for (std::size_t i = 0; i < match.groups.size(); ++i) {
    hint = util::replace_all(hint, "{" + std::to_string(i + 1) + "}", match.groups[i]);
  }
  return util::replace_all(hint, "{code}", code);
}

std::optional<int> retry_after(std::string_view output) {
  // A header echoed in a log, or the service's own words ("retry after 17 seconds").
  static const std::regex kRetryAfter(
      R"((?:Retry-After['"]?\s*[:=]\s*['"]?|(?:retry|try again) after '?)(\d{1,5})'?(?!\d))",
      std::regex::icase);
  std::string text(output);
  std::smatch m;
  if (!std::regex_search(text, m, kRetryAfter)) return std::nullopt;
  return std::stoi(m[1].str());
}

struct Candidate {
  std::size_t index;
  RuleMatch match;
};

// Among candidates: the most urgent class, then the most severe diagnostic, then the
// innermost error, then the first found.
const Candidate* best(const std::vector<Candidate>& candidates,
                      const std::vector<ErrorNode>& nodes) {
  const Candidate* chosen = nullptr;
  for (const auto& c : candidates) {
    if (chosen == nullptr) {
      chosen = &c;
      continue;
    }
    auto key = [&](const Candidate& x) {
      return std::make_tuple(urgency(x.match.rule->failure_class), severity_rank(nodes[x.index]),
                             -nodes[x.index].depth, x.index);
    };
    if (key(c) < key(*chosen)) chosen = &c;
  }
  return chosen;
}

}  // namespace

Classification classify(std::string_view raw_output, const RuleTable& rules) {
  const std::string clean = util::valid_utf8(raw_output);
  const std::string_view output = clean;
  Classification result;
  result.errors = extract_errors(output);
  result.retry_after_seconds = retry_after(output);
  std::vector<Candidate> specific;
  std::vector<Candidate> wrappers;
  for (std::size_t i = 0; i < result.errors.size(); ++i) {
    auto match = rules.match(result.errors[i]);
    if (!match) continue;
    (rules.is_wrapper(result.errors[i].code) ? wrappers : specific)
        .push_back({i, std::move(*match)});
  }
  const Candidate* decided = best(specific, result.errors);
  std::optional<RuleMatch> text_match;
  // An inner code no rule knows says more than the wrapper around it: report it as unknown
  // rather than let a generic wrapper rule decide.
  const ErrorNode* unmatched = nullptr;
  for (std::size_t i = 0; i < result.errors.size(); ++i) {
    const auto& node = result.errors[i];
    bool matched = std::any_of(specific.begin(), specific.end(),
                               [&](const Candidate& c) { return c.index == i; });
    if (!matched && !rules.is_wrapper(node.code) && node.kind != ErrorKind::kBicep &&
        (unmatched == nullptr || node.depth > unmatched->depth)) {
      unmatched = &node;
    }
  }
  if (decided == nullptr && unmatched != nullptr) {
    const Candidate* wrapper = best(wrappers, result.errors);
    if (wrapper == nullptr || wrapper->match.rule->message == nullptr ||
        result.errors[wrapper->index].depth < unmatched->depth) {
      result.failure_class = FailureClass::kUnknown;
      result.code = unmatched->code;
      result.hint = "No classification rule knows '" + unmatched->code +
                    "'; it is treated as a logic failure for safety. Add a rule to "
                    "data/error-rules.yml if it recurs.";
      std::stable_partition(result.errors.begin(), result.errors.end(),
                            [&](const ErrorNode& n) { return !rules.is_wrapper(n.code); });
      return result;
    }
  }
  if (decided == nullptr) {
    // Wrappers carry the verdict only when their message says something (rate limits…) or
    // nothing else is there; a text rule (network errors…) comes before a bare wrapper.
    text_match = rules.match_text(std::string(output));
    const Candidate* wrapper = best(wrappers, result.errors);
    bool wrapper_has_pattern = wrapper != nullptr && wrapper->match.rule->message != nullptr;
    if (wrapper != nullptr && (wrapper_has_pattern || !text_match)) {
      decided = wrapper;
      text_match.reset();
    }
  }
  if (decided != nullptr) {
    const auto& node = result.errors[decided->index];
    const Rule& rule = *decided->match.rule;
    result.failure_class = rule.failure_class;
    result.retryable = rule.retryable;
    result.code = rule.infer.empty() ? node.code : rule.infer;
    result.hint = fill_hint(decided->match, result.code);
    result.rule_line = rule.line;
    result.primary = &node;
  } else if (text_match) {
    const Rule& rule = *text_match->rule;
    result.failure_class = rule.failure_class;
    result.retryable = rule.retryable;
    result.code = rule.infer.empty() ? std::string("NONE:Unclassified") : rule.infer;
    result.hint = fill_hint(*text_match, result.code);
    result.rule_line = rule.line;
  } else {
    // Nothing matched: report the innermost code we saw, and say it is unknown.
    result.failure_class = FailureClass::kUnknown;
    result.code = "NONE:Unrecognized";
    for (const auto& node : result.errors) {
      if (!rules.is_wrapper(node.code) || result.code == "NONE:Unrecognized")
        result.code = node.code;
    }
    result.hint =
        "No classification rule matches this output; it is treated as a logic failure for safety. "
        "Add a rule to data/error-rules.yml if it recurs.";
  }
  // Specific errors first in the report; wrappers after. The partition moves elements, so the
  // primary is found again by value afterwards.
  std::optional<std::pair<std::string, std::string>> primary;
  if (result.primary != nullptr)
    primary = std::make_pair(result.primary->code, result.primary->message);
  result.primary = nullptr;
  std::stable_partition(result.errors.begin(), result.errors.end(),
                        [&](const ErrorNode& n) { return !rules.is_wrapper(n.code); });
  for (const auto& n : result.errors) {
    if (primary && n.code == primary->first && n.message == primary->second) {
      result.primary = &n;
      break;
    }
  }
  return result;
}

nlohmann::json to_json(const Classification& c) {
  nlohmann::json errors = nlohmann::json::array();
  for (const auto& e : c.errors) {
    nlohmann::json item = {{"code", e.code}, {"message", e.message}};
    if (!e.file.empty()) {
      item["file"] = e.file;
      item["line"] = e.line;
      item["column"] = e.column;
    }
    if (!e.severity.empty()) item["severity"] = e.severity;
    if (!e.target.empty()) item["resource"] = e.target;
    errors.push_back(std::move(item));
  }
  nlohmann::json out = {{"class", to_string(c.failure_class)},
                        {"retryable", c.retryable},
                        {"code", c.code},
                        {"errors", errors},
                        {"hint", c.hint}};
  if (c.primary != nullptr && !c.primary->file.empty()) {
    out["file"] = c.primary->file;
    out["line"] = c.primary->line;
    out["column"] = c.primary->column;
    out["severity"] = c.primary->severity;
  }
  if (c.retry_after_seconds) out["retry_after_seconds"] = *c.retry_after_seconds;
  return out;
}

}  // namespace bicepgate::classify
