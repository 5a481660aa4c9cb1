#pragma once
// Drift as people read it: the issue bicepgate keeps open per environment while Azure differs
// from the last successful deployment, and the comment that closes it. Pure.

#include <string>

#include "azure/what_if.hpp"
#include "report/what_if_values.hpp"

namespace bicepgate::report {

inline constexpr const char* kDriftIssueLabel = "bicepgate-drift";

struct DriftFacts {
  std::string environment;
  std::string where;     // "resource group `rg-aos-prod`" or "the subscription"
  std::string baseline;  // the deployment compared with
  std::string baseline_time;
  std::string run_url;  // the run that found it; may be empty
  std::string checked;  // when, ISO 8601
};

// Pure. A hash of the changes left after the noise filter (resource, change type, each
// property's path and values): the same drift gives the same fingerprint, run after run.
std::string drift_fingerprint(const azure::WhatIfResult& what_if);
// The hidden line that carries it in the issue body.
std::string drift_fingerprint_line(const std::string& fingerprint);
// The hidden line that identifies the environment's drift issue.
std::string drift_marker(const std::string& environment);

std::string drift_issue_title(const std::string& environment);
// The issue body: marker, fingerprint, what drifted (the what-if table) and what to do.
std::string render_drift_issue(const azure::WhatIfResult& what_if, const DriftFacts& facts,
                               const Redact& redact = {});
// Said on the issue before bicepgate closes it.
std::string render_drift_gone(const DriftFacts& facts);

}  // namespace bicepgate::report
