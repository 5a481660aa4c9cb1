#pragma once
// gate: destructive changes (deletes, and resources an environment's template stops managing)
// stop the run unless approved by input, by pull-request label, or by the environment's policy.

#include <optional>
#include <string>
#include <vector>

#include "github/event_context.hpp"
#include "pipeline/run_context.hpp"
#include "routing/config.hpp"

namespace bicepgate::stages {

// Pure. `previously_managed` are the resource ids of the environment's last succeeded deployment.
std::vector<pipeline::DestructiveChange> find_destructive(
    const azure::WhatIfResult& what_if, const std::vector<std::string>& previously_managed);

struct GateDecision {
  bool proceed = true;
  std::string reason;
};

// Pure. No destructive change: proceed. Otherwise by policy, then input, then label.
GateDecision decide_gate(const std::vector<pipeline::DestructiveChange>& destructive,
                         routing::DeletePolicy policy, bool allow_deletes,
                         const std::optional<github::PullRequest>& pull_request,
                         const std::string& approval_label);

Status confirm_deletes(pipeline::RunContext& ctx);

}  // namespace bicepgate::stages
