#include "report/previews.hpp"

#include <catch2/catch.hpp>
#include <sstream>

#include "report/pr_comment.hpp"
#include "report/summary.hpp"
#include "run_fixture.hpp"
#include "util/strings.hpp"

using namespace bicepgate;

namespace {

azure::WhatIfResult plan_of(const std::string& env, int count, int deletes) {
  azure::WhatIfResult plan;
  for (int i = 0; i < count; ++i) {
    azure::WhatIfChange c;
    c.change_type = i < deletes ? "Delete" : "Modify";
    c.resource_type = "Microsoft.Storage/storageAccounts";
    c.resource_name = "st" + env + std::to_string(i) + std::string(50, 'x');
    c.resource_id =
        "/subscriptions/s/resourceGroups/rg/providers/" + c.resource_type + "/" + c.resource_name;
    c.delta.push_back({"properties.minimumTlsVersion", "Modify", "TLS1_0", "TLS1_2"});
    plan.changes.push_back(c);
    ++plan.counts[c.change_type];
  }
  return plan;
}

// A pull request's run: staging planned, prod (production) and sandbox previewed.
struct Fixture : testing::RunFixture {
  Fixture() {
    settings.target.name = "staging";
    settings.target.resource_group = "rg-aos-staging";
    settings.plan_only = true;
    settings.git_sha = "0123456789abcdef0123456789abcdef01234567";
    for (auto state : {model::State::kValidatingParameters, model::State::kLinting,
                       model::State::kPlanning, model::State::kCompleted})
      ctx.record.machine.move_to(state);
    ctx.record.what_if = plan_of("staging", 3, 0);
    // The config's order: sandbox before prod; production is still shown first.
    ctx.record.previews.push_back(preview("sandbox", false, 2, 0));
    ctx.record.previews.push_back(preview("prod", true, 4, 2));
    auto& prod = ctx.record.previews.back();
    prod.gate_stops = true;
    prod.gate_reason = "2 destructive change(s) need approval: set input allow-deletes: true";
  }

  static model::PreviewResult preview(const std::string& name, bool production, int count,
                                      int deletes) {
    model::PreviewResult p;
    p.target.name = name;
    p.target.production = production;
    p.target.resource_group = "rg-aos-" + name;
    p.state = model::State::kCompleted;
    p.deployment_name = "bicepgate-" + name + "-0123456789abcdef";
    p.what_if = plan_of(name, count, deletes);
    for (const auto& c : p.what_if.changes) {
      if (c.change_type == "Delete")
        p.destructive.push_back({c.resource_id, c.resource_type, c.resource_name, "deleted"});
    }
    p.gate_reason = p.destructive.empty() ? "no destructive changes" : "";
    return p;
  }
};

std::size_t at(const std::string& text, const std::string& what) {
  auto found = text.find(what);
  INFO(what);
  REQUIRE(found != std::string::npos);
  return found;
}
}  // namespace

TEST_CASE("the comment shows production's preview first, then the run's own, then the others") {
  Fixture f;
  auto md = report::render_pr_comment(f.ctx, {}, "<!-- bicepgate -->");
  CHECK_THAT(md, Catch::StartsWith("<!-- bicepgate -->\n### bicepgate · staging"));
  const auto prod = at(md, "#### Preview · prod (production): planned");
  const auto own = at(md, "#### staging: planned");
  const auto sandbox = at(md, "#### Preview · sandbox: planned");
  CHECK(prod < own);
  CHECK(own < sandbox);
  // Each with its own what-if, in its own section.
  CHECK(at(md, "##### What-if of prod") > prod);
  CHECK(at(md, "##### What-if of prod") < own);
  CHECK(at(md, "##### What-if of staging") > own);
  CHECK(at(md, "##### What-if of sandbox") > sandbox);
  // Whether the merge would stop at the delete gate, and what approves it.
  CHECK_THAT(md, Catch::Contains("**Delete gate:** the deploying run would stop here: 2 "
                                 "destructive change(s) need approval: set input allow-deletes: "
                                 "true."));
  CHECK_THAT(md, Catch::Contains("**2 destructive change(s)**"));
  CHECK_THAT(md, Catch::Contains("no destructive changes; the deploying run would not stop"));
}

TEST_CASE("a run whose own environment is production shows its previews after it") {
  Fixture f;
  f.settings.target.production = true;
  auto order = report::preview_order(f.ctx);
  CHECK(order.before.empty());
  REQUIRE(order.after.size() == 2);
  CHECK(order.after[0]->target.name == "sandbox");
}

