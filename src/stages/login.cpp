#include "stages/login.hpp"

#include <spdlog/spdlog.h>

#include "azure/login.hpp"
#include "pipeline/failure.hpp"

namespace bicepgate::stages {

Status login(pipeline::RunContext& ctx) {
  const auto& settings = ctx.settings.login;
  // Masked before anything could print them, whatever happens next.
  // A pretty-printed creds JSON is masked by its secret, not line by line ("{" would hide
  // every brace of the log).
  if (!settings.id_token_request.empty()) ctx.commands.add_mask(settings.id_token_request);
  if (!settings.creds.empty() && settings.creds.find('\n') == std::string::npos)
    ctx.commands.add_mask(settings.creds);
  auto plan = azure::plan_login(settings);
  if (!plan) {
    ctx.outcome.failure_class = "configuration";
    ctx.outcome.code = plan.error().code;
    ctx.outcome.hint =
        "Set inputs client-id, tenant-id and subscription-id with `permissions: id-token: write`, "
        "or input creds; see README, 'Log in to Azure'.";
    return fail(plan.error());
  }
  if (!plan->client_secret.empty()) ctx.commands.add_mask(plan->client_secret);
  if (!plan->warning.empty()) {
    github::Annotation warning;
    warning.level = github::AnnotationLevel::kWarning;
    warning.title = "bicepgate: login";
    warning.message = plan->warning;
    ctx.commands.annotate(warning);
  }
  std::vector<std::string> args;
  switch (plan->kind) {
    case azure::LoginPlan::Kind::kExisting: break;
    case azure::LoginPlan::Kind::kOidc: {
      auto token = azure::request_id_token(settings);
      if (!token) {
        const bool transient = token.error().code == "oidc.transient";
        ctx.outcome.failure_class = transient ? "environmental" : "configuration";
        ctx.outcome.retryable = transient;
        ctx.outcome.code = token.error().code;
        return fail(token.error());
      }
      ctx.commands.add_mask(*token);
      args = {"login",         "--service-principal", "--username", plan->client_id, "--tenant",
              plan->tenant_id, "--federated-token",   *token,       "--output",      "none"};
      break;
    }
    case azure::LoginPlan::Kind::kSecret:
      args = {
          "login",         "--service-principal", "--username",        plan->client_id, "--tenant",
          plan->tenant_id, "--password",          plan->client_secret, "--output",      "none"};
      break;
  }
  if (!args.empty()) {
    auto done = ctx.az.run({"validating_parameters", args, std::chrono::minutes(5)});
    if (!done || !done->ok()) return pipeline::az_failed(ctx, "az login", done);
    spdlog::info("login: service principal {} ({})", plan->client_id,
                 plan->kind == azure::LoginPlan::Kind::kOidc ? "OpenID Connect" : "creds");
  }
  if (!plan->subscription_id.empty()) {
    auto set = ctx.az.run({"validating_parameters",
                           {"account", "set", "--subscription", plan->subscription_id},
                           std::chrono::minutes(2)});
    if (!set || !set->ok()) return pipeline::az_failed(ctx, "az account set", set);
  }
  return {};
}

}  // namespace bicepgate::stages
