#pragma once
// What the next run of an environment would do, and why, found without doing it: the stages up
// to what-if run as a plan-only run runs them (read-only in Azure: no resource group is
// created), and nothing is recorded, published or commented. For `bicepgate state`.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/run_context.hpp"

namespace bicepgate::pipeline {

struct Forecast {
  // deploy, skip, plan (the route only plans), stop (a stage or the delete gate would stop it)
  std::string verdict;
  std::string reason;              // why, in one sentence
  std::vector<std::string> facts;  // what the reason rests on: the content's name, the history
  bool failed = false;             // a stage would fail (not the delete gate)
  nlohmann::json to_json() const;
};

// `deploys`: whether the route deploys (settings.plan_only is set for the forecast itself, so
// that planning creates nothing). Pure but for the stages it runs through ctx.
Forecast forecast(model::RunContext& ctx, bool deploys);

// Pure. The verdict from what the plan found (ctx.record after the plan stages succeeded).
Forecast judge(const model::RunContext& ctx, bool deploys);

}  // namespace bicepgate::pipeline
