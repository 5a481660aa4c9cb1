#include "classify/rules.hpp"

#include <fnmatch.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <tuple>

#include "util/strings.hpp"
#include "util/yaml.hpp"

namespace bicepgate::classify {
namespace {

const std::vector<std::string> kKeys = {"code",  "message",   "when",  "kind", "wrapper",
                                        "class", "retryable", "infer", "hint", "source"};
const std::vector<std::string> kChecks = {"api-version-newer-than-supported", "right-after-create"};

bool glob(const std::string& pattern, const std::string& value) {
  return ::fnmatch(pattern.c_str(), value.c_str(), 0) == 0;
}

std::optional<std::vector<std::string>> message_matches(const Rule& rule, const std::string& text) {
  if (!rule.message) return std::vector<std::string>{};
  util::RegexMatch m;
  if (!rule.message->search(text, m)) return std::nullopt;
  std::vector<std::string> groups;
  for (std::size_t i = 1; i < m.size(); ++i) groups.push_back(m.str(i));
  return groups;
}

// A class name printed as a word of its own: "ValidationError" is not "DeploymentValidationError".
bool contains_word(const std::string& text, const std::string& word) {
  auto is_word = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
  };
  for (auto at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) {
    bool before = at == 0 || !is_word(text[at - 1]);
    auto end = at + word.size();
    if (before && (end == text.size() || !is_word(text[end]))) return true;
  }
  return false;
}

}  // namespace

std::string to_string(FailureClass failure_class) {
  switch (failure_class) {
    case FailureClass::kLogic: return "logic";
    case FailureClass::kEnvironmental: return "environmental";
    case FailureClass::kConfiguration: return "configuration";
    case FailureClass::kUnknown: break;
  }
  return "unknown";
}

bool passes_check(const std::string& check, const ErrorNode& node) {
  if (check == "api-version-newer-than-supported") {
    // A requested version newer than every listed one: the region has not caught up yet.
    static const util::Regex kRequested(R"(API version '(\d{4}-\d\d-\d\d)[^']*')",
                                        util::Regex::kIgnoreCase);
    static const util::Regex kSupported(R"(supported api-versions are '([^']*)')",
                                        util::Regex::kIgnoreCase);
    util::RegexMatch requested;
    util::RegexMatch supported;
    if (!kRequested.search(node.message, requested) ||
        !kSupported.search(node.message, supported)) {
      return false;
    }
    std::string newest;
    for (const auto& version : util::split(supported.str(1), ','))
      newest = std::max(newest, util::trim(version).substr(0, 10));
    return !newest.empty() && requested.str(1) > newest;
  }
  if (check == "right-after-create") {
    return node.message.find("could not be found") != std::string::npos && node.depth > 0;
  }
  return false;
}

