#include "azure/stack.hpp"

#include <catch2/catch.hpp>

#include "support.hpp"

using namespace bicepgate::azure;
using bicepgate::testing::read_fixture;

TEST_CASE("a stack as ARM sends it gives its state, managed, deleted resources and outputs") {
  auto stack = parse_stack(read_fixture("arm/deployment_stack.json"));
  REQUIRE(stack);
  CHECK(stack->name == "bicepgate-dev");
  CHECK(stack->succeeded());
  CHECK(stack->action_on_unmanage == "deleteResources");
  CHECK(stack->deny_mode == "denyDelete");
  REQUIRE(stack->resources.size() == 2);
  CHECK(stack->resources[0].status == "managed");
  CHECK(stack->managed_ids()[1].find("serverfarms/plan-aos-dev") != std::string::npos);
  REQUIRE(stack->deleted.size() == 1);
  CHECK(stack->deleted[0].find("redis-aos-dev") != std::string::npos);
  CHECK(stack->detached.empty());
  CHECK(stack->outputs.at("storageAccountName").value == "staosdev001");
  CHECK(stack->outputs.at("adminKey").secure);
  auto as = as_deployment(*stack);
  CHECK(as.succeeded());
  CHECK(as.provisioning_state == "Succeeded");
  CHECK(as.output_resource_ids.size() == 2);
  CHECK(as.id.find("/deployments/bicepgate-dev-2412061200") != std::string::npos);
}

TEST_CASE("a stack as az prints it, its properties flattened, reads the same") {
  // az 2.74 (the image's) against the emulator: create with deny settings, then an update
  // that dropped a resource under deleteResources.
  auto created = parse_stack(read_fixture("az/stack/stack_group_create.json"));
  REQUIRE(created);
  CHECK(created->name == "bicepgate-dev");
  CHECK(created->succeeded());
  CHECK(created->deny_mode == "denyDelete");
  CHECK(created->action_on_unmanage == "deleteResources");
  CHECK(created->resources.size() == 2);
  CHECK(created->outputs.at("o").value == "over");
  auto updated = parse_stack(read_fixture("az/stack/stack_group_create_dropped.json"));
  REQUIRE(updated);
  REQUIRE(updated->deleted.size() == 1);
  CHECK(updated->deleted[0].find("/storageAccounts/stb") != std::string::npos);
  CHECK(updated->managed_ids().size() == 1);
  CHECK(updated->deployment_id.find("/deployments/bicepgate-dev-") != std::string::npos);
}

TEST_CASE("a validate result is no stack") {
  CHECK_FALSE(parse_stack(read_fixture("az/stack/stack_group_validate.json")));
}

TEST_CASE("a failed stack keeps ARM's error and its failed resources") {
  auto doc = nlohmann::json::parse(read_fixture("arm/deployment_stack.json"));
  doc["properties"]["provisioningState"] = "failed";
  doc["properties"]["error"] = {{"code", "DeploymentStackDeleteResourcesFailed"},
                                {"message", "One or more resources could not be deleted."}};
  doc["properties"]["failedResources"] = {
      {{"id", "/subscriptions/s/resourceGroups/g/providers/Microsoft.Cache/redis/r"},
       {"error", {{"code", "Conflict"}, {"message", "locked"}}}}};
  auto stack = stack_from_json(doc);
  REQUIRE(stack);
  CHECK_FALSE(stack->succeeded());
  CHECK(stack->error["code"] == "DeploymentStackDeleteResourcesFailed");
  REQUIRE(stack->failed.size() == 1);
  CHECK(stack->failed[0].error["code"] == "Conflict");
  CHECK(stack_json(*stack)["failed_resources"].size() == 1);
}

TEST_CASE("JSON that is no stack is refused") {
  CHECK_FALSE(parse_stack("{\"value\": []}"));
  CHECK_FALSE(parse_stack("[]"));
  CHECK_FALSE(parse_stack("not json"));
}

