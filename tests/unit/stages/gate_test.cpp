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
  auto decide = [&](const std::vector<model::DestructiveChange>& deletes, DeletePolicy policy,
                    bool allow, std::optional<github::PullRequest> pr, const std::string& label) {
    stages::Approvals approvals;
    approvals.allow_deletes = allow;
    approvals.pull_request = std::move(pr);
    approvals.label = label;
    return stages::decide_gate(deletes, {}, {policy, routing::UnmanagedPolicy::kWarn}, approvals);
  };
  CHECK(decide({}, DeletePolicy::kBlock, false, std::nullopt, "x").proceed);
  CHECK(decide(destructive, DeletePolicy::kAllow, false, std::nullopt, "x").proceed);
  auto blocked = decide(destructive, DeletePolicy::kBlock, true, labelled({"x"}), "x");
  CHECK_FALSE(blocked.proceed);
  CHECK_FALSE(blocked.needs_approval);
  CHECK_THAT(blocked.reason, Catch::Contains("block"));
  CHECK(decide(destructive, DeletePolicy::kRequireApproval, true, std::nullopt, "x").proceed);
  auto by_label = decide(destructive, DeletePolicy::kRequireApproval, false,
                         labelled({"infra", "approve-deletes"}), "approve-deletes");
  CHECK(by_label.proceed);
  CHECK_THAT(by_label.reason, Catch::Contains("label 'approve-deletes'"));
  auto wrong_label = decide(destructive, DeletePolicy::kRequireApproval, false,
                            labelled({"approve-delete"}), "approve-deletes");
  CHECK_FALSE(wrong_label.proceed);
  CHECK(wrong_label.needs_approval);
  CHECK_THAT(wrong_label.reason, Catch::Contains("#12") && Catch::Contains("allow-deletes"));
  auto push =
      decide(destructive, DeletePolicy::kRequireApproval, false, std::nullopt, "approve-deletes");
  CHECK_FALSE(push.proceed);
  CHECK(push.needs_approval);
  CHECK_THAT(push.reason, !Catch::Contains("label"));
}

namespace {
stages::Approvals after_merge(std::optional<github::PullRequest> merged, std::string problem = {}) {
  stages::Approvals approvals;
  approvals.label = "approve-deletes";
  approvals.merged_looked_up = true;
  approvals.merged = std::move(merged);
  approvals.merged_problem = std::move(problem);
  return approvals;
}
}  // namespace

TEST_CASE(
    "on a push, the merged pull request's label approves; its absence or a failure does not") {
  auto deletes = stages::find_destructive(changes({{kRedis, "Delete"}}), {});
  const stages::GatePolicy policy;
  auto approved =
      stages::decide_gate(deletes, {}, policy, after_merge(labelled({"infra", "approve-deletes"})));
  CHECK(approved.proceed);
  CHECK(approved.reason ==
        "1 destructive change(s) approved by label 'approve-deletes' on merged pull request #12");

  auto unlabelled = stages::decide_gate(deletes, {}, policy, after_merge(labelled({"infra"})));
  CHECK_FALSE(unlabelled.proceed);
  CHECK_THAT(unlabelled.reason, Catch::Contains("merged pull request #12") &&
                                    Catch::Contains("re-run") && Catch::Contains("allow-deletes"));

  auto none = stages::decide_gate(deletes, {}, policy, after_merge(std::nullopt));
  CHECK_FALSE(none.proceed);
  CHECK_THAT(none.reason, Catch::Contains("no merged pull request's merge commit"));

  auto broken = stages::decide_gate(
      deletes, {}, policy,
      after_merge(labelled({"approve-deletes"}), "GET failed: HTTP 403; give the deploy job"));
  // A label that could not be read approves nothing, whatever a partial answer held.
  CHECK_FALSE(broken.proceed);
  CHECK_THAT(broken.reason, Catch::Contains("could not be checked") &&
                                Catch::Contains("HTTP 403; give the deploy job"));
}

TEST_CASE("unmanaged resources are their own kind, gated only by their own policy") {
  auto found = stages::find_destructive(changes({{kPlan, "Ignore"}, {kRedis, "Delete"}}), {kPlan});
  REQUIRE(found.size() == 2);
  CHECK(found[0].kind == model::DestructiveKind::kUnmanaged);
  CHECK(found[1].kind == model::DestructiveKind::kDelete);
  const std::vector<model::DestructiveChange> unmanaged = {found[0]};
  using routing::UnmanagedPolicy;
  const auto approve_deletes = routing::DeletePolicy::kRequireApproval;
  CHECK_FALSE(stages::gate_needed({}, unmanaged, {approve_deletes, UnmanagedPolicy::kWarn}));
  CHECK_FALSE(stages::gate_needed({}, unmanaged, {approve_deletes, UnmanagedPolicy::kAllow}));
  CHECK(stages::gate_needed({}, unmanaged, {approve_deletes, UnmanagedPolicy::kApprove}));
  CHECK(stages::gate_needed({}, unmanaged, {approve_deletes, UnmanagedPolicy::kBlock}));

  stages::Approvals none;
  none.label = "approve-deletes";
  auto warned = stages::decide_gate({}, unmanaged, {approve_deletes, UnmanagedPolicy::kWarn}, none);
  CHECK(warned.proceed);
  CHECK_THAT(warned.reason, Catch::Contains("unmanaged-policy: warn"));
  auto waiting =
      stages::decide_gate({}, unmanaged, {approve_deletes, UnmanagedPolicy::kApprove}, none);
  CHECK_FALSE(waiting.proceed);
  CHECK(waiting.needs_approval);
  CHECK_THAT(waiting.reason, Catch::StartsWith("1 resource(s) left unmanaged need approval"));
  auto by_label = none;
  by_label.pull_request = labelled({"approve-deletes"});
  CHECK(stages::decide_gate({}, unmanaged, {approve_deletes, UnmanagedPolicy::kApprove}, by_label)
            .proceed);
  auto blocked =
      stages::decide_gate({}, unmanaged, {approve_deletes, UnmanagedPolicy::kBlock}, by_label);
  CHECK_FALSE(blocked.proceed);
  CHECK_FALSE(blocked.needs_approval);
  CHECK_THAT(blocked.reason, Catch::Contains("unmanaged-policy is block"));
  // Deletes the policy allows leave only the unmanaged waiting.
  const std::vector<model::DestructiveChange> deletes = {found[1]};
  auto mixed = stages::decide_gate(
      deletes, unmanaged, {routing::DeletePolicy::kAllow, UnmanagedPolicy::kApprove}, none);
  CHECK_FALSE(mixed.proceed);
  CHECK_THAT(mixed.reason, Catch::StartsWith("1 resource(s) left unmanaged need approval"));
}
