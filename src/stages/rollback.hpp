#pragma once
// rollback: after the deploy stage failed with rollback-on-failure, what ARM redeployed. ARM runs
// the redeploy itself (the create call asked for it with --rollback-on-error); this reads the
// failed deployment's properties.onErrorDeployment until the redeploy has ended.

#include "model/run_context.hpp"

namespace bicepgate::stages {

// Fills ctx.record.rollback; never fails the run further (it has failed already). Does nothing
// when no rollback was asked for.
void read_rollback(model::RunContext& ctx);

}  // namespace bicepgate::stages
