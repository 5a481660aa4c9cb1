#include "classify/classifier.hpp"

#include <algorithm>
#include <iterator>

#include "classify/http_status.hpp"
#include "util/regex.hpp"
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

// {1}, {2}… from the message pattern's groups; {code} as decided. Hints and inferred codes
// ("NONE:{1}" names the Python exception a traceback printed) both use it.
std::string fill_groups(std::string text, const RuleMatch& match, const std::string& code) {
  for (std::size_t i = 0; i < match.groups.size(); ++i) {
    text = util::replace_all(text, "{" + std::to_string(i + 1) + "}", match.groups[i]);
  }
  return util::replace_all(text, "{code}", code);
}

std::optional<int> retry_after(std::string_view output) {
  // A header echoed in a log, or the service's own words ("retry after 17 seconds").
  static const util::Regex kRetryAfter(
      R"((?:Retry-After['"]?\s*[:=]\s*['"]?|(?:retry|try again) after '?)(\d{1,5})'?(?!\d))",
      util::Regex::kIgnoreCase);
  util::RegexMatch m;
  if (!kRetryAfter.search(output, m)) return std::nullopt;
  return std::stoi(m.str(1));
}

struct Candidate {
  std::size_t index;
  RuleMatch match;
};

struct Candidates {
  std::vector<Candidate> specific;
  std::vector<Candidate> wrappers;
};

Candidates collect(const std::vector<ErrorNode>& nodes, const RuleTable& rules) {
  Candidates found;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    auto match = rules.match(nodes[i]);
    if (!match) continue;
    (rules.is_wrapper(nodes[i].code) ? found.wrappers : found.specific)
        .push_back({i, std::move(*match)});
  }
  return found;
}

// Among candidates: the most urgent class, then the most severe diagnostic, then the
// innermost error, then the first found.
const Candidate* best(const std::vector<Candidate>& candidates,
                      const std::vector<ErrorNode>& nodes) {
  auto key = [&](const Candidate& x) {
    return std::make_tuple(urgency(x.match.rule->failure_class), severity_rank(nodes[x.index]),
                           -nodes[x.index].depth, x.index);
  };
  const Candidate* chosen = nullptr;
  for (const auto& c : candidates) {
    if (chosen == nullptr || key(c) < key(*chosen)) chosen = &c;
  }
  return chosen;
}

// The deepest Azure error no rule knows: it says more than any generic wrapper around it.
const ErrorNode* deepest_unmatched(const std::vector<ErrorNode>& nodes, const Candidates& found,
                                   const RuleTable& rules) {
  const ErrorNode* unmatched = nullptr;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const auto& node = nodes[i];
    bool matched = std::any_of(found.specific.begin(), found.specific.end(),
                               [&](const Candidate& c) { return c.index == i; });
    if (!matched && !rules.is_wrapper(node.code) && node.kind != ErrorKind::kBicep &&
        (unmatched == nullptr || node.depth > unmatched->depth)) {
      unmatched = &node;
    }
  }
  return unmatched;
}

void apply_rule(Classification& result, const RuleMatch& match, const std::string& code) {
  const Rule& rule = *match.rule;
  result.failure_class = rule.failure_class;
  result.retryable = rule.retryable;
  result.code = fill_groups(code, match, code);
  result.hint = fill_groups(rule.hint, match, result.code);
  result.rule_line = rule.line;
  result.rule_source = rule.source;
}

// The first line that reads like a failure, else the first non-empty one: what to quote when
// nothing could place the output.
std::string quotable_line(std::string_view output) {
  static const util::Regex kFailure(R"(error|failed|denied|exception|invalid)",
                                    util::Regex::kIgnoreCase);
  std::string first;
  for (const auto& raw : util::split_lines(strip_log_prefixes(output))) {
    auto line = util::trim(raw);
    if (line.empty()) continue;
    if (first.empty()) first = line;
    if (kFailure.search(line)) return line.substr(0, 200);
  }
  return first.substr(0, 200);
}

// The code a last resort reports: the most specific one seen, else the one the rule names.
std::string last_resort_code(const Classification& result, const ErrorNode* unmatched,
                             const std::optional<RuleMatch>& match) {
  if (unmatched != nullptr) return unmatched->code;
  if (!result.errors.empty()) return result.errors.back().code;
  if (!match) return "NONE:Unrecognized";
  if (!match->rule->infer.empty()) return match->rule->infer;
  if (result.basis == Basis::kAzClass) return match->rule->code;
  return "NONE:Http" + std::to_string(result.http_status.value_or(0));
}

