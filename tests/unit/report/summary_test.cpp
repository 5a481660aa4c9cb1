#include "report/summary.hpp"

#include <catch2/catch.hpp>
#include <csignal>
#include <sstream>

#include "github/secret_masks.hpp"
#include "run_fixture.hpp"
#include "stages/failure.hpp"
#include "util/strings.hpp"

using namespace bicepgate;

namespace {

struct Fixture : testing::RunFixture {
  Fixture() : RunFixture(testing::no_az(), testing::no_rules()) {
    settings.target.name = "prod";
    settings.target.resource_group = "rg-aos-prod";
    settings.target.template_file = "bicep/main.bicep";
    settings.workspace = "/ws";
    ctx.record.machine.move_to(model::State::kValidatingParameters);
  }
};

azure::WhatIfChange change(int i) {
  azure::WhatIfChange c;
  c.change_type = "Create";
  c.resource_type = "Microsoft.Storage/storageAccounts";
  c.resource_name = "staosprod" + std::to_string(i) + std::string(40, 'x');
  c.resource_id =
      "/subscriptions/s/resourceGroups/rg/providers/" + c.resource_type + "/" + c.resource_name;
  return c;
}
}  // namespace

TEST_CASE("a what-if too large for the summary is cut, and the summary says how much") {
  Fixture f;
  for (int i = 0; i < 20000; ++i) f.ctx.record.what_if.changes.push_back(change(i));
  f.ctx.record.what_if.counts["Create"] = 20000;
  auto md = report::render_summary(f.ctx, 200'000);
  CHECK(md.size() <= 200'000);
  CHECK_THAT(md, Catch::Contains("more what-if changes omitted"));
  CHECK_THAT(md, Catch::Contains("audit record"));
  CHECK_THAT(md, Catch::Contains("State history"));  // the tail is still there
  CHECK(util::valid_utf8(md) == md);
  auto whole = report::render_summary(f.ctx, 100'000'000);
  CHECK_THAT(whole, !Catch::Contains("omitted"));
}

TEST_CASE("the summary lists every Bicep diagnostic, past the 10 annotations GitHub shows") {
  Fixture f;
  for (int i = 1; i <= 14; ++i) {
    bicep::Diagnostic d;
    d.file = "/ws/bicep/main.bicep";
    d.line = i;
    d.column = 3;
    d.code = "BCP" + std::to_string(100 + i);
    d.message = "problem " + std::to_string(i) + " | with a pipe";
    f.ctx.record.compilation.diagnostics.push_back(d);
  }
  auto md = report::render_summary(f.ctx);
  CHECK_THAT(md, Catch::Contains("### Bicep diagnostics"));
  CHECK_THAT(md, Catch::Contains("`bicep/main.bicep:14:3` | BCP114 | problem 14 \\| with a pipe"));
  CHECK_THAT(md, Catch::Contains("`bicep/main.bicep:1:3` | BCP101"));
}

TEST_CASE("a masked value is redacted from the whole summary, in its encoded forms too") {
  Fixture f;
  f.commands.add_mask("hunter2-very-secret");
  f.ctx.record.outcome.failure_class = classify::FailureClass::kLogic;
  f.ctx.record.outcome.stage = "deploying";
  f.ctx.record.outcome.message = "rejected";
  f.ctx.record.outcome.hint = "the value hunter2-very-secret is weak";
  f.ctx.record.region_warnings.push_back("encoded " + github::base64_form("hunter2-very-secret"));
  auto md = report::render_summary(f.ctx);
  CHECK_THAT(md, !Catch::Contains("hunter2"));
  CHECK_THAT(md, !Catch::Contains(github::base64_form("hunter2-very-secret")));
  // The mask is escaped like the rest of the text, and renders as ***.
  CHECK_THAT(md, Catch::Contains("the value \\*\\*\\* is weak"));
}

TEST_CASE("a secret with Markdown punctuation in it is masked before it is escaped") {
  Fixture f;
  f.commands.add_mask("p@ss_w*rd#1");
  f.ctx.record.outcome.failure_class = classify::FailureClass::kLogic;
  f.ctx.record.outcome.stage = "deploying";
  f.ctx.record.outcome.message = "rejected";
  f.ctx.record.outcome.hint = "the value p@ss_w*rd#1 is weak";
  f.ctx.record.region_warnings.push_back("region says p@ss_w*rd#1");
  auto md = report::render_summary(f.ctx);
  CHECK_THAT(md, !Catch::Contains("w*rd"));
  CHECK_THAT(md, !Catch::Contains("w\\\\*rd"));
  CHECK_THAT(md, Catch::Contains("region says \\*\\*\\*"));
}

TEST_CASE("a hostile message in the summary makes no link, mention, image or tag") {
  Fixture f;
  f.ctx.record.outcome.failure_class = classify::FailureClass::kLogic;
  f.ctx.record.outcome.stage = "deploying";
  f.ctx.record.outcome.message =
      "see [x](https://evil.example) @octocat <img src=x onerror=alert(1)> #1";
  f.ctx.record.outcome.file = "bicep/a`b|c.bicep";
  f.ctx.record.outcome.line = 3;
  auto md = report::render_summary(f.ctx);
  const std::string zwsp = "\u200B";
  CHECK_THAT(md, Catch::Contains("see \\[x\\](https:" + zwsp + "//evil.example) @" + zwsp +
                                 "octocat \\<img src=x onerror=alert(1)\\> \\#" + zwsp + "1 |"));
  CHECK_THAT(md, Catch::Contains("| Source | ``bicep/a`b\\|c.bicep:3`` |"));
}

TEST_CASE("a cancelled run's summary says so, with the commands to follow or stop the deployment") {
  Fixture f;
  f.settings.target.scope = "resourceGroup";
  f.ctx.record.deployment_name = "prod-0123abcd";
  for (auto state : {model::State::kLinting, model::State::kPlanning, model::State::kDeploying})
    f.ctx.record.machine.move_to(state);
  auto status = stages::interrupted(f.ctx, SIGINT, fail("wait cancelled", "az"));
  f.ctx.record.outcome.stage = "deploying";
  f.ctx.record.outcome.message = status.error().message;
  f.ctx.record.machine.move_to(model::State::kCancelled, f.ctx.record.outcome.message);
  auto md = report::render_summary(f.ctx);
  CHECK_THAT(md, Catch::Contains("## bicepgate: prod — cancelled"));
  CHECK_THAT(
      md, Catch::Contains("| Cancelled | during deployment: cancelled: interrupted by signal 2"));
  CHECK_THAT(md, Catch::Contains("az deployment group show -g rg-aos-prod -n prod-0123abcd"));
  CHECK_THAT(md, Catch::Contains("az deployment group cancel -g rg-aos-prod -n prod-0123abcd"));
  CHECK_THAT(md, !Catch::Contains("| Failure |"));
}

TEST_CASE("an output's value is escaped; a secure one is shown as ours, masked") {
  Fixture f;
  azure::DeploymentOutput endpoint;
  endpoint.value = "https://st.example/ @octocat";
  f.ctx.record.deployment.outputs["endpoint"] = endpoint;
  azure::DeploymentOutput key;
  key.value = "s3cr3t";
  key.secure = true;
  f.ctx.record.deployment.outputs["storageKey"] = key;
  auto md = report::render_summary(f.ctx);
  CHECK_THAT(md, Catch::Contains("| storageKey | *** (secure) |"));
  CHECK_THAT(md, Catch::Contains("| endpoint | https:\u200B//st.example/ @\u200Boctocat |"));
  CHECK_THAT(md, !Catch::Contains("s3cr3t"));
}

TEST_CASE("the health table names the resource group once and each resource by type and name") {
  Fixture f;
  const std::string group =
      "/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/"
      "rg-aos-prod";
  const std::string elsewhere =
      "/subscriptions/00000000-0000-4000-8000-000000000001/"
      "resourceGroups/rg-shared/providers/Microsoft.Network/"
      "virtualNetworks/vnet-hub";
  for (const auto& name : {"staosprod001", "staosprod002", "staosprod003"}) {
    f.ctx.record.health.push_back({"resource",
                                   group + "/providers/Microsoft.Storage/storageAccounts/" + name,
                                   true, true, "Succeeded"});
  }
  f.ctx.record.health.push_back({"resource", elsewhere, true, true, "Succeeded"});
  f.ctx.record.health.push_back({"http", "https://app.example.com/health", true, true, "200"});
  auto md = report::render_summary(f.ctx, 1'000'000);
  // The group's id once, above the table; rows in that group name type and name only.
  std::size_t count = 0;
  for (auto at = md.find(group); at != std::string::npos; at = md.find(group, at + 1)) ++count;
  CHECK(count == 1);
  CHECK_THAT(md, Catch::Contains("Resources in `" + group + "`"));
  CHECK_THAT(md, Catch::Contains("| resource | Microsoft.Storage/storageAccounts/staosprod002 |"));
  // A resource in another group keeps its full id.
  CHECK_THAT(md, Catch::Contains("| resource | " + elsewhere + " |"));
  CHECK_THAT(md, Catch::Contains("| http | "));
}
