#include "report/pr_comment.hpp"

#include <catch2/catch.hpp>
#include <sstream>

#include "run_fixture.hpp"
#include "util/strings.hpp"

using namespace bicepgate;

namespace {

struct Fixture : testing::RunFixture {
  Fixture() {
    settings.target.name = "staging";
    settings.git_sha = "0123456789abcdef0123456789abcdef01234567";
    for (auto state :
         {model::State::kValidatingParameters, model::State::kLinting, model::State::kPlanning})
      ctx.record.machine.move_to(state);
  }

  // A plan of `count` changes, the first `deletes` of them deletes.
  void plan(int count, int deletes) {
    for (int i = 0; i < count; ++i) {
      azure::WhatIfChange c;
      c.change_type = i < deletes ? "Delete" : "Modify";
      c.resource_type = "Microsoft.Storage/storageAccounts";
      c.resource_name = "staosstaging" + std::to_string(i) + std::string(60, 'x');
      c.resource_id =
          "/subscriptions/s/resourceGroups/rg/providers/" + c.resource_type + "/" + c.resource_name;
      c.delta.push_back({"properties.minimumTlsVersion", "Modify", "TLS1_0", "TLS1_2"});
      ctx.record.what_if.changes.push_back(c);
      ++ctx.record.what_if.counts[c.change_type];
      if (i < deletes) {
        ctx.record.destructive.push_back(
            {c.resource_id, c.resource_type, c.resource_name, "Delete"});
      }
    }
  }

  void fail_with(int errors, std::size_t message_bytes) {
    for (int i = 0; i < errors; ++i) {
      classify::ErrorNode e;
      e.code = "InvalidTemplate" + std::to_string(i);
      e.message = std::string(message_bytes, 'm');
      ctx.record.outcome.errors.push_back(e);
    }
    ctx.record.outcome.stage = "planning";
    ctx.record.outcome.failure_class = classify::FailureClass::kLogic;
    ctx.record.machine.move_to(model::State::kFailed);
  }
};
}  // namespace

TEST_CASE("a comment on 20,000 changes stays under GitHub's limit and says what was cut") {
  Fixture f;
  f.plan(20000, 3);
  auto md = report::render_pr_comment(f.ctx, {}, "<!-- bicepgate -->");
  CHECK(md.size() <= report::kCommentLimit);
  CHECK(util::valid_utf8(md) == md);
  CHECK_THAT(md, Catch::StartsWith("<!-- bicepgate -->\n### bicepgate · staging"));
  // The destructive rows are all there, ahead of the what-if.
  CHECK_THAT(md, Catch::Contains("**3 destructive change(s)**"));
  CHECK_THAT(md, Catch::Contains("staosstaging2"));
  CHECK(md.find("destructive change(s)") < md.find("#### What-if"));
  CHECK_THAT(md, Catch::Contains("more what-if changes omitted"));
}

TEST_CASE("when room is short, errors and deletes are kept and the what-if goes first") {
  Fixture f;
  f.plan(200, 2);
  f.fail_with(3, 100);
  // Room for some what-if rows: they come after the errors and the deletes, and are counted.
  auto md = report::render_pr_comment(f.ctx, {}, "<!-- bicepgate -->", 3000);
  CHECK(md.size() <= 3000);
  CHECK_THAT(md, Catch::Contains("| InvalidTemplate2 |"));
  CHECK_THAT(md, Catch::Contains("**2 destructive change(s)**"));
  CHECK(md.find("#### Errors") < md.find("destructive change(s)"));
  CHECK(md.find("destructive change(s)") < md.find("#### What-if"));
  CHECK_THAT(md, Catch::Contains("197 more what-if changes omitted"));
  // Less room: the what-if table goes, the errors and the deletes stay.
  auto tight = report::render_pr_comment(f.ctx, {}, "<!-- bicepgate -->", 2200);
  CHECK(tight.size() <= 2200);
  CHECK_THAT(tight, Catch::Contains("| InvalidTemplate2 |"));
  CHECK_THAT(tight, Catch::Contains("staosstaging1"));
  CHECK_THAT(tight, !Catch::Contains("#### What-if"));
  CHECK_THAT(tight, Catch::Contains("**Comment cut:** the what-if table left out"));
  CHECK_THAT(tight, Catch::Contains("the job summary and the audit record"));
}

TEST_CASE("error rows that do not fit are counted, never cut mid-row") {
  Fixture f;
  f.fail_with(10, 1500);
  auto md = report::render_pr_comment(f.ctx, {}, "<!-- bicepgate -->", 6000);
  CHECK(md.size() <= 6000);
  CHECK_THAT(md, Catch::Contains("| InvalidTemplate0 |"));
  CHECK_THAT(md, !Catch::Contains("| InvalidTemplate9 |"));
  CHECK_THAT(md, Catch::Contains(" error row(s)"));
  // A cell is bounded too: one ARM message of a megabyte does not take the whole comment.
  Fixture g;
  g.fail_with(1, 1'000'000);
  auto one = report::render_pr_comment(g.ctx, {}, "<!-- bicepgate -->");
  CHECK(one.size() < 5000);
  CHECK_THAT(one, Catch::Contains("| InvalidTemplate0 |"));
}
