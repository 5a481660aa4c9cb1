// The whole run loop, pipeline::execute, through a fake az that answers with the real az's
// recorded output (tests/fixtures/az/run_loop/, recorded by record_run_loop.py against the ARM
// emulator): what e2e covers in minutes, in well under a second per run.

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "audit/trail.hpp"
#include "github/event_context.hpp"
#include "pipeline/run.hpp"
#include "recorded_run.hpp"
#include "report/fix_request.hpp"
#include "run_fixture.hpp"
#include "scripted_az.hpp"
#include "stages/failure.hpp"
#include "util/files.hpp"
#include "util/subprocess.hpp"

using namespace bicepgate;
using Catch::Contains;
using testing::AzAnswer;
using testing::RecordedRun;

namespace {

// A call's arguments with its files named by their file name alone: the recording ran in a
// temporary folder of its own (<tmp>/run-…/bicepgate-…/storage.json).
std::vector<std::string> without_folders(std::vector<std::string> args) {
  for (auto& arg : args) {
    if (arg.starts_with("/") || arg.starts_with("<tmp>/"))
      arg = std::filesystem::path(arg).filename().string();
  }
  return args;
}

// Each call the run made, beside the recorded run's: the same az commands with the same
// arguments as the real bicepgate gave the real az.
void check_same_calls_as(const testing::ScriptedAz& az, const std::string& folder) {
  auto made = az.calls();
  auto recorded = testing::ScriptedAz::recorded_calls(folder);
  REQUIRE(made.size() == recorded.size());
  for (std::size_t i = 0; i < made.size(); ++i) {
    CHECK(without_folders(made[i].call.args) ==
          without_folders(testing::ScriptedAz::recorded_args(recorded[i])));
  }
}

// The deployment name a recorded run used (its what-if's --name).
std::string recorded_name(const std::string& what_if_stem) {
  auto args = testing::ScriptedAz::recorded_args(what_if_stem);
  auto at = std::find(args.begin(), args.end(), "--name");
  return at == args.end() || at + 1 == args.end() ? "" : *(at + 1);
}

using Calls = std::vector<std::string>;
const Calls kFullRun = {"version", "deployment group list", "deployment group what-if",
                        "deployment group create", "resource list"};

// The pull request of tests/fixtures/events/pull_request.json (#42, labelled approve-deletes),
// or the same without its labels.
github::EventContext pull_request(bool labelled) {
  auto payload = nlohmann::json::parse(testing::read_fixture("events/pull_request.json"));
  if (!labelled) payload["pull_request"]["labels"] = nlohmann::json::array();
  const github::EnvironmentMap env = {{"GITHUB_EVENT_NAME", "pull_request"},
                                      {"GITHUB_REF", "refs/pull/42/merge"},
                                      {"GITHUB_REPOSITORY", "contoso/platform"}};
  return github::parse_event_context(env, payload.dump()).value();
}

// The Bicep CLI the tests can run: BICEPGATE_BICEP, else `bicep` on PATH (scripts/install-deps
// puts the pinned one in /usr/local/bin, where the e2e harness finds it too).
std::optional<std::string> find_bicep() {
  if (const char* set = std::getenv("BICEPGATE_BICEP"); set != nullptr && *set != '\0')
    return std::string(set);
  auto found = util::find_program("bicep");
  if (found.empty()) return std::nullopt;
  return found;
}

}  // namespace

TEST_CASE("a first deployment plans, deploys, checks health and records it all", "[run-loop]") {
  RecordedRun first;
  first.az.replay("az/run_loop/deploy");

  CHECK(first.execute() == 0);
  CHECK(first.states() == Calls{"validating_parameters", "linting", "planning", "deploying",
                                "verifying_health", "completed"});
  CHECK(first.az.commands() == kFullRun);
  CHECK(first.az.unscripted().empty());
  check_same_calls_as(first.az, "az/run_loop/deploy");
  // The same content hashes to the same name here as in the recorded run.
  CHECK(first.ctx().record.deployment_name ==
        recorded_name("az/run_loop/deploy/03-deployment-group-what-if"));
  auto outputs = first.outputs();
  CHECK(outputs["state"] == "completed");
  CHECK(outputs["what-if"] == R"({"Create":1})");
  CHECK(outputs["output-storageId"].ends_with("/storageAccounts/strunloopv435bc2gywoqa"));
  CHECK(first.ctx().record.health.size() == 1);
  CHECK(first.audit["final_state"] == "completed");
  CHECK(first.audited_calls() == kFullRun);
}

