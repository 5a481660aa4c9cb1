#pragma once
// stack: an environment deployed as a deployment stack (config type: stack). Its plan adds to
// the deployment what-if what the stack itself would do: each managed resource the template no
// longer declares is deleted or detached, as action-on-unmanage says; its deploy is
// `az stack … create`.

#include <string>
#include <vector>

#include "azure/stack.hpp"
#include "azure/what_if.hpp"
#include "model/run_context.hpp"

namespace bicepgate::stages {

// Pure. Of the stack's managed resources, those the what-if no longer declares (absent from it,
// or there as Ignore or Delete: Incremental what-if shows what a template does not declare as
// Ignore), each as the stack's update would treat it: a kDelete when `action` deletes its kind,
// else a kUnmanaged (detached: left running, no longer managed).
std::vector<model::DestructiveChange> find_stack_drops(const azure::WhatIfResult& what_if,
                                                       const std::vector<std::string>& managed,
                                                       azure::UnmanageAction action);

// Pure. The plan shows what the stack would delete as what-if's Delete: each kDelete drop's
// change (Ignore in Incremental what-if) becomes Delete, or is added when what-if did not list
// it; the counts follow. Detached resources keep what-if's own Ignore.
void show_stack_deletes(azure::WhatIfResult& what_if,
                        const std::vector<model::DestructiveChange>& drops);

azure::StackTarget stack_target(const model::RunContext& ctx);

// The end of the what-if stage for a stack environment: `az stack … show` (no stack yet: it
// manages nothing), then the drops above replace what the deployment history said.
Status plan_stack(model::RunContext& ctx);

// Input stack-delete, instead of the what-if stage: the stack's managed resources, each deleted
// or detached as action-on-unmanage says (the delete gate then asks for what goes). No stack:
// nothing to do, the run is skipped.
Status plan_stack_delete(model::RunContext& ctx);

// The environment's az must know `az stack … --action-on-unmanage` (azure::kStacksSince); a
// configuration failure naming the version otherwise. OK for an environment that is no stack.
Status check_az_supports_stacks(model::RunContext& ctx);

// `az stack … create`: the stack's state, outputs and managed resources into the record (as a
// deployment too, for health and the outputs); a stack that did not succeed fails as a
// deployment would.
Status deploy_stack(model::RunContext& ctx);
// Input stack-delete: `az stack … delete --action-on-unmanage`, once the gate has let it through.
Status delete_stack(model::RunContext& ctx);

}  // namespace bicepgate::stages