// Nothing placed the failure: say so, and quote what could not be placed.
void mark_unknown(Classification& result, std::string_view output, const ErrorNode* unmatched) {
  result.failure_class = FailureClass::kUnknown;
  // Quoted from outside text into JSON: valid UTF-8 only (a cut or a bad byte would throw).
  result.unplaced = util::valid_utf8(
      unmatched != nullptr ? unmatched->code + ": " + unmatched->message : quotable_line(output));
  result.hint =
      "bicepgate could not place this failure (no rule, HTTP status, az error class or "
      "known wording matched): '" +
      util::valid_utf8(result.unplaced.substr(0, 200)) +
      "'. It is treated as a logic failure for safety; add a rule to data/error-rules.yml if "
      "it recurs.";
}

// The last resorts, in order: the HTTP status the output names, then az's error class, then a
// well-known wording ("already exists", "timed out"); the basis says which one spoke.
std::optional<RuleMatch> last_resort(Classification& result, const std::string& text,
                                     const RuleTable& rules) {
  result.http_status = http_status(text);
  std::optional<RuleMatch> match;
  if (result.http_status && (match = rules.match_status(*result.http_status))) {
    result.basis = Basis::kHttpStatus;
  } else if ((match = rules.match_az_class(text))) {
    result.basis = Basis::kAzClass;
  } else if ((match = rules.match_idiom(text))) {
    result.basis = Basis::kIdiom;
  } else {
    result.basis = Basis::kNone;
  }
  return match;
}

// No rule placed a code: a last resort decides, and only without one is the failure unknown.
void fall_back(Classification& result, std::string_view output, const RuleTable& rules,
               const ErrorNode* unmatched) {
  const std::optional<RuleMatch> match = last_resort(result, strip_log_prefixes(output), rules);
  const std::string code = last_resort_code(result, unmatched, match);
  result.primary = unmatched;
  if (match) {
    apply_rule(result, *match, code);
  } else {
    result.code = code;
    mark_unknown(result, output, unmatched);
  }
}

// The decisive code and what wraps it: the JSON nesting when the tree knows it, else every
// wrapper found no deeper than the decisive error (the line forms have no nesting).
std::vector<std::string> chain_of(const ErrorNode& primary, const std::vector<ErrorNode>& nodes,
                                  const RuleTable& rules) {
  std::vector<std::string> chain = primary.wrapped_by;
  if (chain.empty()) {
    for (const auto& node : nodes) {
      if (&node != &primary && rules.is_wrapper(node.code) && node.depth <= primary.depth &&
          std::find(chain.begin(), chain.end(), node.code) == chain.end())
        chain.push_back(node.code);
    }
  }
  chain.push_back(primary.code);
  return chain;
}

// Specific errors first in the report; wrappers after. The partition moves elements, so the
// primary is found again by value afterwards.
void order_errors(Classification& result, const RuleTable& rules) {
  std::optional<std::pair<std::string, std::string>> primary;
  if (result.primary != nullptr) {
    primary = std::make_pair(result.primary->code, result.primary->message);
    result.chain = chain_of(*result.primary, result.errors, rules);
  }
  result.primary = nullptr;
  std::stable_partition(result.errors.begin(), result.errors.end(),
                        [&](const ErrorNode& n) { return !rules.is_wrapper(n.code); });
  for (const auto& n : result.errors) {
    if (primary && n.code == primary->first && n.message == primary->second) {
      result.primary = &n;
      break;
    }
  }
}

// A candidate's rule decides, on the code of the error it matched (or the code it infers).
void decide_by_code(Classification& result, const Candidate& decided) {
  const auto& node = result.errors[decided.index];
  const Rule& rule = *decided.match.rule;
  apply_rule(result, decided.match, rule.infer.empty() ? node.code : rule.infer);
  result.basis = Basis::kCode;
  result.primary = &node;
}

// A text rule decides on the whole output; it names no code of its own unless it infers one.
void decide_by_text(Classification& result, const RuleMatch& text_match,
                    const std::string& fallback_code) {
  const Rule& rule = *text_match.rule;
  apply_rule(result, text_match, rule.infer.empty() ? fallback_code : rule.infer);
  result.basis = Basis::kText;
}

// A wrapper whose message said something (a rate limit, a conflict with a running operation)
// decides over wrappers that only wrap, at any depth: DeploymentFailed around a throttled
// Conflict is the throttling, not a logic failure.
std::optional<Candidate> deciding_wrapper(const Candidates& found,
                                          const std::vector<ErrorNode>& errors) {
  std::vector<Candidate> telling;
  std::copy_if(found.wrappers.begin(), found.wrappers.end(), std::back_inserter(telling),
               [](const Candidate& c) { return c.match.rule->message != nullptr; });
  const Candidate* chosen = telling.empty() ? best(found.wrappers, errors) : best(telling, errors);
  if (chosen == nullptr) return std::nullopt;
  return *chosen;
}