TEST_CASE("the warnings gate stops a run with warnings-as-errors before what-if", "[run-loop]") {
  auto bicep = find_bicep();
  if (!bicep) {
    // ctest reports this test as skipped (SKIP_REGULAR_EXPRESSION in tests/CMakeLists.txt).
    WARN(
        "SKIPPED: no Bicep CLI (set BICEPGATE_BICEP or put bicep on PATH): the warnings gate "
        "is untested");
    return;
  }
  RecordedRun run;
  // BCP037 and BCP089 inside `properties:`: warnings, and the file compiles.
  run.fixture.write("tpl/main.bicep",
                    testing::read_fixture("bicep/warnings/property-inside-properties.bicep"));
  run.fixture.settings.target.template_file = "tpl/main.bicep";
  run.fixture.settings.bicep_executable = *bicep;
  run.fixture.settings.target.warnings_as_errors.all = true;
  run.az.on("version", AzAnswer::recorded("az/run_loop/deploy/01-version"));

  CHECK(run.execute() == 1);
  CHECK(run.states() == Calls{"validating_parameters", "linting", "failed"});
  CHECK(run.az.commands() == Calls{"version"});  // nothing after az version ran
  CHECK(model::class_name(run.ctx().record.outcome) == "logic");
  CHECK(run.ctx().record.outcome.stage == "linting");
  CHECK(run.ctx().record.outcome.file == "tpl/main.bicep");
  CHECK_THAT(run.ctx().record.outcome.message,
             Contains("fail lint") && Contains("warnings-as-errors"));
  auto outputs = run.outputs();
  CHECK(outputs["state"] == "failed");
  CHECK(outputs["failure-class"] == "logic");
  CHECK(outputs["failure-code"] == run.ctx().record.outcome.code);
  CHECK_THAT(run.fixture.out.str(), Contains("::warning file=tpl/main.bicep,line="));
  CHECK(run.audit["failure_class"] == "logic");
}

TEST_CASE("a rerun of content that succeeded and what-if sees unchanged skips the deploy",
          "[run-loop]") {
  RecordedRun first;
  first.az.replay("az/run_loop/deploy");
  REQUIRE(first.execute() == 0);

  // The same content again; the history az lists now holds the first run's deployment.
  RecordedRun second;
  second.az.replay("az/run_loop/rerun");
  CHECK(second.execute() == 0);
  CHECK(second.ctx().record.deployment_name == first.ctx().record.deployment_name);
  CHECK(second.ctx().record.unchanged);
  CHECK(second.states() == Calls{"validating_parameters", "linting", "planning", "skipped"});
  CHECK(second.az.commands() ==
        Calls{"version", "deployment group list", "deployment group what-if"});
  auto outputs = second.outputs();
  CHECK(outputs["state"] == "skipped");
  CHECK(outputs["has-changes"] == "false");
  CHECK(second.audit["final_state"] == "skipped");

  SECTION("input force deploys it anyway") {
    RecordedRun forced;
    forced.fixture.settings.force = true;
    forced.az.replay("az/run_loop/rerun");
    forced.az.on("deployment group create",
                 AzAnswer::recorded("az/run_loop/deploy/04-deployment-group-create"));
    forced.az.on("resource list", AzAnswer::recorded("az/run_loop/deploy/05-resource-list"));
    CHECK(forced.execute() == 0);
    CHECK(forced.states().back() == "completed");
    CHECK(forced.az.commands() == kFullRun);
  }
}

