#include "stages/stack.hpp"

#include <catch2/catch.hpp>
#include <cctype>

using namespace bicepgate;

namespace {

azure::WhatIfChange change(const std::string& id, const std::string& type) {
  azure::WhatIfChange c;
  c.resource_id = id;
  c.change_type = type;
  auto [rtype, name] = azure::type_and_name_of(id);
  c.resource_type = rtype;
  c.resource_name = name;
  return c;
}

const std::string kGroup = "/subscriptions/s/resourceGroups/rg-dev";
const std::string kPlan = kGroup + "/providers/Microsoft.Web/serverfarms/plan";
const std::string kSite = kGroup + "/providers/Microsoft.Web/sites/app";
const std::string kCache = kGroup + "/providers/Microsoft.Cache/redis/cache";

}  // namespace

TEST_CASE("a managed resource the template dropped is deleted by deleteResources") {
  azure::WhatIfResult what_if;
  what_if.changes = {change(kPlan, "NoChange"), change(kSite, "Modify"), change(kCache, "Ignore")};
  auto drops = stages::find_stack_drops(what_if, {kPlan, kSite, kCache},
                                        azure::UnmanageAction::kDeleteResources);
  REQUIRE(drops.size() == 1);
  CHECK(drops[0].resource_id == kCache);
  CHECK(drops[0].kind == model::DestructiveKind::kDelete);
  CHECK(drops[0].resource_type == "Microsoft.Cache/redis");
  CHECK(drops[0].why.find("deleteResources") != std::string::npos);
}

TEST_CASE("detachAll leaves a dropped resource running, unmanaged") {
  azure::WhatIfResult what_if;
  what_if.changes = {change(kPlan, "NoChange")};
  // Absent from what-if altogether (another group's resource): dropped all the same.
  auto drops =
      stages::find_stack_drops(what_if, {kPlan, kCache}, azure::UnmanageAction::kDetachAll);
  REQUIRE(drops.size() == 1);
  CHECK(drops[0].resource_id == kCache);
  CHECK(drops[0].kind == model::DestructiveKind::kUnmanaged);
  CHECK(drops[0].why.find("detached") != std::string::npos);
}

TEST_CASE("deleteResources detaches a dropped resource group; deleteAll deletes it") {
  azure::WhatIfResult what_if;
  auto drops = stages::find_stack_drops(what_if, {kGroup}, azure::UnmanageAction::kDeleteResources);
  REQUIRE(drops.size() == 1);
  CHECK(drops[0].kind == model::DestructiveKind::kUnmanaged);
  CHECK(drops[0].resource_type == "Microsoft.Resources/resourceGroups");
  drops = stages::find_stack_drops(what_if, {kGroup}, azure::UnmanageAction::kDeleteAll);
  REQUIRE(drops.size() == 1);
  CHECK(drops[0].kind == model::DestructiveKind::kDelete);
}

TEST_CASE("resource ids are compared without case, as ARM does") {
  azure::WhatIfResult what_if;
  std::string shouted = kSite;
  for (auto& c : shouted) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  what_if.changes = {change(shouted, "Modify")};
  CHECK(stages::find_stack_drops(what_if, {kSite}, azure::UnmanageAction::kDeleteAll).empty());
}

TEST_CASE("what the stack would delete shows as what-if's Delete; what it detaches stays Ignore") {
  azure::WhatIfResult what_if;
  what_if.changes = {change(kPlan, "NoChange"), change(kSite, "Ignore"), change(kCache, "Ignore")};
  what_if.recount();
  const std::string elsewhere = "/subscriptions/s/resourceGroups/other/providers/A.B/c/far";
  std::vector<model::DestructiveChange> drops = {
      {kCache, "Microsoft.Cache/redis", "cache", "deleted", model::DestructiveKind::kDelete},
      {kSite, "Microsoft.Web/sites", "app", "detached", model::DestructiveKind::kUnmanaged},
      {elsewhere, "A.B/c", "far", "deleted", model::DestructiveKind::kDelete}};
  stages::show_stack_deletes(what_if, drops);
  CHECK(what_if.changes[1].change_type == "Ignore");
  CHECK(what_if.changes[2].change_type == "Delete");
  REQUIRE(what_if.changes.size() == 4);
  CHECK(what_if.changes[3].resource_id == elsewhere);
  CHECK(what_if.counts.at("Delete") == 2);
  CHECK(what_if.counts.at("Ignore") == 1);
  CHECK(what_if.has_changes());
}