namespace {

// One rule's entry in the file: its errors name the file and the rule's line.
struct RuleSite {
  const util::YamlReader& reader;
  const YAML::Node& item;
  Unexpected<Error> error(const std::string& message, const std::string& kind) const {
    return reader.error_at(item, message, kind);
  }
};

Result<ErrorKind> parse_kind(const std::string& kind, const RuleSite& at) {
  if (kind == "azure") return ErrorKind::kAzure;
  if (kind == "bicep") return ErrorKind::kBicep;
  if (kind == "text") return ErrorKind::kText;
  if (kind == "http") return ErrorKind::kHttpStatus;
  if (kind == "az-class") return ErrorKind::kAzClass;
  if (kind == "idiom") return ErrorKind::kIdiom;
  return at.error("kind '" + kind + "' must be azure, bicep, text, http, az-class or idiom",
                  "kind");
}

Result<FailureClass> parse_class(const std::string& klass, const RuleSite& at) {
  if (klass == "logic") return FailureClass::kLogic;
  if (klass == "environmental") return FailureClass::kEnvironmental;
  if (klass == "configuration") return FailureClass::kConfiguration;
  return at.error("class '" + klass + "' must be logic, environmental or configuration", "class");
}

// A rule says where its knowledge comes from, so a reader can check it against the source.
Result<bool> check_source(const Rule& rule, const RuleSite& at) {
  if (rule.source.empty())
    return at.error("every rule needs a 'source' (the doc page or issue URL it comes from)",
                    "source");
  if (!util::starts_with(rule.source, "https://") && !util::starts_with(rule.source, "http://"))
    return at.error("source '" + rule.source + "' must be a URL", "source");
  return true;
}

// The code of an http rule is a status glob ("429", "5??"); of an az-class rule a class name.
Result<bool> check_code(const Rule& rule, const RuleSite& at) {
  static const util::Regex kStatus(R"([1-5][0-9?]{2})");
  static const util::Regex kClassName(R"([A-Z][A-Za-z]+)");
  if (rule.code.empty()) return at.error("a rule needs 'code'", "code");
  if (rule.kind == ErrorKind::kHttpStatus && !kStatus.full_match(rule.code))
    return at.error("an http rule's code must be a status like 429 or 5??", "code");
  if (rule.kind == ErrorKind::kAzClass && !kClassName.full_match(rule.code))
    return at.error("an az-class rule's code must be a class name", "code");
  return true;
}

Result<bool> compile_message(Rule& rule, const RuleSite& at) {
  if (!rule.message_pattern.empty()) {
    auto compiled = util::Regex::compile(rule.message_pattern, util::Regex::kIgnoreCase);
    if (!compiled)
      return at.error("message pattern '" + rule.message_pattern +
                          "' is not a valid regular expression: " + compiled.error().message,
                      "message");
    rule.message = std::make_shared<const util::Regex>(std::move(*compiled));
  }
  if ((rule.kind == ErrorKind::kText || rule.kind == ErrorKind::kIdiom) && !rule.message)
    return at.error("a text or idiom rule needs a 'message' pattern", "message");
  if (rule.kind == ErrorKind::kIdiom && rule.infer.empty())
    return at.error("an idiom rule needs 'infer' (the code it reports)", "infer");
  return true;
}

Result<bool> check_when(const Rule& rule, const RuleSite& at) {
  if (rule.when.empty() || std::find(kChecks.begin(), kChecks.end(), rule.when) != kChecks.end())
    return true;
  return at.error("unknown check '" + rule.when + "' (known: " + util::join(kChecks, ", ") + ")",
                  "when");
}

Result<Rule> parse_rule(const RuleSite& at) {
  const auto& r = at.reader;
  const auto& item = at.item;
  if (auto keys = r.check_keys(item, kKeys, "a rule"); !keys) return fail(keys.error());
  Rule rule;
  rule.line = item.Mark().line + 1;
  auto text = [&](const char* key, std::string& into, const char* fallback) -> Status {
    auto value = r.scalar_or(item, key, fallback);
    if (!value) return fail(value.error());
    into = std::move(*value);
    return {};
  };
  std::string kind_name;
  std::string class_name;
  for (auto [key, into, fallback] :
       {std::tuple{"code", &rule.code, ""}, std::tuple{"kind", &kind_name, "azure"},
        std::tuple{"class", &class_name, ""}, std::tuple{"infer", &rule.infer, ""},
        std::tuple{"hint", &rule.hint, ""}, std::tuple{"source", &rule.source, ""},
        std::tuple{"when", &rule.when, ""}, std::tuple{"message", &rule.message_pattern, ""}}) {
    if (auto ok = text(key, *into, fallback); !ok) return fail(ok.error());
  }
  auto kind = parse_kind(kind_name, at);
  if (!kind) return fail(kind.error());
  rule.kind = *kind;
  auto klass = parse_class(class_name, at);
  if (!klass) return fail(klass.error());
  rule.failure_class = *klass;
  for (auto [key, into] :
       {std::pair{"retryable", &rule.retryable}, std::pair{"wrapper", &rule.wrapper}}) {
    auto value = r.boolean_or(item, key, false);
    if (!value) return fail(value.error());
    *into = *value;
  }
  if (rule.hint.empty()) return at.error("every rule needs a 'hint' for people", "hint");
  for (auto check : {check_code, check_source, check_when}) {
    if (auto ok = check(rule, at); !ok) return fail(ok.error());
  }
  if (auto ok = compile_message(rule, at); !ok) return fail(ok.error());
  return rule;
}

}  // namespace