TEST_CASE("a preview that could not be planned shows its classified cause and hint") {
  Fixture f;
  auto& prod = f.ctx.record.previews.back();
  prod.state = model::State::kFailed;
  prod.what_if = {};
  prod.destructive.clear();
  prod.outcome.failure_class = classify::FailureClass::kConfiguration;
  prod.outcome.stage = "planning";
  prod.outcome.code = "AuthorizationFailed";
  prod.outcome.message = "The client 'x' does not have authorization to perform action";
  prod.outcome.hint = "Grant the identity Reader on rg-aos-prod.";
  f.ctx.record.previews.front().not_planned = "the run was cancelled before this preview";
  f.ctx.record.previews.front().state = model::State::kSkipped;
  auto md = report::render_pr_comment(f.ctx, {}, "<!-- bicepgate -->");
  CHECK_THAT(md, Catch::Contains(
                     "#### Preview · prod (production): could not be planned (configuration at "
                     "what-if)"));
  CHECK_THAT(md, Catch::Contains("**Cause:** `AuthorizationFailed` The client"));
  CHECK_THAT(md, Catch::Contains("**What to do:** Grant the identity Reader on rg-aos-prod."));
  CHECK_THAT(md, Catch::Contains("#### Preview · sandbox: not planned"));
  CHECK_THAT(md, Catch::Contains("**Not planned:** the run was cancelled before this preview."));
  CHECK_THAT(md, !Catch::Contains("**Delete gate:**"));
}

TEST_CASE("with 20,000 changes in each plan the comment keeps every section under the limit") {
  Fixture f;
  f.ctx.record.what_if = plan_of("staging", 20000, 0);
  f.ctx.record.previews.back() = Fixture::preview("prod", true, 20000, 40);
  f.ctx.record.previews.back().gate_stops = true;
  f.ctx.record.previews.back().gate_reason = "40 destructive change(s) need approval";
  auto md = report::render_pr_comment(f.ctx, {}, "<!-- bicepgate -->");
  CHECK(md.size() <= report::kCommentBudget);
  CHECK(util::valid_utf8(md) == md);
  // The sections and the gate's verdict come before any table row.
  at(md, "#### Preview · prod (production): planned");
  at(md, "#### Preview · sandbox: planned");
  at(md, "**Delete gate:** the deploying run would stop here: 40 destructive change(s)");
  // Every destructive row of prod is there; the tables share the rest.
  CHECK(util::split(md, '\n').size() > 100);
  std::size_t rows = 0;
  for (auto found = md.find("**: deleted\n"); found != std::string::npos;
       found = md.find("**: deleted\n", found + 1))
    ++rows;
  CHECK(rows == 40);
  CHECK(at(md, "##### What-if of prod") < at(md, "#### staging: planned"));
  at(md, "##### What-if of staging");
  // The large tables say what they left out; the small one is whole.
  CHECK_THAT(md, Catch::Contains("more what-if changes omitted"));
  CHECK(at(md, "#### Preview · sandbox") < at(md, "**What-if:** Modify 2\n"));
  CHECK_THAT(md.substr(at(md, "**What-if:** Modify 2\n")), !Catch::Contains("omitted"));
}

TEST_CASE("a tight budget keeps the previews' essentials and cuts tables first") {
  Fixture f;
  f.ctx.record.what_if = plan_of("staging", 200, 0);
  auto md = report::render_pr_comment(f.ctx, {}, "<!-- bicepgate -->", 3500);
  CHECK(md.size() <= 3500);
  at(md, "#### Preview · prod (production): planned");
  at(md, "**Delete gate:** the deploying run would stop here");
  at(md, "#### Preview · sandbox: planned");
  CHECK_THAT(md, Catch::Contains("the what-if table"));
}

TEST_CASE("the job summary shows production's preview before the run's own environment") {
  Fixture f;
  auto md = report::render_summary(f.ctx);
  const auto prod = at(md, "## Preview · prod (production): planned");
  const auto own = at(md, "## bicepgate: staging");
  const auto sandbox = at(md, "## Preview · sandbox: planned");
  CHECK(prod < own);
  CHECK(own < sandbox);
  CHECK(at(md, "### What-if of prod") < own);
  CHECK_THAT(md, Catch::Contains("set input allow-deletes: true"));
}

TEST_CASE("a small table takes what it needs and the large ones share the rest") {
  CHECK(report::share_budget({100, 10000, 10000}, 5000) ==
        std::vector<std::size_t>{100, 2450, 2450});
  CHECK(report::share_budget({0, 300, 200}, 10000) == std::vector<std::size_t>{0, 300, 200});
  CHECK(report::share_budget({5000, 5000}, 3) == std::vector<std::size_t>{1, 2});
  CHECK(report::share_budget({}, 100).empty());
}
