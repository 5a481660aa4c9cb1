#pragma once
// gate: destructive changes (deletes, and resources an environment's template stops managing)
// stop the run unless approved by input, by pull-request label (the event's own, or on a push
// the merged pull request's), or by the environment's policy.

#include <optional>
#include <string>
#include <vector>

#include "github/event_context.hpp"
#include "model/run_context.hpp"
#include "routing/config.hpp"

namespace bicepgate::stages {

// Pure. `previously_managed` are the resource ids of the environment's last succeeded deployment.
// Each change found has its kind: a Delete, or an Ignore of a resource that was managed.
std::vector<model::DestructiveChange> find_destructive(
    const azure::WhatIfResult& what_if, const std::vector<std::string>& previously_managed);

struct GatePolicy {
  routing::DeletePolicy deletes = routing::DeletePolicy::kRequireApproval;
  routing::UnmanagedPolicy unmanaged = routing::UnmanagedPolicy::kWarn;
};

// Where an approval may come from.
struct Approvals {
  bool allow_deletes = false;                       // input allow-deletes
  std::string label;                                // input delete-approval-label
  std::optional<github::PullRequest> pull_request;  // the event's own
  // On a push: whether the merged pull request the commit came from was asked for, what was
  // found (none: the commit is no pull request's merge commit), or why it could not be told.
  bool merged_looked_up = false;
  std::optional<github::PullRequest> merged;
  std::string merged_problem;
};

struct GateDecision {
  bool proceed = true;
  std::string reason;
  bool needs_approval = false;  // refused for want of an approval (not by policy)
};

// Pure. Whether the gate has anything to decide: deletes, or unmanaged resources under a policy
// of approve or block (warn and allow never stop a run).
bool gate_needed(const std::vector<model::DestructiveChange>& deletes,
                 const std::vector<model::DestructiveChange>& unmanaged, const GatePolicy& policy);

// Pure. Nothing to decide: proceed. Otherwise by policy, then input, then label.
GateDecision decide_gate(const std::vector<model::DestructiveChange>& deletes,
                         const std::vector<model::DestructiveChange>& unmanaged,
                         const GatePolicy& policy, const Approvals& approvals);

Status confirm_deletes(model::RunContext& ctx);

}  // namespace bicepgate::stages
