// pipeline::judge: the verdict `bicepgate state` gives from what a plan found.

#include <catch2/catch.hpp>

#include "azure/deployment.hpp"
#include "pipeline/forecast.hpp"
#include "run_fixture.hpp"

using namespace bicepgate;
using Catch::Contains;

namespace {

azure::DeploymentResult succeeded(const std::string& name, const std::string& at) {
  azure::DeploymentResult d;
  d.name = name;
  d.provisioning_state = "Succeeded";
  d.timestamp = at;
  return d;
}

}  // namespace

TEST_CASE("the forecast says skip, deploy or plan, and why", "[forecast]") {
  testing::RunFixture f;
  f.settings.target.name = "prod";
  auto& record = f.ctx.record;
  const auto name = azure::deployment_name("prod", "0123456789abcdef");
  record.deployment_name = name;

  SECTION("the same content succeeded and what-if shows nothing: skip") {
    record.history = {succeeded(name, "2026-12-01T10:00:00Z")};
    record.unchanged = true;
    auto out = pipeline::judge(f.ctx, true);
    CHECK(out.verdict == "skip");
    CHECK_THAT(out.reason, Contains("already succeeded"));
    CHECK(out.facts[1] == "this content succeeded at 2026-12-01T10:00:00Z");
    CHECK_FALSE(out.failed);
  }
  SECTION("force turns the skip into a deploy") {
    record.history = {succeeded(name, "2026-12-01T10:00:00Z")};
    record.unchanged = true;
    f.settings.force = true;
    CHECK(pipeline::judge(f.ctx, true).reason == "unchanged, but force is set");
  }
  SECTION("the same content succeeded but Azure changed since: deploy, said as drift") {
    record.history = {succeeded(name, "2026-12-01T10:00:00Z")};
    record.what_if.counts = {{"Modify", 2}, {"NoChange", 3}};
    auto out = pipeline::judge(f.ctx, true);
    CHECK(out.verdict == "deploy");
    CHECK_THAT(out.reason, Contains("2 Modify") && Contains("outside this template"));
  }
  SECTION("new content: deploy, naming the last success") {
    const auto older = azure::deployment_name("prod", "fedcba9876543210");
    record.history = {succeeded(older, "2026-11-30T09:00:00Z")};
    record.what_if.counts = {{"Modify", 1}};
    auto out = pipeline::judge(f.ctx, true);
    CHECK(out.verdict == "deploy");
    CHECK_THAT(out.reason, Contains("changed since the last success"));
    CHECK(out.facts[1] == "this content never succeeded here");
    CHECK(out.facts[2] == "last success: " + older + " at 2026-11-30T09:00:00Z");
  }
  SECTION("a route that only plans: plan") {
    f.settings.route_reason = "pull request into main";
    CHECK(pipeline::judge(f.ctx, false).verdict == "plan");
  }
}
