#include "stages/gate.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "util/strings.hpp"

namespace bicepgate::stages {

std::vector<pipeline::DestructiveChange> find_destructive(
    const azure::WhatIfResult& what_if, const std::vector<std::string>& previously_managed) {
  std::vector<std::string> managed;
  for (const auto& id : previously_managed) managed.push_back(util::to_lower(id));
  std::vector<pipeline::DestructiveChange> out;
  for (const auto& change : what_if.changes) {
    std::string why;
    if (change.change_type == "Delete") {
      why = "deleted (Complete mode removes resources the template no longer declares)";
    } else if (change.change_type == "Ignore" &&
               std::find(managed.begin(), managed.end(), util::to_lower(change.resource_id)) !=
                   managed.end()) {
      // Incremental mode leaves it in Azure, unmanaged: the template meant to drop it.
      why =
          "dropped from the template; the environment's last deployment managed it (Incremental "
          "mode "
          "leaves it running, unmanaged)";
    }
    if (!why.empty())
      out.push_back({change.resource_id, change.resource_type, change.resource_name, why});
  }
  return out;
}

GateDecision decide_gate(const std::vector<pipeline::DestructiveChange>& destructive,
                         routing::DeletePolicy policy, bool allow_deletes,
                         const std::optional<github::PullRequest>& pull_request,
                         const std::string& approval_label) {
  if (destructive.empty()) return {true, "no destructive changes"};
  const std::string count = std::to_string(destructive.size()) + " destructive change(s)";
  if (policy == routing::DeletePolicy::kAllow)
    return {true, count + " allowed by delete-policy: allow"};
  if (policy == routing::DeletePolicy::kBlock) {
    return {false,
            count +
                " refused: the environment's delete-policy is block (change the config to allow "
                "them, or delete by hand)"};
  }
  if (allow_deletes) return {true, count + " approved by input allow-deletes: true"};
  if (pull_request && !approval_label.empty() &&
      std::find(pull_request->labels.begin(), pull_request->labels.end(), approval_label) !=
          pull_request->labels.end()) {
    return {true, count + " approved by the pull request's label '" + approval_label + "'"};
  }
  std::string how = "set input allow-deletes: true";
  if (pull_request)
    how = "add the label '" + approval_label + "' to pull request #" +
          std::to_string(pull_request->number) + ", or " + how;
  return {false, count + " need approval: " + how};
}

Status confirm_deletes(pipeline::RunContext& ctx) {
  auto decision =
      decide_gate(ctx.destructive, ctx.settings.target.delete_policy, ctx.settings.allow_deletes,
                  ctx.event.pull_request, ctx.settings.delete_approval_label);
  spdlog::info("gate: {}", decision.reason);
  if (decision.proceed) {
    ctx.gate_reason = decision.reason;
    return {};
  }
  std::string message = decision.reason + ". Resources that would go:";
  for (const auto& d : ctx.destructive) {
    message += "\n- " + d.resource_type + " " + d.resource_name + ": " + d.why;
  }
  ctx.outcome.failure_class = "configuration";
  return fail(message, "gate.deletes");
}

}  // namespace bicepgate::stages
