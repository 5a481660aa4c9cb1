#include "pipeline/drift.hpp"

#include <catch2/catch.hpp>

#include "azure/what_if_noise.hpp"
#include "report/drift.hpp"
#include "report/headline.hpp"
#include "run_fixture.hpp"

using namespace bicepgate;
using bicepgate::testing::read_fixture;

namespace {

struct DriftRun : testing::RunFixture {
  DriftRun(bool drift, bool fails) {
    settings.target.name = "dev";
    settings.drift = true;
    settings.drift_fails = fails;
    ctx.record.drift.checked = true;
    ctx.record.drift.drift = drift;
    ctx.record.drift.baseline = "bicepgate-dev-0123456789abcdef";
    ctx.record.machine.move_to(model::State::kValidatingParameters);
    ctx.record.machine.move_to(model::State::kPlanning);
    ctx.record.machine.move_to(model::State::kCompleted);
  }
};

}  // namespace

TEST_CASE("what the noise filter leaves decides drift: a change it removes is none") {
  auto what_if = azure::parse_what_if(read_fixture("az/what_if_drift.json")).value();
  CHECK(what_if.has_changes());
  auto quiet = what_if;
  auto rules = azure::parse_noise_rules(
                   "Microsoft.Storage/* properties.minimumTlsVersion\nMicrosoft.Storage/* tags.*\n",
                   "noise.txt")
                   .value();
  azure::apply_noise_filter(quiet, rules);
  CHECK_FALSE(quiet.has_changes());
  CHECK(report::drift_fingerprint(quiet) == report::drift_fingerprint(azure::WhatIfResult{}));
  auto half = what_if;
  azure::apply_noise_filter(
      half, azure::parse_noise_rules("Microsoft.Storage/* tags.*\n", "noise.txt").value());
  CHECK(half.has_changes());
  CHECK(report::drift_fingerprint(half) != report::drift_fingerprint(what_if));
}

TEST_CASE("drift is reported, and fails the job only when drift-fails asks") {
  DriftRun drifted(true, false);
  pipeline::publish_drift(drifted.ctx);
  drifted.commands.flush_annotations();
  CHECK(drifted.outputs()["drift"] == "true");
  CHECK_THAT(drifted.out.str(), Catch::Contains("::warning title=bicepgate%3A drift in dev::"));
  CHECK(pipeline::drift_exit_code(drifted.ctx) == 0);
  CHECK(report::run_headline(drifted.ctx) == "drift: Azure differs from the last deployment");

  DriftRun failing(true, true);
  pipeline::publish_drift(failing.ctx);
  failing.commands.flush_annotations();
  CHECK_THAT(failing.out.str(), Catch::Contains("::error title=bicepgate%3A drift in dev::"));
  CHECK(pipeline::drift_exit_code(failing.ctx) == 1);

  DriftRun clean(false, true);
  pipeline::publish_drift(clean.ctx);
  CHECK(clean.outputs()["drift"] == "false");
  CHECK(pipeline::drift_exit_code(clean.ctx) == 0);
  CHECK_THAT(clean.summary(), Catch::Contains("None: Azure matches"));
  CHECK(report::run_headline(clean.ctx) == "no drift: Azure matches the last deployment");
}

TEST_CASE("a check that did not answer says nothing about drift") {
  DriftRun unanswered(false, true);
  unanswered.ctx.record.drift.checked = false;
  pipeline::publish_drift(unanswered.ctx);
  CHECK(unanswered.outputs()["drift"].empty());
  CHECK(unanswered.summary().empty());
}
