#include "pipeline/preview.hpp"

#include <catch2/catch.hpp>
#include <sstream>

#include "run_fixture.hpp"

using namespace bicepgate;

namespace {

using Fixture = testing::RunFixture;

routing::EnvironmentConfig prod() {
  routing::EnvironmentConfig env;
  env.name = "prod";
  env.production = true;
  env.resource_group = "rg-aos-prod";
  env.template_file = "bicep/main.bicep";
  env.mode = "Complete";
  return env;
}
}  // namespace

TEST_CASE("a preview runs with the run's settings, retargeted, plan-only, writing nothing") {
  model::RunSettings run;
  run.target.name = "staging";
  run.plan_only = false;
  run.force = true;
  run.sarif_file = "lint.sarif";
  run.fix_request_file = "fix.json";
  run.dispatch_fix_request = true;
  run.create_resource_group = model::CreateResourceGroup::kAlways;
  run.validation_level = "ProviderNoRbac";
  run.allow_deletes = true;
  run.work_dir = "/tmp/run";
  run.previews = {prod()};
  auto settings = pipeline::preview_settings(run, prod(), 0);
  CHECK(settings.target.name == "prod");
  CHECK(settings.mode == "Complete");
  CHECK(settings.plan_only);
  CHECK_FALSE(settings.force);
  CHECK(settings.previews.empty());
  CHECK(settings.sarif_file.empty());
  CHECK(settings.fix_request_file.empty());
  CHECK_FALSE(settings.dispatch_fix_request);
  CHECK_FALSE(settings.comment_on_pr);
  CHECK(settings.create_resource_group == model::CreateResourceGroup::kNever);
  CHECK(settings.work_dir == std::filesystem::path("/tmp/run/preview-1"));
  // The workflow's own choices carry over.
  CHECK(settings.validation_level == "ProviderNoRbac");
  CHECK(settings.allow_deletes);
}

TEST_CASE("a run that stopped before its login plans no preview and says why") {
  Fixture f;
  f.settings.previews = {prod()};
  f.ctx.record.machine.move_to(model::State::kValidatingParameters);
  f.ctx.record.outcome.stage = "validating_parameters";
  f.ctx.record.machine.move_to(model::State::kFailed);
  pipeline::plan_previews(f.ctx);
  REQUIRE(f.ctx.record.previews.size() == 1);
  const auto& p = f.ctx.record.previews[0];
  CHECK(p.state == model::State::kSkipped);
  CHECK_FALSE(p.planned());
  CHECK_THAT(p.not_planned, Catch::Contains("before it had logged in"));
  auto json = model::previews_json(f.ctx.record.previews);
  CHECK(json["prod"]["state"] == "skipped");
  CHECK(json["prod"]["production"] == true);
  CHECK_FALSE(json["prod"].contains("gate"));
  CHECK(model::unplanned(f.ctx.record.previews).size() == 1);
}

TEST_CASE("the previews output counts changes and says whether the gate would stop") {
  model::PreviewResult p;
  p.target = prod();
  p.state = model::State::kCompleted;
  p.what_if.counts = {{"Delete", 1}, {"Create", 2}};
  p.destructive.push_back({"/id", "Microsoft.Web/sites", "app", "deleted"});
  p.gate_stops = true;
  p.gate_reason = "1 destructive change(s) need approval: set input allow-deletes: true";
  auto json = model::previews_json({p});
  CHECK(json["prod"]["state"] == "completed");
  CHECK(json["prod"]["what_if"] == nlohmann::json{{"Create", 2}, {"Delete", 1}});
  CHECK(json["prod"]["destructive"] == 1);
  CHECK(json["prod"]["gate"] == "stops");
  CHECK(model::unplanned({p}).empty());
}
