#pragma once
// stages/login: part of validating parameters. Logs az in as the inputs ask (OIDC, creds, or
// the existing login) and selects the subscription. Every credential is masked first.

#include "model/run_context.hpp"

namespace bicepgate::stages {

Status login(model::RunContext& ctx);

// Pure. Whether the failure is a login that expired on a long run, which a fresh login cures:
// Entra ID refusing the replayed federated assertion (AADSTS700024, "Client assertion is not
// within its valid time range") or ARM refusing an access token past its expiry
// (ExpiredAuthenticationToken).
bool expired_login(const model::RunOutcome& outcome);

// Before a stage runs (`stage`, as the state machine names it): logs in again, with a fresh ID
// token or the creds, when bicepgate made the login itself and it is older than relogin-minutes,
// or when `expired_code` (the previous attempt's expired-login code, or empty) says it expired.
// Recorded in ctx.record.relogins; a failed login fails the stage like the first one.
Status renew_login_if_due(model::RunContext& ctx, const std::string& stage,
                          const std::string& expired_code);

}  // namespace bicepgate::stages
