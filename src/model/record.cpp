#include "model/record.hpp"

#include "util/strings.hpp"

namespace bicepgate::model {

bool RollbackRecord::succeeded() const {
  return util::to_lower(state) == "succeeded";
}

nlohmann::json rollback_json(const RollbackRecord& rollback) {
  if (!rollback.requested) return nullptr;
  return {{"policy", rollback.policy},
          {"type", rollback.type},
          {"deployment", rollback.deployment},
          {"state", rollback.state},
          {"outcome", rollback.succeeded()     ? "rolled_back"
                      : rollback.state.empty() ? "not_run"
                                               : "failed"},
          {"correlation_id", rollback.correlation_id},
          {"detail", rollback.detail}};
}

nlohmann::json previews_json(const std::vector<PreviewResult>& previews) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& p : previews) {
    nlohmann::json item = {{"state", to_string(p.state)},
                           {"production", p.target.production},
                           {"what_if", p.what_if.counts},
                           {"destructive", p.destructive.size()}};
    if (p.planned()) {
      item["gate"] = p.destructive.empty() ? "none" : p.gate_stops ? "stops" : "passes";
      item["gate_reason"] = p.gate_reason;
    }
    if (!p.deployment_name.empty()) item["deployment_name"] = p.deployment_name;
    if (!p.not_planned.empty()) item["not_planned"] = p.not_planned;
    if (p.outcome.failure_class) {
      item["failure"] = {
          {"class", class_name(p.outcome)}, {"code", p.outcome.code}, {"stage", p.outcome.stage}};
    }
    out[p.target.name] = std::move(item);
  }
  return out;
}

std::vector<const PreviewResult*> unplanned(const std::vector<PreviewResult>& previews) {
  std::vector<const PreviewResult*> out;
  for (const auto& p : previews) {
    if (!p.planned()) out.push_back(&p);
  }
  return out;
}

std::string class_name(const RunOutcome& outcome) {
  return outcome.failure_class ? classify::to_string(*outcome.failure_class) : std::string();
}

}  // namespace bicepgate::model
