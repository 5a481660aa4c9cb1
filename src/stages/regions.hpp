#pragma once
// stages/regions: part of planning. Warns before what-if when the target region lacks a
// capability the template needs (data/regions.yml, refined by `az provider show`), and with
// auto-region moves the deployment to the first tier-1 region that has them all.

#include "model/run_context.hpp"

namespace bicepgate::stages {

// Never fails the run: what it finds are warnings (ctx.record.region_warnings).
void check_regions(model::RunContext& ctx);

}  // namespace bicepgate::stages
