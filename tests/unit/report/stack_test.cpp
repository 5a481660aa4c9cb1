#include "report/stack.hpp"

#include <catch2/catch.hpp>

using namespace bicepgate;

namespace {

const std::string kGroup = "/subscriptions/s/resourceGroups/rg-dev";

model::RunSettings stack_settings() {
  model::RunSettings settings;
  settings.target.name = "dev";
  settings.target.stack = azure::StackSettings{};
  settings.target.stack->action_on_unmanage = azure::UnmanageAction::kDeleteResources;
  return settings;
}

}  // namespace

TEST_CASE("a deployment environment has no Stack row") {
  CHECK(report::stack_cell(model::RunSettings{}, model::RunRecord{}).empty());
}

TEST_CASE("the Stack row says what the applied update deleted and detached") {
  model::RunRecord record;
  record.stack.emplace();
  record.stack->provisioning_state = "succeeded";
  record.stack->resources = {{kGroup + "/providers/A.B/c/keep", "managed", "none"}};
  record.stack->deleted = {kGroup + "/providers/A.B/c/gone"};
  record.deployment = azure::as_deployment(*record.stack);
  auto cell = report::stack_cell(stack_settings(), record);
  CHECK(cell ==
        "`bicepgate-dev`, action-on-unmanage deleteResources, deny settings none: 1 managed; "
        "deleted 1 (`gone`); detached 0");
}

TEST_CASE("stopped before the update, the Stack row says what it would delete") {
  model::RunRecord record;
  record.destructive = {{kGroup + "/providers/A.B/c/gone", "A.B/c", "gone", "deleted by the stack",
                         model::DestructiveKind::kDelete}};
  auto settings = stack_settings();
  settings.stack_delete = true;
  auto cell = report::stack_cell(settings, record);
  CHECK(cell.find("deleting the stack (input stack-delete): would delete 1 (`gone`); would detach "
                  "0") != std::string::npos);
}