// A code no rule knows: a text rule still places it (keeping the code unless the rule
// names a better one), else the last resorts.
void decide_unknown_code(Classification& result, std::string_view output, const RuleTable& rules,
                         const ErrorNode* unmatched, const std::optional<RuleMatch>& text_match) {
  if (!text_match) return fall_back(result, output, rules, unmatched);
  decide_by_text(result, *text_match, unmatched->code);
  result.primary = unmatched;
}

// No specific rule matched: a wrapper, a text rule or the last resorts decide.
void decide_without_specific(Classification& result, std::string_view output,
                             const RuleTable& rules, const Candidates& found) {
  const ErrorNode* unmatched = deepest_unmatched(result.errors, found, rules);
  const std::optional<Candidate> wrapper = deciding_wrapper(found, result.errors);
  const bool wrapper_has_pattern = wrapper && wrapper->match.rule->message != nullptr;
  const auto text_match = rules.match_text(std::string(output));
  if (unmatched != nullptr &&
      (!wrapper_has_pattern || result.errors[wrapper->index].depth < unmatched->depth)) {
    return decide_unknown_code(result, output, rules, unmatched, text_match);
  }
  // Wrappers carry the verdict only when their message says something (rate limits…) or
  // nothing else is there; a text rule (network errors…) comes before a bare wrapper.
  if (wrapper && (wrapper_has_pattern || !text_match)) {
    decide_by_code(result, *wrapper);
  } else if (text_match) {
    decide_by_text(result, *text_match, "NONE:Unclassified");
  } else {
    fall_back(result, output, rules, nullptr);
  }
}

}  // namespace

std::string to_string(Basis basis) {
  switch (basis) {
    case Basis::kCode: return "error code";
    case Basis::kText: return "text pattern";
    case Basis::kHttpStatus: return "HTTP status";
    case Basis::kAzClass: return "az error class";
    case Basis::kIdiom: return "known wording";
    case Basis::kNone: break;
  }
  return "nothing";
}

Classification classify(std::string_view raw_output, const RuleTable& rules) {
  const std::string clean = util::valid_utf8(raw_output);
  const std::string_view output = clean;
  Classification result;
  // Every error the output holds, in any of the shapes the CLI prints.
  result.errors = extract_errors(output);
  // A throttled request says when to come back; the retry policy honours it.
  result.retry_after_seconds = retry_after(output);
  // Each error's first matching rule, specific causes apart from the wrappers around them.
  const Candidates found = collect(result.errors, rules);
  // The most urgent specific cause decides; without one, wrappers, text and last resorts do.
  if (const Candidate* decided = best(found.specific, result.errors)) {
    decide_by_code(result, *decided);
  } else {
    decide_without_specific(result, output, rules, found);
  }
  // The report lists causes before wrappers, and the chain from outermost to the cause.
  order_errors(result, rules);
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
                        {"hint", c.hint},
                        {"decided_by", to_string(c.basis)}};
  if (c.primary != nullptr && !c.primary->file.empty()) {
    out["file"] = c.primary->file;
    out["line"] = c.primary->line;
    out["column"] = c.primary->column;
    out["severity"] = c.primary->severity;
  }
  if (c.rule_line != 0) out["rule"] = {{"line", c.rule_line}, {"source", c.rule_source}};
  if (!c.chain.empty()) out["chain"] = c.chain;
  if (!c.unplaced.empty()) out["unplaced"] = c.unplaced;
  if (c.http_status) out["http_status"] = *c.http_status;
  if (c.retry_after_seconds) out["retry_after_seconds"] = *c.retry_after_seconds;
  return out;
}

std::string explain(const Classification& c, const std::string& rules_path) {
  std::string out = "class:      " + to_string(c.failure_class) +
                    (c.retryable ? " (retryable)" : " (not retryable)") + "\n";
  out += "code:       " + c.code + "\n";
  out += "decided by: " + to_string(c.basis);
  if (c.basis == Basis::kHttpStatus && c.http_status) out += " " + std::to_string(*c.http_status);
  out += "\n";
  if (c.rule_line != 0) {
    out += "rule:       " + rules_path + ":" + std::to_string(c.rule_line) + "\n";
    out += "source:     " + c.rule_source + "\n";
  }
  if (!c.chain.empty()) out += "chain:      " + util::join(c.chain, " → ") + "\n";
  if (!c.unplaced.empty()) out += "not placed: " + c.unplaced + "\n";
  out += "hint:       " + c.hint + "\n";
  return out;
}

}  // namespace bicepgate::classify