TEST_CASE("a delete in what-if stops without the approval label and deploys with it",
          "[run-loop]") {
  SECTION("without the label: stopped at the gate, nothing deployed") {
    RecordedRun run("review", "rg-aos-staging", "Complete");
    run.ctx().event = pull_request(false);
    run.az.replay("az/run_loop/delete-unlabelled");

    CHECK(run.execute() == 1);
    CHECK(run.states() ==
          Calls{"validating_parameters", "linting", "planning", "awaiting_confirmation", "failed"});
    CHECK(run.az.commands() ==
          Calls{"version", "deployment group list", "deployment group what-if"});
    CHECK(run.ctx().record.outcome.code == "gate.deletes");
    CHECK_THAT(run.ctx().record.outcome.message,
               Contains("add the label 'approve-deletes' to pull request #42") &&
                   Contains("redis-aos-staging"));
    auto outputs = run.outputs();
    CHECK(outputs["state"] == "failed");
    CHECK(outputs["failure-class"] == "configuration");
    CHECK(outputs["destructive-changes"] == "1");
    CHECK_THAT(run.summary(), Contains("| Microsoft.Cache/redis | redis-aos-staging | Delete |"));
    CHECK(run.audit["failure_code"] == "gate.deletes");
  }
  SECTION("with the label: approved, deployed, healthy") {
    RecordedRun run("review", "rg-aos-staging", "Complete");
    run.ctx().event = pull_request(true);
    run.az.replay("az/run_loop/delete-labelled");

    CHECK(run.execute() == 0);
    CHECK(run.states() == Calls{"validating_parameters", "linting", "planning",
                                "awaiting_confirmation", "deploying", "verifying_health",
                                "completed"});
    CHECK(run.az.commands() == kFullRun);
    check_same_calls_as(run.az, "az/run_loop/delete-labelled");  // --mode Complete included
    CHECK_THAT(run.ctx().record.gate_reason, Contains("label 'approve-deletes'"));
    auto outputs = run.outputs();
    CHECK(outputs["state"] == "completed");
    CHECK(outputs["destructive-changes"] == "1");
    CHECK(run.audited_calls() == kFullRun);
  }
}

TEST_CASE("a what-if throttled with Retry-After is retried after that wait, then passes",
          "[run-loop]") {
  RecordedRun run;
  run.fixture.settings.retry.base = std::chrono::seconds(30);  // the told wait, not the backoff
  run.az.replay("az/run_loop/throttled");

  CHECK(run.execute() == 0);
  // The whole planning stage runs again: history, then what-if.
  check_same_calls_as(run.az, "az/run_loop/throttled");
  CHECK(run.waits == std::vector<std::chrono::milliseconds>{std::chrono::seconds(1)});
  REQUIRE(run.ctx().record.retries.size() == 1);
  CHECK(run.ctx().record.retries[0].stage == "planning");
  CHECK(run.ctx().record.retries[0].code == "ResourceRequestsThrottled");
  CHECK(run.states().back() == "completed");
  CHECK_THAT(run.summary(),
             Contains("| Retried | planning attempt 1 failed with ResourceRequestsThrottled; "
                      "waited 1000 ms"));
  REQUIRE(run.audit["details"]["retries"].size() == 1);
  CHECK(run.audit["details"]["retries"][0]["delay_ms"] == 1000);
}

