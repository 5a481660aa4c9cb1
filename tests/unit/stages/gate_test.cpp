#include "stages/gate.hpp"

#include <catch2/catch.hpp>

#include "support.hpp"

using namespace bicepgate;
using bicepgate::testing::read_fixture;

namespace {
azure::WhatIfResult changes(std::initializer_list<std::pair<const char*, const char*>> items) {
  azure::WhatIfResult result;
  for (const auto& [id, type] : items) {
    azure::WhatIfChange change;
    change.resource_id = id;
    change.change_type = type;
    auto [rtype, name] = azure::type_and_name_of(id);
    change.resource_type = rtype;
    change.resource_name = name;
    result.changes.push_back(change);
  }
  result.recount();
  return result;
}

constexpr const char* kRedis =
    "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Cache/redis/cache1";
constexpr const char* kPlan =
    "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/serverfarms/plan1";
constexpr const char* kOther =
    "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/handmade";

github::PullRequest labelled(std::vector<std::string> labels) {
  github::PullRequest pr;
  pr.number = 12;
  pr.labels = std::move(labels);
  return pr;
}
}  // namespace

TEST_CASE("a Delete is destructive") {
  auto found = stages::find_destructive(changes({{kRedis, "Delete"}, {kPlan, "Create"}}), {});
  REQUIRE(found.size() == 1);
  CHECK(found[0].resource_name == "cache1");
  CHECK_THAT(found[0].why, Catch::Contains("Complete mode"));
}

TEST_CASE("an Ignore is destructive only when the environment's last deployment managed it") {
  auto what_if = changes({{kPlan, "Ignore"}, {kOther, "Ignore"}});
  // Ids compare case-insensitively: ARM is not consistent about resourceGroups casing.
  auto found = stages::find_destructive(
      what_if, {"/subscriptions/s/resourcegroups/RG/providers/Microsoft.Web/serverfarms/plan1"});
  REQUIRE(found.size() == 1);
  CHECK(found[0].resource_name == "plan1");
  CHECK_THAT(found[0].why, Catch::Contains("dropped from the template"));
  CHECK(stages::find_destructive(what_if, {}).empty());
}

TEST_CASE("the gate's verdict follows policy, then input, then label") {
  auto destructive = stages::find_destructive(changes({{kRedis, "Delete"}}), {});
  using routing::DeletePolicy;
  CHECK(stages::decide_gate({}, DeletePolicy::kBlock, false, std::nullopt, "x").proceed);
  CHECK(stages::decide_gate(destructive, DeletePolicy::kAllow, false, std::nullopt, "x").proceed);
  auto blocked = stages::decide_gate(destructive, DeletePolicy::kBlock, true, labelled({"x"}), "x");
  CHECK_FALSE(blocked.proceed);
  CHECK_THAT(blocked.reason, Catch::Contains("block"));
  CHECK(stages::decide_gate(destructive, DeletePolicy::kRequireApproval, true, std::nullopt, "x")
            .proceed);
  auto by_label = stages::decide_gate(destructive, DeletePolicy::kRequireApproval, false,
                                      labelled({"infra", "approve-deletes"}), "approve-deletes");
  CHECK(by_label.proceed);
  CHECK_THAT(by_label.reason, Catch::Contains("label 'approve-deletes'"));
  auto wrong_label = stages::decide_gate(destructive, DeletePolicy::kRequireApproval, false,
                                         labelled({"approve-delete"}), "approve-deletes");
  CHECK_FALSE(wrong_label.proceed);
  CHECK_THAT(wrong_label.reason, Catch::Contains("#12") && Catch::Contains("allow-deletes"));
  auto push = stages::decide_gate(destructive, DeletePolicy::kRequireApproval, false, std::nullopt,
                                  "approve-deletes");
  CHECK_FALSE(push.proceed);
  CHECK_THAT(push.reason, !Catch::Contains("label"));
}
