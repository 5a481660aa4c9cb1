// The comment and the summary list resources left running apart from deletes.
#include <catch2/catch.hpp>
#include <sstream>

#include "report/pr_comment.hpp"
#include "report/summary.hpp"
#include "run_fixture.hpp"

using namespace bicepgate;

namespace {

struct Fixture : testing::RunFixture {
  Fixture() {
    settings.target.name = "prod";
    ctx.record.machine.move_to(model::State::kValidatingParameters);
    const std::string id =
        "/subscriptions/s/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/"
        "log-aos-prod";
    ctx.record.unmanaged.push_back({id, "Microsoft.OperationalInsights/workspaces", "log-aos-prod",
                                    "dropped from the template",
                                    model::DestructiveKind::kUnmanaged});
  }
};

constexpr const char* kHeading = "left running, no longer managed by the template";

}  // namespace

TEST_CASE("unmanaged resources have their own section in the summary, not among deletes") {
  Fixture f;
  auto md = report::render_summary(f.ctx);
  auto at = md.find("### Left running, no longer managed by the template");
  REQUIRE(at != std::string::npos);
  CHECK(md.find("log-aos-prod", at) != std::string::npos);
  CHECK_THAT(md, !Catch::Contains("### Destructive changes"));
  f.ctx.record.gate_reason = "1 resource(s) left unmanaged approved by input allow-deletes: true";
  CHECK(report::render_summary(f.ctx).find(f.ctx.record.gate_reason, at) != std::string::npos);
}

TEST_CASE("unmanaged resources have their own line in the pull-request comment") {
  Fixture f;
  auto md = report::render_pr_comment(f.ctx, {}, "<!-- bicepgate -->");
  CHECK_THAT(md, Catch::Contains(std::string("**1 resource(s) ") + kHeading + "**"));
  CHECK_THAT(md, Catch::Contains("log-aos-prod"));
  CHECK_THAT(md, !Catch::Contains("destructive change(s)"));
}