TEST_CASE("a deployment still running at timeout-minutes fails, not retried, with how to follow",
          "[run-loop]") {
  RecordedRun run;
  run.fixture.settings.deploy_timeout = std::chrono::milliseconds(200);
  run.az.replay("az/run_loop/deploy");
  run.az.instead("deployment group create", AzAnswer::hangs());

  const auto started = std::chrono::steady_clock::now();
  CHECK(run.execute() == 1);
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(10));
  CHECK(run.states() ==
        Calls{"validating_parameters", "linting", "planning", "deploying", "failed"});
  // One create: the deployment goes on in Azure, so another PUT would only meet it.
  CHECK(run.az.commands() == Calls{"version", "deployment group list", "deployment group what-if",
                                   "deployment group create"});
  CHECK(run.waits.empty());
  CHECK(run.ctx().record.outcome.code == "DeploymentTimeout");
  CHECK(model::class_name(run.ctx().record.outcome) == "environmental");
  CHECK_FALSE(run.ctx().record.outcome.retryable);
  CHECK_THAT(run.ctx().record.outcome.message, Contains("was still running after"));
  auto outputs = run.outputs();
  CHECK(outputs["failure-code"] == "DeploymentTimeout");
  const auto name = recorded_name("az/run_loop/deploy/03-deployment-group-what-if");
  CHECK(outputs["deployment-name"] == name);
  CHECK_THAT(run.summary(), Contains("az deployment group cancel -g rg-aos-dev -n " + name));
  CHECK(run.audit["failure_code"] == "DeploymentTimeout");
  CHECK(run.audit["events"].back().at("kind") == "transition");
}

TEST_CASE("an exception inside a stage fails that stage as internal and the run still reports",
          "[run-loop]") {
  RecordedRun run;
  run.az.on("version", AzAnswer::recorded("az/run_loop/deploy/01-version"));
  // A bug behind the seam: every other call throws, as a parser meeting a shape it never
  // expected would.
  run.az.on(
      "", AzAnswer::throwing("[json.exception.type_error.302] type must be string, but is number"));

  int code = 0;
  REQUIRE_NOTHROW(code = run.execute());
  CHECK(code == 1);
  CHECK(run.ctx().record.machine.current() == model::State::kFailed);
  CHECK(run.ctx().record.outcome.code == model::kInternalErrorCode);
  CHECK(model::class_name(run.ctx().record.outcome) == "unknown");
  CHECK_FALSE(run.ctx().record.outcome.retryable);
  CHECK_THAT(run.ctx().record.outcome.message,
             Contains("internal error: [json.exception.type_error"));
  // Not retried, and no fix-request: the template is not what is wrong.
  CHECK(run.az.commands() == Calls{"version", "deployment group list"});
  CHECK(run.waits.empty());
  CHECK_FALSE(report::wants_fix_request(run.ctx()));
  // The outputs, the summary and the audit record were written as for any failure.
  auto outputs = run.outputs();
  CHECK(outputs["state"] == "failed");
  CHECK(outputs["failure-code"] == "bicepgate.internal");
  CHECK_THAT(run.summary(), Contains("internal error"));
  CHECK(run.audit["failure_code"] == "bicepgate.internal");
}

namespace {

// A run that logs in itself with creds (a service principal's secret), so its login is one it
// can make again; az's `login --output none` prints nothing.
void log_in_with_creds(RecordedRun& run) {
  run.fixture.settings.login.creds =
      R"({"clientId":"app-1","clientSecret":"Planted~Secret~7","tenantId":"tenant-1"})";
  std::filesystem::create_directories(run.fixture.settings.work_dir);  // the secret's file
  run.az.on("login", AzAnswer{});
}

long count_of(const std::vector<std::string>& commands, const std::string& command) {
  return std::count(commands.begin(), commands.end(), command);
}

std::vector<std::string> relogin_reasons(const RecordedRun& run) {
  std::vector<std::string> out;
  for (const auto& r : run.fixture.ctx.record.relogins) out.push_back(r.stage + ":" + r.reason);
  return out;
}

}  // namespace

TEST_CASE("a login older than relogin-minutes is made again before each later stage",
          "[run-loop][relogin]") {
  RecordedRun run;
  log_in_with_creds(run);
  run.az.replay("az/run_loop/deploy");
  run.fixture.settings.relogin_after = std::chrono::minutes(30);
  // A clock on which every look is 31 minutes after the one before.
  auto at = std::chrono::steady_clock::time_point{};
  run.fixture.ctx.clock = [&at] { return at += std::chrono::minutes(31); };

  CHECK(run.execute() == 0);
  CHECK(relogin_reasons(run) == Calls{"linting:age", "planning:age", "planning:age",
                                      "deploying:age", "verifying_health:age"});
  CHECK(count_of(run.az.commands(), "login") == 6);
  CHECK(run.audit["details"]["relogins"].size() == 5);

  SECTION("zero renews only on expiry") {
    RecordedRun kept;
    log_in_with_creds(kept);
    kept.az.replay("az/run_loop/deploy");
    kept.fixture.settings.relogin_after = std::chrono::milliseconds(0);
    auto later = std::chrono::steady_clock::time_point{};
    kept.fixture.ctx.clock = [&later] { return later += std::chrono::hours(2); };
    CHECK(kept.execute() == 0);
    CHECK(kept.fixture.ctx.record.relogins.empty());
  }
}

