#include "stages/resource_group.hpp"

#include <spdlog/spdlog.h>

#include "stages/failure.hpp"
#include "util/strings.hpp"

namespace bicepgate::stages {

Status ensure_resource_group(model::RunContext& ctx) {
  const auto& env = ctx.settings.target;
  if (ctx.scope() != "resourceGroup" || env.resource_group.empty()) return {};
  auto exists = ctx.az.run({"planning",
                            {"group", "exists", "--name", env.resource_group, "--output", "json"},
                            std::chrono::minutes(2)});
  if (!exists || !exists->ok()) return stages::az_failed(ctx, "az group exists", exists);
  if (util::trim(exists->out) == "true") return {};

  const std::string by_hand = "az group create --name " + env.resource_group + " --location " +
                              (ctx.location().empty() ? std::string("LOCATION") : ctx.location());
  auto refuse = [&](const std::string& why) {
    ctx.record.outcome.failure_class = classify::FailureClass::kConfiguration;
    ctx.record.outcome.code = "ResourceGroupNotFound";
    ctx.record.outcome.hint = "Create it with `" + by_hand + "`" + why;
    return fail("resource group " + env.resource_group + " of environment '" + env.name +
                    "' does not exist",
                "ResourceGroupNotFound");
  };
  const auto policy = ctx.settings.create_resource_group;
  if (policy == model::CreateResourceGroup::kNever)
    return refuse(", or set the input create-resource-group to non-production or true.");
  if (env.production && policy != model::CreateResourceGroup::kAlways) {
    return refuse(": environment '" + env.name + "' is production (" + env.production_reason +
                  "), where bicepgate creates a resource group only with create-resource-group: "
                  "true.");
  }
  if (ctx.settings.plan_only) {
    return refuse(
        ", or let the first deploying run create it: this run only plans and writes "
        "nothing to Azure.");
  }
  if (ctx.location().empty())
    return refuse(": the environment names no location to create it in (config 'location').");
  auto created = ctx.az.run({"planning",
                             {"group", "create", "--name", env.resource_group, "--location",
                              ctx.location(), "--tags", "created-by=bicepgate", "--output", "json"},
                             std::chrono::minutes(5)});
  if (!created || !created->ok()) return stages::az_failed(ctx, "az group create", created);
  spdlog::info("created resource group {} in {} (create-resource-group)", env.resource_group,
               ctx.location());
  return {};
}

}  // namespace bicepgate::stages
