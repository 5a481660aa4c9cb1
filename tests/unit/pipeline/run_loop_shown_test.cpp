// Inputs what-if-exclude-change-types and masked-outputs through the whole run loop, with the
// recorded az output of run_loop_test.cpp: what people are shown changes, what the gate, the
// outputs and the audit record read does not.

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "audit/trail.hpp"
#include "github/event_context.hpp"
#include "pipeline/run.hpp"
#include "recorded_run.hpp"
#include "run_fixture.hpp"
#include "scripted_az.hpp"
#include "util/files.hpp"

using namespace bicepgate;
using Catch::Contains;
using testing::RecordedRun;

namespace {

github::EventContext unlabelled_pull_request() {
  auto payload = nlohmann::json::parse(testing::read_fixture("events/pull_request.json"));
  payload["pull_request"]["labels"] = nlohmann::json::array();
  const github::EnvironmentMap env = {{"GITHUB_EVENT_NAME", "pull_request"},
                                      {"GITHUB_REF", "refs/pull/42/merge"},
                                      {"GITHUB_REPOSITORY", "contoso/platform"}};
  return github::parse_event_context(env, payload.dump()).value();
}

// The what-if section of the summary: from its heading to the next one.
std::string what_if_section(const std::string& summary) {
  const auto from = summary.find("### What-if");
  if (from == std::string::npos) return {};
  const auto to = summary.find("\n### ", from + 1);
  return summary.substr(from, to == std::string::npos ? std::string::npos : to - from);
}

}  // namespace

TEST_CASE("a hidden Delete is still stopped by the gate, listed, and counted in the outputs",
          "[run-loop][what-if-exclude]") {
  const std::string delete_row = "| Microsoft.Cache/redis | redis-aos-staging | Delete |";
  RecordedRun run("review", "rg-aos-staging", "Complete");
  run.fixture.ctx.event = unlabelled_pull_request();
  run.fixture.settings.what_if_hidden_types = {"Delete"};
  run.az.replay("az/run_loop/delete-unlabelled");

  CHECK(run.execute() == 1);
  // The gate read the whole plan.
  CHECK(run.fixture.ctx.record.outcome.code == "gate.deletes");
  CHECK_THAT(run.fixture.ctx.record.outcome.message, Contains("redis-aos-staging"));
  // az was asked for the whole plan: no --exclude-change-types on the what-if.
  for (const auto& call : run.az.calls()) {
    const auto& args = call.call.args;
    CHECK(std::find(args.begin(), args.end(), "--exclude-change-types") == args.end());
  }
  const auto summary = run.fixture.summary();
  const auto table = what_if_section(summary);
  REQUIRE_FALSE(table.empty());
  CHECK_THAT(table, !Contains(delete_row));
  CHECK_THAT(table, Contains("1 change(s) hidden by input what-if-exclude-change-types: Delete 1"));
  // The deletes the gate stops on are listed all the same, in their own section.
  CHECK_THAT(summary, Contains("### Destructive changes") && Contains("redis-aos-staging"));
  auto outputs = run.fixture.outputs();
  CHECK(outputs["destructive-changes"] == "1");
  CHECK(nlohmann::json::parse(outputs["what-if"]).value("Delete", 0) == 1);
  CHECK(run.audit["details"]["what_if"]["Delete"] == 1);
  CHECK(run.audit["details"]["what_if_hidden"] == nlohmann::json{{"Delete", 1}});
  // The plan file people open is the shown plan too.
  const auto plan = run.plan_file();
  CHECK_THAT(plan, Contains("hidden by input what-if-exclude-change-types: Delete 1"));
  CHECK_THAT(plan, !Contains(delete_row));
}

TEST_CASE("without the input the same run shows its Delete row and hides nothing",
          "[run-loop][what-if-exclude]") {
  RecordedRun run("review", "rg-aos-staging", "Complete");
  run.fixture.ctx.event = unlabelled_pull_request();
  run.az.replay("az/run_loop/delete-unlabelled");

  CHECK(run.execute() == 1);
  const auto table = what_if_section(run.fixture.summary());
  CHECK_THAT(table, Contains("| Microsoft.Cache/redis | redis-aos-staging | Delete |"));
  CHECK_THAT(table, !Contains("hidden by input"));
  CHECK(run.audit["details"]["what_if_hidden"] == nlohmann::json::object());
}

TEST_CASE("a masked output is masked first, still a step output, and shown nowhere",
          "[run-loop][masked-outputs]") {
  RecordedRun run("dev", "rg-aos-dev", "Incremental");
  // Any case, as ARM compares output names; a name the template has no output of is warned of.
  run.fixture.settings.masked_outputs = {"STORAGEID", "connectionString"};
  run.az.replay("az/run_loop/deploy");

  CHECK(run.execute() == 0);
  auto outputs = run.fixture.outputs();
  const auto value = outputs["output-storageId"];
  REQUIRE(value.ends_with("/storageAccounts/strunloopv435bc2gywoqa"));
  CHECK(nlohmann::json::parse(outputs["outputs"])["storageId"] == value);
  const auto printed = run.fixture.out.str();
  CHECK_THAT(printed, Contains("::add-mask::" + value));
  // The warning names the unknown output and the ones the deployment has.
  CHECK_THAT(printed, Contains("masked-outputs names connectionString") &&
                          Contains("its outputs: storageId"));
  const auto summary = run.fixture.summary();
  CHECK_THAT(summary, Contains("| storageId | *** (masked: input masked-outputs) |"));
  CHECK_THAT(summary, !Contains(value));
  CHECK_FALSE(run.audit["details"]["outputs"].contains("storageId"));
  CHECK(run.audit["details"]["masked_outputs"] == nlohmann::json{"storageId"});
  CHECK(run.audit.dump().find(value) == std::string::npos);
}

TEST_CASE("force: health reads the earlier deployment's outputs, masked as a deploy's are",
          "[run-loop][masked-outputs]") {
  RecordedRun run("dev", "rg-aos-dev", "Incremental");
  run.fixture.settings.force_health = true;
  run.fixture.settings.masked_outputs = {"storageId"};
  run.az.replay("az/run_loop/rerun");
  run.az.on("resource list", testing::AzAnswer::recorded("az/run_loop/deploy/05-resource-list"));

  CHECK(run.execute() == 0);
  CHECK(run.fixture.outputs()["state"] == "skipped");
  const auto value = run.fixture.outputs()["output-storageId"];
  REQUIRE(value.ends_with("/storageAccounts/strunloopv435bc2gywoqa"));
  CHECK_THAT(run.fixture.out.str(), Contains("::add-mask::" + value));
  CHECK_THAT(run.fixture.summary(), Contains("| storageId | *** (masked: input masked-outputs) |"));
  CHECK_THAT(run.fixture.summary(), !Contains(value));
  CHECK(run.audit["details"]["masked_outputs"] == nlohmann::json{"storageId"});
}
