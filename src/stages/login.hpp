#pragma once
// stages/login: part of validating parameters. Logs az in as the inputs ask (OIDC, creds, or
// the existing login) and selects the subscription. Every credential is masked first.

#include "model/run_context.hpp"

namespace bicepgate::stages {

Status login(model::RunContext& ctx);

}  // namespace bicepgate::stages
