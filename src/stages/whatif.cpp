#include "stages/whatif.hpp"

#include <spdlog/spdlog.h>

#include "util/files.hpp"
#include "util/hash.hpp"
#include "util/strings.hpp"

namespace bicepgate::stages {

azure::DeploymentTarget deployment_target(const pipeline::RunContext& ctx) {
  const auto& env = ctx.settings.target;
  azure::DeploymentTarget target;
  target.scope = env.scope;
  target.resource_group = env.resource_group;
  target.location = env.location;
  target.name = ctx.deployment_name;
  target.template_file = ctx.compiled_template.string();
  if (!env.parameters_file.empty()) target.parameters_file = ctx.in_workspace(env.parameters_file).string();
  target.overrides = ctx.settings.overrides;
  return target;
}

Status what_if(pipeline::RunContext& ctx) {
  // The name carries the environment and what is deployed, so reruns are recognisable and
  // runs of different content never collide.
  util::ContentHash hash;
  hash.add(ctx.settings.target.name).add(ctx.settings.target.scope).add(ctx.compilation.arm_json);
  if (!ctx.settings.target.parameters_file.empty()) {
    auto params = util::read_file(ctx.in_workspace(ctx.settings.target.parameters_file));
    if (params) hash.add(*params);
  }
  for (const auto& [key, value] : ctx.settings.overrides) hash.add(key).add(value);
  ctx.deployment_name = azure::deployment_name(ctx.settings.target.name, hash.hex());

  azure::AzCall call{"planning", azure::what_if_args(deployment_target(ctx)), std::chrono::minutes(30)};
  auto result = ctx.az.run(call);
  if (!result) {
    ctx.outcome.failure_class = "environmental";
    return fail(result.error());
  }
  if (!result->ok()) {
    ctx.outcome.failure_class = "unknown";
    return fail("az deployment what-if failed (exit " + std::to_string(result->exit_code) + "): " +
                    ctx.commands.redact(util::trim(result->err)),
                "az.whatif");
  }
  auto parsed = azure::parse_what_if(result->out);
  if (!parsed) {
    ctx.outcome.failure_class = "unknown";
    return fail(parsed.error());
  }
  ctx.what_if = std::move(*parsed);
  std::string counts;
  for (const auto& [type, count] : ctx.what_if.counts) {
    counts += (counts.empty() ? "" : ", ") + type + " " + std::to_string(count);
  }
  spdlog::info("what-if: {}", counts.empty() ? "no resources" : counts);
  return {};
}

}  // namespace bicepgate::stages
