#include "stages/gate.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "github/merged_pull_request.hpp"
#include "util/strings.hpp"
#include "version.hpp"

namespace bicepgate::stages {

std::vector<model::DestructiveChange> find_destructive(
    const azure::WhatIfResult& what_if, const std::vector<std::string>& previously_managed) {
  std::vector<std::string> managed;
  managed.reserve(previously_managed.size());
  for (const auto& id : previously_managed) managed.push_back(util::to_lower(id));
  std::vector<model::DestructiveChange> out;
  for (const auto& change : what_if.changes) {
    std::string why;
    auto kind = model::DestructiveKind::kDelete;
    if (change.change_type == "Delete") {
      why = "deleted (Complete mode removes resources the template no longer declares)";
    } else if (change.change_type == "Ignore" &&
               std::find(managed.begin(), managed.end(), util::to_lower(change.resource_id)) !=
                   managed.end()) {
      // Incremental mode leaves it in Azure, unmanaged: the template meant to drop it.
      why =
          "dropped from the template; the environment's last deployment managed it (Incremental "
          "mode leaves it running, unmanaged)";
      kind = model::DestructiveKind::kUnmanaged;
    }
    if (!why.empty())
      out.push_back({change.resource_id, change.resource_type, change.resource_name, why, kind});
  }
  return out;
}

bool gate_needed(const std::vector<model::DestructiveChange>& deletes,
                 const std::vector<model::DestructiveChange>& unmanaged, const GatePolicy& policy) {
  return !deletes.empty() ||
         (!unmanaged.empty() && (policy.unmanaged == routing::UnmanagedPolicy::kApprove ||
                                 policy.unmanaged == routing::UnmanagedPolicy::kBlock));
}

namespace {

bool has_label(const std::optional<github::PullRequest>& pr, const std::string& label) {
  return pr && !label.empty() &&
         std::find(pr->labels.begin(), pr->labels.end(), label) != pr->labels.end();
}

std::string unmanaged_count(std::size_t n) {
  return std::to_string(n) + " resource(s) left unmanaged";
}

// How to approve, when nothing did.
std::string how_to_approve(const Approvals& approvals) {
  std::string input = "set input allow-deletes: true";
  const std::string label = "'" + approvals.label + "'";
  if (approvals.pull_request) {
    return "add the label " + label + " to pull request #" +
           std::to_string(approvals.pull_request->number) + ", or " + input;
  }
  if (!approvals.merged_looked_up) return input;
  if (!approvals.merged_problem.empty()) {
    return "the label " + label +
           " on the merged pull request could not be checked: " + approvals.merged_problem;
  }
  if (approvals.merged) {
    // Labels are read when the gate runs, so a label added after the merge counts on a re-run.
    return "add the label " + label + " to merged pull request #" +
           std::to_string(approvals.merged->number) + " and re-run this job, or " + input;
  }
  return "the pushed commit is no merged pull request's merge commit (pushed directly?), so no "
         "label can approve it; " +
         input;
}

}  // namespace

GateDecision decide_gate(const std::vector<model::DestructiveChange>& deletes,
                         const std::vector<model::DestructiveChange>& unmanaged,
                         const GatePolicy& policy, const Approvals& approvals) {
  using routing::DeletePolicy;
  using routing::UnmanagedPolicy;
  if (!gate_needed(deletes, unmanaged, policy)) {
    if (unmanaged.empty()) return {true, "no destructive changes"};
    return {true, unmanaged_count(unmanaged.size()) +
                      ": not gated (unmanaged-policy: " + to_string(policy.unmanaged) + ")"};
  }
  const std::string deleted = std::to_string(deletes.size()) + " destructive change(s)";
  if (!unmanaged.empty() && policy.unmanaged == UnmanagedPolicy::kBlock) {
    return {false, unmanaged_count(unmanaged.size()) +
                       " refused: the environment's unmanaged-policy is block (declare them in "
                       "the template again, delete them by hand, or change the config)"};
  }
  if (!deletes.empty() && policy.deletes == DeletePolicy::kBlock) {
    return {false,
            deleted +
                " refused: the environment's delete-policy is block (change the config to allow "
                "them, or delete by hand)"};
  }
  const bool deletes_wait = !deletes.empty() && policy.deletes == DeletePolicy::kRequireApproval;
  const bool unmanaged_wait = !unmanaged.empty() && policy.unmanaged == UnmanagedPolicy::kApprove;
  if (!deletes_wait && !unmanaged_wait) return {true, deleted + " allowed by delete-policy: allow"};
  std::string count = deletes_wait ? deleted : "";
  if (unmanaged_wait) count += (count.empty() ? "" : " and ") + unmanaged_count(unmanaged.size());
  if (approvals.allow_deletes) return {true, count + " approved by input allow-deletes: true"};
  if (has_label(approvals.pull_request, approvals.label)) {
    return {true, count + " approved by the pull request's label '" + approvals.label + "'"};
  }
  if (approvals.merged_problem.empty() && has_label(approvals.merged, approvals.label)) {
    return {true, count + " approved by label '" + approvals.label + "' on merged pull request #" +
                      std::to_string(approvals.merged->number)};
  }
  return {false, count + " need approval: " + how_to_approve(approvals), true};
}

namespace {

// A push after a merge has no pull request in its event: ask GitHub which one it came from.
void look_up_merged_pull_request(const model::RunContext& ctx, Approvals& approvals) {
  approvals.merged_looked_up = true;
  if (ctx.settings.github_token.empty()) {
    approvals.merged_problem =
        "input github-token is empty; pass ${{ github.token }} (with permissions: "
        "pull-requests: read), or set input allow-deletes: true";
    return;
  }
  github::ApiSettings settings;
  settings.base_url = ctx.event.api_url;
  settings.token = ctx.settings.github_token;
  settings.user_agent = std::string("bicepgate/") + kVersion;
  auto found = github::find_merged_pull_request(github::GitHubApi(settings), ctx.event.repository,
                                                ctx.event.branch, ctx.event.sha);
  if (!found) {
    approvals.merged_problem = found.error().message;
    return;
  }
  approvals.merged = std::move(*found);
  spdlog::info("gate: commit {} came from {}", ctx.event.sha,
               approvals.merged ? "merged pull request #" + std::to_string(approvals.merged->number)
                                : std::string("no merged pull request"));
}

}  // namespace

Status confirm_deletes(model::RunContext& ctx) {
  const GatePolicy policy{ctx.settings.target.delete_policy, ctx.settings.target.unmanaged_policy};
  Approvals approvals;
  approvals.allow_deletes = ctx.settings.allow_deletes;
  approvals.label = ctx.settings.delete_approval_label;
  approvals.pull_request = ctx.event.pull_request;
  auto decision = decide_gate(ctx.record.destructive, ctx.record.unmanaged, policy, approvals);
  // The API is asked only when its answer can still open the gate.
  if (!decision.proceed && decision.needs_approval && ctx.event.event_name == "push" &&
      !ctx.event.branch.empty() && !approvals.label.empty()) {
    look_up_merged_pull_request(ctx, approvals);
    decision = decide_gate(ctx.record.destructive, ctx.record.unmanaged, policy, approvals);
  }
  spdlog::info("gate: {}", decision.reason);
  if (decision.proceed) {
    ctx.record.gate_reason = decision.reason;
    return {};
  }
  std::string message = decision.reason + ".";
  if (!ctx.record.destructive.empty()) message += " Resources that would go:";
  for (const auto& d : ctx.record.destructive) {
    message += "\n- " + d.resource_type + " " + d.resource_name + ": " + d.why;
  }
  if (gate_needed({}, ctx.record.unmanaged, policy)) {
    message += "\nResources left running, no longer managed by the template:";
    for (const auto& d : ctx.record.unmanaged) {
      message += "\n- " + d.resource_type + " " + d.resource_name + ": " + d.why;
    }
  }
  ctx.record.outcome.failure_class = classify::FailureClass::kConfiguration;
  return fail(message, "gate.deletes");
}

}  // namespace bicepgate::stages
