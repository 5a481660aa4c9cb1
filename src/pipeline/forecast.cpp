#include "pipeline/forecast.hpp"

#include "azure/deployment_history.hpp"
#include "pipeline/stage.hpp"
#include "stages/gate.hpp"

namespace bicepgate::pipeline {
namespace {

std::string changes_in_words(const azure::WhatIfResult& what_if) {
  std::string text;
  for (const auto& [type, count] : what_if.counts) {
    if (type == "NoChange" || type == "Ignore") continue;
    text += (text.empty() ? "" : ", ") + std::to_string(count) + " " + type;
  }
  return text.empty() ? "no change" : text;
}

// The environment's deployments as the history holds them: this content's, and the last good.
void add_history_facts(const model::RunContext& ctx, Forecast& out) {
  const auto& record = ctx.record;
  out.facts.push_back("content: " + record.deployment_name +
                      " (the name hashes the compiled template, parameters, scope and mode)");
  if (auto same = azure::succeeded_named(record.history, record.deployment_name)) {
    out.facts.push_back("this content succeeded at " + same->timestamp);
  } else {
    out.facts.emplace_back("this content never succeeded here");
  }
  const auto prefix = azure::deployment_name_prefix(ctx.settings.target.name);
  if (auto last = azure::last_succeeded(record.history, prefix);
      last && last->name != record.deployment_name) {
    out.facts.push_back("last success: " + last->name + " at " + last->timestamp);
  }
  out.facts.push_back("what-if: " + changes_in_words(record.what_if));
}

}  // namespace

nlohmann::json Forecast::to_json() const {
  return {{"verdict", verdict}, {"reason", reason}, {"facts", facts}};
}

Forecast judge(const model::RunContext& ctx, bool deploys) {
  Forecast out;
  add_history_facts(ctx, out);
  const auto& record = ctx.record;
  const stages::GatePolicy policy{ctx.settings.target.delete_policy,
                                  ctx.settings.target.unmanaged_policy};
  const bool same_succeeded =
      azure::succeeded_named(record.history, record.deployment_name).has_value();
  if (!deploys) {
    out.verdict = "plan";
    out.reason = "the route only plans (" + ctx.settings.route_reason + "): it deploys nothing";
  } else if (stages::gate_needed(record.destructive, record.unmanaged, policy)) {
    out.verdict = "stop";
    out.reason = "what-if deletes " +
                 std::to_string(record.destructive.size() + record.unmanaged.size()) +
                 " resource(s): the delete gate stops the run unless the deletes are approved";
  } else if (record.unchanged && !ctx.settings.force) {
    out.verdict = "skip";
    out.reason = "this content already succeeded here and what-if shows no change";
  } else if (record.unchanged) {
    out.verdict = "deploy";
    out.reason = "unchanged, but force is set";
  } else if (same_succeeded) {
    out.verdict = "deploy";
    out.reason = "this content succeeded before, but what-if shows " +
                 changes_in_words(record.what_if) +
                 " since: something changed in Azure outside this template";
  } else if (!azure::last_succeeded(record.history,
                                    azure::deployment_name_prefix(ctx.settings.target.name))) {
    out.verdict = "deploy";
    out.reason = "no deployment of this environment has succeeded yet";
  } else {
    out.verdict = "deploy";
    out.reason = "the template, parameters, scope or mode changed since the last success";
  }
  return out;
}

Forecast forecast(model::RunContext& ctx, bool deploys) {
  if (plan_stages(ctx)) return judge(ctx, deploys);
  Forecast out;
  out.verdict = "stop";
  out.failed = true;
  const auto& failure = ctx.record.outcome;
  out.reason = model::describe_stage(failure.stage) + " would fail (" + model::class_name(failure) +
               (failure.code.empty() ? "" : ", " + failure.code) + "): " + failure.message;
  if (!failure.hint.empty()) out.facts.push_back(failure.hint);
  return out;
}

}  // namespace bicepgate::pipeline
