#include "stages/stack.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <set>

#include "stages/failure.hpp"
#include "stages/whatif.hpp"
#include "util/strings.hpp"

namespace bicepgate::stages {
namespace {

std::string lower(const std::string& text) {
  return util::to_lower(text);
}

// The stack as it is now, into the record; false (and nothing recorded) when there is none.
Result<bool> show_stack(model::RunContext& ctx, const azure::StackTarget& target) {
  auto shown = ctx.az.run({"planning",
                           azure::stack_show_args(target.scope, target.resource_group, target.name),
                           std::chrono::minutes(5)});
  if (shown && !shown->ok() && azure::stack_not_found(shown->err)) {
    ctx.record.stack.reset();
    spdlog::info("stack: {} does not exist", target.name);
    return false;
  }
  if (!shown || !shown->ok()) return fail(az_failed(ctx, "az stack show", shown).error());
  auto parsed = azure::parse_stack(shown->out);
  if (!parsed) return fail(unreadable(ctx, parsed.error()).error());
  ctx.record.stack = std::move(*parsed);
  return true;
}

// The template's own targetScope (lint reads it) may be one bicepgate has no stacks for.
Status check_stack_scope(model::RunContext& ctx) {
  if (ctx.scope() == "resourceGroup" || ctx.scope() == "subscription") return {};
  ctx.record.outcome.failure_class = classify::FailureClass::kConfiguration;
  ctx.record.outcome.hint = "Deploy environment '" + ctx.settings.target.name +
                            "' as type: deployment, or its template at resource-group or "
                            "subscription scope.";
  return fail("the template deploys at " + ctx.scope() +
                  " scope, where bicepgate has no "
                  "deployment stacks (type: stack): resourceGroup and subscription only",
              "config.stack_scope");
}

}  // namespace

std::vector<model::DestructiveChange> find_stack_drops(const azure::WhatIfResult& what_if,
                                                       const std::vector<std::string>& managed,
                                                       azure::UnmanageAction action) {
  // What the template still declares: every change what-if reports but Ignore and Delete.
  std::set<std::string> declared;
  for (const auto& change : what_if.changes) {
    if (change.change_type != "Ignore" && change.change_type != "Delete")
      declared.insert(lower(change.resource_id));
  }
  std::vector<model::DestructiveChange> out;
  for (const auto& id : managed) {
    if (declared.count(lower(id)) != 0) continue;
    auto [type, name] = azure::type_and_name_of(id);
    const auto kind = azure::managed_kind(id);
    if (kind == azure::ManagedKind::kResourceGroup) type = "Microsoft.Resources/resourceGroups";
    const auto said = "the stack (action-on-unmanage: " + azure::to_string(action) + ")";
    if (azure::deletes(action, kind)) {
      out.push_back({id, type, name,
                     "deleted by " + said +
                         ": the stack manages it and the template no longer "
                         "declares it",
                     model::DestructiveKind::kDelete});
    } else {
      out.push_back({id, type, name,
                     "detached by " + said +
                         ": the template no longer declares it; it stays running, managed by "
                         "nothing",
                     model::DestructiveKind::kUnmanaged});
    }
  }
  return out;
}

void show_stack_deletes(azure::WhatIfResult& what_if,
                        const std::vector<model::DestructiveChange>& drops) {
  for (const auto& drop : drops) {
    if (drop.kind != model::DestructiveKind::kDelete) continue;
    auto found = std::find_if(what_if.changes.begin(), what_if.changes.end(), [&](const auto& c) {
      return lower(c.resource_id) == lower(drop.resource_id);
    });
    if (found != what_if.changes.end()) {
      found->change_type = "Delete";
      continue;
    }
    azure::WhatIfChange change;
    change.resource_id = drop.resource_id;
    change.change_type = "Delete";
    change.resource_type = drop.resource_type;
    change.resource_name = drop.resource_name;
    what_if.changes.push_back(std::move(change));
  }
  what_if.recount();
}

azure::StackTarget stack_target(const model::RunContext& ctx) {
  const auto deployment = deployment_target(ctx);
  azure::StackTarget target;
  target.scope = deployment.scope;
  target.resource_group = deployment.resource_group;
  target.location = deployment.location;
  target.name = azure::stack_name(ctx.settings.target.name);
  target.template_file = deployment.template_file;
  target.parameters_file = deployment.parameters_file;
  target.secure_overrides_file = deployment.secure_overrides_file;
  target.overrides = deployment.overrides;
  if (ctx.settings.target.stack) target.settings = *ctx.settings.target.stack;
  return target;
}

Status check_az_supports_stacks(model::RunContext& ctx) {
  const auto& version = ctx.record.az_version;
  if (!ctx.settings.target.stack || version.empty() ||
      azure::version_at_least(version, azure::kStacksSince)) {
    return {};
  }
  ctx.record.outcome.failure_class = classify::FailureClass::kConfiguration;
  ctx.record.outcome.hint = std::string("Run with azure-cli ") + azure::kStacksSince +
                            " or newer (the bicepgate image has one), or deploy environment '" +
                            ctx.settings.target.name + "' as type: deployment.";
  return fail("environment '" + ctx.settings.target.name +
                  "' is a deployment stack (type: stack), which needs azure-cli " +
                  azure::kStacksSince +
                  " or newer (az stack … --action-on-unmanage and validate); this az is " + version,
              "az.version");
}

namespace {

// What the stack would delete joins the plan as what-if's Delete and the delete gate's
// destructive changes; what it would detach, the unmanaged ones.
void take_drops(model::RunContext& ctx, std::vector<model::DestructiveChange> drops) {
  show_stack_deletes(ctx.record.what_if, drops);
  for (auto& drop : drops) {
    auto& into = drop.kind == model::DestructiveKind::kDelete ? ctx.record.destructive
                                                              : ctx.record.unmanaged;
    into.push_back(std::move(drop));
  }
}

}  // namespace

Status plan_stack(model::RunContext& ctx) {
  // A preview's plan too: an az without `az stack` is named, not met as an unknown command.
  if (auto supported = check_az_supports_stacks(ctx); !supported) return supported;
  if (auto scoped = check_stack_scope(ctx); !scoped) return scoped;
  const auto target = stack_target(ctx);
  auto found = show_stack(ctx, target);
  if (!found) return fail(found.error());
  const auto managed =
      ctx.record.stack ? ctx.record.stack->managed_ids() : std::vector<std::string>{};
  auto drops = find_stack_drops(ctx.record.what_if, managed, target.settings.action_on_unmanage);
  // The stack's own list is what its update acts on; the deployment history's guess of what
  // was managed (Incremental mode's "left unmanaged") does not apply.
  ctx.record.unmanaged.clear();
  std::erase_if(ctx.record.destructive, [&](const model::DestructiveChange& d) {
    return std::any_of(drops.begin(), drops.end(), [&](const auto& drop) {
      return lower(drop.resource_id) == lower(d.resource_id);
    });
  });
  take_drops(ctx, std::move(drops));
  // A stack is updated on every run: ARM compares nothing for it, so nothing is "unchanged".
  ctx.record.unchanged = false;
  spdlog::info("stack: {} manages {} resource(s); the update would delete {} and detach {}",
               target.name, managed.size(), ctx.record.destructive.size(),
               ctx.record.unmanaged.size());
  return {};
}

Status plan_stack_delete(model::RunContext& ctx) {
  if (auto supported = check_az_supports_stacks(ctx); !supported) return supported;
  if (auto scoped = check_stack_scope(ctx); !scoped) return scoped;
  const auto target = stack_target(ctx);
  ctx.record.deployment_name = target.name;
  ctx.record.what_if = {};
  ctx.record.destructive.clear();
  ctx.record.unmanaged.clear();
  auto found = show_stack(ctx, target);
  if (!found) return fail(found.error());
  if (!*found) {
    ctx.record.unchanged = true;  // nothing to delete: skipped
    return {};
  }
  auto drops =
      find_stack_drops({}, ctx.record.stack->managed_ids(), target.settings.action_on_unmanage);
  take_drops(ctx, std::move(drops));
  ctx.record.unchanged = false;
  spdlog::info("stack: deleting {} would delete {} and detach {} resource(s)", target.name,
               ctx.record.destructive.size(), ctx.record.unmanaged.size());
  return {};
}

Status delete_stack(model::RunContext& ctx) {
  const auto target = stack_target(ctx);
  auto result =
      ctx.az.run({"deploying",
                  azure::stack_delete_args(target.scope, target.resource_group, target.name,
                                           target.settings.action_on_unmanage),
                  ctx.settings.deploy_timeout});
  if (!result || !result->ok()) return az_failed(ctx, "az stack delete", result);
  // az prints nothing for a delete: what went and what stayed is what the plan found.
  auto& stack = ctx.record.stack ? *ctx.record.stack : ctx.record.stack.emplace();
  stack.name = target.name;
  stack.deleted.clear();
  stack.detached.clear();
  for (const auto& d : ctx.record.destructive) stack.deleted.push_back(d.resource_id);
  for (const auto& d : ctx.record.unmanaged) stack.detached.push_back(d.resource_id);
  stack.resources.clear();
  stack.provisioning_state = "deleted";
  ctx.record.deployment = {};
  ctx.record.deployment.name = target.name;
  ctx.record.deployment.provisioning_state = "Succeeded";
  spdlog::info("deploy: stack {} deleted: {} resource(s) deleted, {} detached", target.name,
               stack.deleted.size(), stack.detached.size());
  return {};
}

Status deploy_stack(model::RunContext& ctx) {
  if (ctx.settings.stack_delete) return delete_stack(ctx);
  const auto target = stack_target(ctx);
  // az validates the stack before it creates or updates it (azure-cli HISTORY.rst 2.61.0: "`az
  // stack group/sub create`: Validation of a stack will now occur before a stack is created or
  // updated"), so no separate `az stack … validate` call.
  auto result =
      ctx.az.run({"deploying", azure::stack_create_args(target), ctx.settings.deploy_timeout});
  if (!result || !result->ok()) return az_failed(ctx, "az stack create", result);
  auto parsed = azure::parse_stack(result->out);
  if (!parsed) return unreadable(ctx, parsed.error());
  ctx.record.stack = std::move(*parsed);
  ctx.record.deployment = azure::as_deployment(*ctx.record.stack);
  const auto& stack = *ctx.record.stack;
  if (!stack.succeeded()) {
    // ARM's own error, in the shape az prints for a failed call, so the rules read it alike.
    azure::AzResult as_failed;
    as_failed.exit_code = 1;
    as_failed.err = stack.error.is_object()
                        ? nlohmann::json{{"error", stack.error}}.dump()
                        : "(DeploymentStack" + stack.provisioning_state + ") stack " + stack.name +
                              " is " + stack.provisioning_state + " with no error";
    return az_failed(
        ctx,
        "az stack create exited 0, but stack " + stack.name + " is " + stack.provisioning_state,
        as_failed);
  }
  spdlog::info("deploy: stack {} is {}: {} managed, {} deleted, {} detached, {} output(s)",
               stack.name, stack.provisioning_state, stack.resources.size(), stack.deleted.size(),
               stack.detached.size(), stack.outputs.size());
  return {};
}

}  // namespace bicepgate::stages