TEST_CASE(
    "a login that expires while az waits for the deployment is renewed and the deployment "
    "followed, not sent again",
    "[run-loop][relogin]") {
  RecordedRun run;
  log_in_with_creds(run);
  run.fixture.settings.retry.max_retries = 0;  // renewal does not spend the retries
  run.az.replay("az/run_loop/deploy");
  run.az.instead("deployment group create",
                 AzAnswer::recorded("az/relogin/deployment-group-create-expired"));
  run.az.on("deployment group show",
            AzAnswer::recorded("az/run_loop/deploy/04-deployment-group-create"));

  CHECK(run.execute() == 0);
  CHECK(run.states().back() == "completed");
  CHECK(relogin_reasons(run) == Calls{"deploying:AADSTS700024"});
  CHECK(run.az.commands() == Calls{"version", "login", "deployment group list",
                                   "deployment group what-if", "deployment group create", "login",
                                   "deployment group show", "resource list"});
  CHECK_THAT(
      run.summary(),
      Contains("| Logged in again | before deployment, the login had expired (AADSTS700024)"));

  SECTION("a login az had before bicepgate is not renewed: the stage fails with the hint") {
    RecordedRun laptop;
    laptop.fixture.settings.retry.max_retries = 0;
    laptop.az.replay("az/run_loop/deploy");
    laptop.az.instead("deployment group create",
                      AzAnswer::recorded("az/relogin/deployment-group-create-expired"));
    CHECK(laptop.execute() == 1);
    CHECK(laptop.ctx().record.outcome.code == "AADSTS700024");
    CHECK(model::class_name(laptop.ctx().record.outcome) == "environmental");
    CHECK_THAT(laptop.ctx().record.outcome.hint, Contains("give bicepgate the login inputs"));
    CHECK(laptop.fixture.ctx.record.relogins.empty());
  }
  SECTION("a deployment Azure does not know never started, and is sent") {
    RecordedRun lost;
    log_in_with_creds(lost);
    lost.az.replay("az/run_loop/deploy");
    lost.az.instead("deployment group create",
                    AzAnswer::recorded("az/relogin/deployment-group-create-expired"));
    lost.az.on("deployment group create",
               AzAnswer::recorded("az/run_loop/deploy/04-deployment-group-create"));
    lost.az.on("deployment group show",
               AzAnswer::recorded("az/relogin/deployment-group-show-missing"));
    CHECK(lost.execute() == 0);
    CHECK(count_of(lost.az.commands(), "deployment group create") == 2);
  }
}

TEST_CASE("force: health verifies an unchanged deployment without deploying it again",
          "[run-loop][force]") {
  RecordedRun first;
  first.az.replay("az/run_loop/deploy");
  REQUIRE(first.execute() == 0);

  RecordedRun run;
  run.fixture.settings.force_health = true;
  run.az.replay("az/run_loop/rerun");
  run.az.on("resource list", AzAnswer::recorded("az/run_loop/deploy/05-resource-list"));
  CHECK(run.execute() == 0);
  CHECK(run.states() ==
        Calls{"validating_parameters", "linting", "planning", "verifying_health", "skipped"});
  CHECK(run.az.commands() ==
        Calls{"version", "deployment group list", "deployment group what-if", "resource list"});
  REQUIRE(run.ctx().record.health.size() == 1);
  CHECK(run.ctx().record.health[0].healthy);
  CHECK(run.outputs()["state"] == "skipped");
}
