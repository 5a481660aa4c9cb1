#include "report/drift.hpp"

#include <algorithm>
#include <sstream>
#include <vector>

#include "github/conversation.hpp"
#include "report/markdown.hpp"
#include "report/what_if_table.hpp"
#include "util/hash.hpp"
#include "util/strings.hpp"

namespace bicepgate::report {
namespace {

// GitHub takes an issue body of at most 65,536 characters; the table gets what the rest leaves.
constexpr std::size_t kIssueBodyBudget = 60000;

bool drifted(const azure::WhatIfChange& change) {
  return change.change_type != "NoChange" && change.change_type != "Ignore";
}

}  // namespace

std::string drift_fingerprint(const azure::WhatIfResult& what_if) {
  // Order-free: what-if lists resources in an order of its own.
  std::vector<std::string> lines;
  for (const auto& change : what_if.changes) {
    if (!drifted(change)) continue;
    std::string line = util::to_lower(change.resource_id) + "\n" + change.change_type;
    for (const auto& property : change.delta) {
      if (property.change_type == "NoEffect") continue;
      line += "\n" + property.path + " " + property.change_type + " " + property.before.dump() +
              " " + property.after.dump();
    }
    lines.push_back(std::move(line));
  }
  std::sort(lines.begin(), lines.end());
  util::ContentHash hash;
  for (const auto& line : lines) hash.add(line).add("\n\n");
  return hash.hex();
}

std::string drift_fingerprint_line(const std::string& fingerprint) {
  return "<!-- bicepgate:drift-fingerprint " + fingerprint + " -->";
}

std::string drift_marker(const std::string& environment) {
  return github::hidden_marker("drift", environment);
}

std::string drift_issue_title(const std::string& environment) {
  return "bicepgate: drift in " + environment;
}

std::string render_drift_issue(const azure::WhatIfResult& what_if, const DriftFacts& facts,
                               const Redact& redact) {
  const Redact same = redact ? redact : [](const std::string& text) { return text; };
  std::ostringstream md;
  md << drift_marker(facts.environment) << "\n"
     << drift_fingerprint_line(drift_fingerprint(what_if)) << "\n";
  md << "## Drift in " << markdown_code(facts.environment) << "\n\n";
  md << "Azure no longer matches deployment " << markdown_code(same(facts.baseline));
  if (!facts.baseline_time.empty())
    md << " (succeeded " << markdown_text(facts.baseline_time) << ")";
  md << " in " << facts.where
     << ": what-if of the template and parameters it deployed finds these changes made outside "
        "it. Before → after is Azure now → what that deployment set.\n\n";
  const std::string tail =
      "\nRedeploy the environment to undo the changes, or change the template to keep them. "
      "bicepgate edits this issue when the drift changes and closes it when the drift is gone.\n";
  std::string checked = "\nLast checked " + markdown_text(facts.checked);
  if (!facts.run_url.empty()) checked += " by [this run](" + facts.run_url + ")";
  checked += ".\n";
  const std::size_t used = static_cast<std::size_t>(md.tellp()) + tail.size() + checked.size();
  md << render_what_if(what_if, 15, used < kIssueBodyBudget ? kIssueBodyBudget - used : 0, same);
  md << tail << checked;
  return md.str();
}

std::string render_drift_gone(const DriftFacts& facts) {
  std::string text = "The drift is gone: what-if of deployment " + markdown_code(facts.baseline) +
                     " finds no change in " + facts.where + " (checked " +
                     markdown_text(facts.checked);
  if (!facts.run_url.empty()) text += " by [this run](" + facts.run_url + ")";
  return text + "). Closing.\n";
}

}  // namespace bicepgate::report