TEST_CASE("create carries az's action and deny settings, one argument per list, and --yes") {
  StackTarget target;
  target.resource_group = "rg-aos-dev";
  target.name = "bicepgate-dev";
  target.template_file = "/tmp/main.json";
  target.parameters_file = "/ws/dev.parameters.json";
  target.overrides = {{"note", "a b; rm -rf /"}};
  target.settings.action_on_unmanage = UnmanageAction::kDeleteResources;
  target.settings.deny_mode = DenyMode::kDenyWriteAndDelete;
  target.settings.excluded_principals = {"p1", "p2"};
  target.settings.apply_to_child_scopes = true;
  CHECK(stack_create_args(target) ==
        std::vector<std::string>{"stack",
                                 "group",
                                 "create",
                                 "--resource-group",
                                 "rg-aos-dev",
                                 "--name",
                                 "bicepgate-dev",
                                 "--template-file",
                                 "/tmp/main.json",
                                 "--parameters",
                                 "/ws/dev.parameters.json",
                                 "--parameters",
                                 "note=a b; rm -rf /",
                                 "--action-on-unmanage",
                                 "deleteResources",
                                 "--deny-settings-mode",
                                 "denyWriteAndDelete",
                                 "--deny-settings-excluded-principals",
                                 "p1 p2",
                                 "--deny-settings-apply-to-child-scopes",
                                 "--yes",
                                 "--output",
                                 "json",
                                 "--only-show-errors"});
  auto validate = stack_validate_args(target);
  CHECK(validate[2] == "validate");
  CHECK(std::find(validate.begin(), validate.end(), "--yes") == validate.end());
}

TEST_CASE("a subscription stack names its location, and show and delete name the stack") {
  StackTarget target;
  target.scope = "subscription";
  target.location = "eastus";
  target.name = "bicepgate-platform";
  target.template_file = "/tmp/main.json";
  auto create = stack_create_args(target);
  CHECK(std::vector<std::string>(create.begin(), create.begin() + 7) ==
        std::vector<std::string>{"stack", "sub", "create", "--location", "eastus", "--name",
                                 "bicepgate-platform"});
  CHECK(stack_show_args("resourceGroup", "rg", "bicepgate-dev") ==
        std::vector<std::string>{"stack", "group", "show", "--resource-group", "rg", "--name",
                                 "bicepgate-dev", "--output", "json", "--only-show-errors"});
  CHECK(stack_delete_args("subscription", "", "bicepgate-platform", UnmanageAction::kDeleteAll) ==
        std::vector<std::string>{"stack", "sub", "delete", "--name", "bicepgate-platform",
                                 "--action-on-unmanage", "deleteAll", "--yes", "--output", "json",
                                 "--only-show-errors"});
}

TEST_CASE("action-on-unmanage values and per-kind words map both ways") {
  CHECK(unmanage_action_named("DELETEALL") == UnmanageAction::kDeleteAll);
  CHECK_FALSE(unmanage_action_named("delete"));
  CHECK(deny_mode_named("denydelete") == DenyMode::kDenyDelete);
  CHECK(unmanage_action_of("", "", "", "x").value() == UnmanageAction::kDetachAll);
  CHECK(unmanage_action_of("Delete", "detach", "", "x").value() ==
        UnmanageAction::kDeleteResources);
  CHECK(unmanage_action_of("delete", "delete", "delete", "x").value() ==
        UnmanageAction::kDeleteAll);
  CHECK_FALSE(unmanage_action_of("detach", "delete", "", "x"));
  CHECK_FALSE(unmanage_action_of("remove", "", "", "x"));
  CHECK(deletes(UnmanageAction::kDeleteResources, ManagedKind::kResource));
  CHECK_FALSE(deletes(UnmanageAction::kDeleteResources, ManagedKind::kResourceGroup));
  CHECK(managed_kind("/subscriptions/s/resourceGroups/g") == ManagedKind::kResourceGroup);
  CHECK(managed_kind("/providers/Microsoft.Management/managementGroups/mg") ==
        ManagedKind::kManagementGroup);
  CHECK(managed_kind("/subscriptions/s/resourceGroups/g/providers/A.B/c/d") ==
        ManagedKind::kResource);
}

TEST_CASE("a stack's name follows its environment and keeps to ARM's characters") {
  CHECK(stack_name("dev") == "bicepgate-dev");
  CHECK(stack_name("eu west/1") == "bicepgate-eu-west-1");
}

TEST_CASE("az's DeploymentStackNotFound means no stack yet") {
  CHECK(
      stack_not_found("ERROR: (DeploymentStackNotFound) The deployment stack could not be found."));
  CHECK_FALSE(stack_not_found("ERROR: (AuthorizationFailed) denied"));
}
