#include "azure/what_if_noise.hpp"

#include <fnmatch.h>

#include "util/strings.hpp"

namespace bicepgate::azure {
namespace {

bool glob(const std::string& pattern, const std::string& value) {
  return ::fnmatch(pattern.c_str(), value.c_str(), FNM_CASEFOLD) == 0;
}

}  // namespace

Result<std::vector<NoiseRule>> parse_noise_rules(const std::string& text,
                                                 const std::string& source) {
  std::vector<NoiseRule> rules;
  int number = 0;
  for (const auto& raw : util::split_lines(text)) {
    ++number;
    auto line = util::trim(raw.substr(0, raw.find('#')));
    if (line.empty()) continue;
    std::vector<std::string> words;
    for (const auto& word : util::split(line, ' ')) {
      if (auto w = util::trim(word); !w.empty()) words.push_back(w);
    }
    NoiseRule rule;
    rule.origin = source + ":" + std::to_string(number);
    if (words.size() == 1) {
      rule.type_glob = "*";
      rule.path_glob = words[0];
    } else if (words.size() == 2) {
      rule.type_glob = words[0];
      rule.path_glob = words[1];
    } else {
      return fail(rule.origin +
                      ": expected '<resource-type-glob> <property-path-glob>' or "
                      "'<property-path-glob>', found " +
                      std::to_string(words.size()) + " words",
                  "noise.syntax");
    }
    rules.push_back(std::move(rule));
  }
  return rules;
}

void apply_noise_filter(WhatIfResult& result, const std::vector<NoiseRule>& rules) {
  for (auto& change : result.changes) {
    if (change.delta.empty()) continue;
    std::vector<PropertyChange> kept;
    for (auto& property : change.delta) {
      bool noise = property.change_type == "NoEffect";
      for (const auto& rule : rules) {
        if (noise) break;
        noise = glob(rule.type_glob, change.resource_type) && glob(rule.path_glob, property.path);
      }
      if (noise) {
        change.filtered.push_back(property.path);
      } else {
        kept.push_back(std::move(property));
      }
    }
    change.delta = std::move(kept);
    if (change.change_type == "Modify" && change.delta.empty()) change.change_type = "NoChange";
  }
  result.recount();
}

}  // namespace bicepgate::azure