Result<RuleTable> RuleTable::parse_unchecked(const std::string& yaml_text,
                                             const std::string& source) {
  const util::YamlReader r(source, "rules");
  auto root = r.document(yaml_text, YAML::NodeType::Sequence, "a list of rules");
  if (!root) return fail(root.error());
  RuleTable table;
  for (const auto& item : *root) {
    if (auto ok = r.expect(item, YAML::NodeType::Map, "a rule"); !ok) return fail(ok.error());
    auto rule = parse_rule(RuleSite{r, item});
    if (!rule) return fail(rule.error());
    table.rules_.push_back(std::move(*rule));
  }
  return table;
}

Result<RuleTable> RuleTable::load(const std::string& path) {
  auto text = util::YamlReader::read_file(path, "rules");
  if (!text) return fail(text.error());
  return parse(*text, path);
}

std::optional<RuleMatch> RuleTable::match(const ErrorNode& node) const {
  for (const auto& rule : rules_) {
    if (rule.kind != ErrorKind::kAzure && rule.kind != ErrorKind::kBicep) continue;
    if ((rule.kind == ErrorKind::kBicep) != (node.kind == ErrorKind::kBicep)) continue;
    if (!glob(rule.code, node.code)) continue;
    auto groups = message_matches(rule, node.message);
    if (!groups) continue;
    if (!rule.when.empty() && !passes_check(rule.when, node)) continue;
    return RuleMatch{&rule, std::move(*groups)};
  }
  return std::nullopt;
}

// Line by line, each cut to a sentence-sized head: std::regex recurses per character a ".*"
// consumes, and a 300 kB line would overflow the stack.
std::optional<RuleMatch> RuleTable::match_lines(ErrorKind kind, const std::string& output) const {
  constexpr std::size_t kMaxLine = 2000;
  std::vector<std::string> lines;
  for (const auto& line : util::split_lines(output)) lines.push_back(line.substr(0, kMaxLine));
  for (const auto& rule : rules_) {
    if (rule.kind != kind) continue;
    for (const auto& line : lines) {
      if (auto groups = message_matches(rule, line)) return RuleMatch{&rule, std::move(*groups)};
    }
  }
  return std::nullopt;
}

std::optional<RuleMatch> RuleTable::match_text(const std::string& output) const {
  return match_lines(ErrorKind::kText, output);
}

std::optional<RuleMatch> RuleTable::match_idiom(const std::string& output) const {
  return match_lines(ErrorKind::kIdiom, output);
}

std::optional<RuleMatch> RuleTable::first_of_kind(ErrorKind kind, const std::string& code) const {
  for (const auto& rule : rules_) {
    if (rule.kind == kind && glob(rule.code, code)) return RuleMatch{&rule, {}};
  }
  return std::nullopt;
}

std::optional<RuleMatch> RuleTable::match_status(int status) const {
  return first_of_kind(ErrorKind::kHttpStatus, std::to_string(status));
}

std::optional<RuleMatch> RuleTable::match_az_class(const std::string& output) const {
  for (const auto& rule : rules_) {
    if (rule.kind == ErrorKind::kAzClass && contains_word(output, rule.code))
      return RuleMatch{&rule, {}};
  }
  return std::nullopt;
}

// A code's own rule says whether it wraps: the first unconditional (no message, no check) Azure
// rule its glob reaches. So a family glob ("*Failed") can wrap the codes no named rule claims
// while AuthorizationFailed, named earlier, stays a cause.
bool RuleTable::is_wrapper(const std::string& code) const {
  for (const auto& rule : rules_) {
    if (rule.wrapper && rule.code == code) return true;
    if (rule.kind == ErrorKind::kAzure && !rule.message && rule.when.empty() &&
        glob(rule.code, code))
      return rule.wrapper;
  }
  return false;
}

Result<RuleTable> RuleTable::parse(const std::string& yaml_text, const std::string& source) {
  const util::YamlReader reader(source, "rules");
  return reader.guard([&] { return parse_unchecked(yaml_text, source); });
}

}  // namespace bicepgate::classify
