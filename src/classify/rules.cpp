#include "classify/rules.hpp"

#include <fnmatch.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>

#include "util/files.hpp"
#include "util/strings.hpp"
#include "util/yaml_guard.hpp"

namespace bicepgate::classify {
namespace {

const std::vector<std::string> kKeys = {"code",  "message",   "when",  "kind", "wrapper",
                                        "class", "retryable", "infer", "hint"};
const std::vector<std::string> kChecks = {"api-version-newer-than-supported", "right-after-create"};

bool glob(const std::string& pattern, const std::string& value) {
  return ::fnmatch(pattern.c_str(), value.c_str(), 0) == 0;
}

std::optional<std::vector<std::string>> message_matches(const Rule& rule, const std::string& text) {
  if (!rule.message) return std::vector<std::string>{};
  std::smatch m;
  if (!std::regex_search(text, m, *rule.message)) return std::nullopt;
  std::vector<std::string> groups;
  for (std::size_t i = 1; i < m.size(); ++i) groups.push_back(m[i].str());
  return groups;
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
    static const std::regex kRequested(R"(API version '(\d{4}-\d\d-\d\d)[^']*')",
                                       std::regex::icase);
    static const std::regex kSupported(R"(supported api-versions are '([^']*)')",
                                       std::regex::icase);
    std::smatch requested;
    std::smatch supported;
    if (!std::regex_search(node.message, requested, kRequested) ||
        !std::regex_search(node.message, supported, kSupported)) {
      return false;
    }
    std::string newest;
    for (const auto& version : util::split(supported[1].str(), ','))
      newest = std::max(newest, util::trim(version).substr(0, 10));
    return !newest.empty() && requested[1].str() > newest;
  }
  if (check == "right-after-create") {
    return node.message.find("could not be found") != std::string::npos && node.depth > 0;
  }
  return false;
}

Result<RuleTable> RuleTable::parse_unchecked(const std::string& yaml_text,
                                             const std::string& source) {
  YAML::Node root;
  try {
    root = YAML::Load(yaml_text);
  } catch (const YAML::ParserException& e) {
    return fail(source + ":" + std::to_string(e.mark.line + 1) + ": invalid YAML: " + e.msg,
                "rules.yaml");
  }
  if (!root.IsSequence()) return fail(source + ": expected a list of rules", "rules.shape");
  RuleTable table;
  for (const auto& item : root) {
    const int line = item.Mark().line + 1;
    auto where = source + ":" + std::to_string(line);
    if (!item.IsMap()) return fail(where + ": a rule must be a map", "rules.shape");
    try {
      for (auto it = item.begin(); it != item.end(); ++it) {
        auto key = it->first.as<std::string>();
        if (std::find(kKeys.begin(), kKeys.end(), key) == kKeys.end()) {
          return fail(
              where + ": unknown key '" + key + "' (expected " + util::join(kKeys, ", ") + ")",
              "rules.key");
        }
      }
      Rule rule;
      rule.line = line;
      rule.code = item["code"].as<std::string>("");
      if (rule.code.empty()) return fail(where + ": a rule needs 'code'", "rules.code");
      auto kind = item["kind"].as<std::string>("azure");
      if (kind == "bicep") {
        rule.kind = ErrorKind::kBicep;
      } else if (kind == "text") {
        rule.kind = ErrorKind::kText;
      } else if (kind != "azure") {
        return fail(where + ": kind '" + kind + "' must be azure, bicep or text", "rules.kind");
      }
      auto klass = item["class"].as<std::string>("");
      if (klass == "logic") {
        rule.failure_class = FailureClass::kLogic;
      } else if (klass == "environmental") {
        rule.failure_class = FailureClass::kEnvironmental;
      } else if (klass == "configuration") {
        rule.failure_class = FailureClass::kConfiguration;
      } else {
        return fail(where + ": class '" + klass + "' must be logic, environmental or configuration",
                    "rules.class");
      }
      rule.retryable = item["retryable"].as<bool>(false);
      rule.wrapper = item["wrapper"].as<bool>(false);
      rule.infer = item["infer"].as<std::string>("");
      rule.hint = item["hint"].as<std::string>("");
      if (rule.hint.empty())
        return fail(where + ": every rule needs a 'hint' for people", "rules.hint");
      rule.when = item["when"].as<std::string>("");
      if (!rule.when.empty() &&
          std::find(kChecks.begin(), kChecks.end(), rule.when) == kChecks.end()) {
        return fail(where + ": unknown check '" + rule.when +
                        "' (known: " + util::join(kChecks, ", ") + ")",
                    "rules.when");
      }
      rule.message_pattern = item["message"].as<std::string>("");
      if (!rule.message_pattern.empty()) {
        try {
          rule.message = std::make_shared<std::regex>(rule.message_pattern,
                                                      std::regex::ECMAScript | std::regex::icase);
        } catch (const std::regex_error& e) {
          return fail(where + ": message pattern '" + rule.message_pattern +
                          "' is not a valid regular expression: " + e.what(),
                      "rules.message");
        }
      }
      if (rule.kind == ErrorKind::kText && !rule.message) {
        return fail(where + ": a text rule needs a 'message' pattern", "rules.message");
      }
      table.rules_.push_back(std::move(rule));
    } catch (const YAML::Exception& e) {
      return fail(where + ": " + e.msg, "rules.value");
    }
  }
  return table;
}

Result<RuleTable> RuleTable::load(const std::string& path) {
  auto text = util::read_file(path);
  if (!text) return fail(text.error());
  return parse(*text, path);
}

std::optional<RuleMatch> RuleTable::match(const ErrorNode& node) const {
  for (const auto& rule : rules_) {
    if (rule.kind == ErrorKind::kText) continue;
    if ((rule.kind == ErrorKind::kBicep) != (node.kind == ErrorKind::kBicep)) continue;
    if (!glob(rule.code, node.code)) continue;
    auto groups = message_matches(rule, node.message);
    if (!groups) continue;
    if (!rule.when.empty() && !passes_check(rule.when, node)) continue;
    return RuleMatch{&rule, std::move(*groups)};
  }
  return std::nullopt;
}

std::optional<RuleMatch> RuleTable::match_text(const std::string& output) const {
  for (const auto& rule : rules_) {
    if (rule.kind != ErrorKind::kText) continue;
    if (auto groups = message_matches(rule, output)) return RuleMatch{&rule, std::move(*groups)};
  }
  return std::nullopt;
}

bool RuleTable::is_wrapper(const std::string& code) const {
  return std::any_of(rules_.begin(), rules_.end(),
                     [&](const Rule& r) { return r.wrapper && glob(r.code, code); });
}

Result<RuleTable> RuleTable::parse(const std::string& yaml_text, const std::string& source) {
  return util::guard_yaml(source, [&] { return parse_unchecked(yaml_text, source); });
}

}  // namespace bicepgate::classify
