#include "routing/router.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <tuple>

#include "support.hpp"

using namespace bicepgate;
using bicepgate::testing::read_fixture;

namespace {
github::EventContext push(const std::string& branch) {
  github::EventContext ctx;
  ctx.event_name = "push";
  ctx.ref = "refs/heads/" + branch;
  ctx.branch = branch;
  return ctx;
}

github::EventContext pull_request(const std::string& head, const std::string& base,
                                  bool fork = false) {
  github::EventContext ctx;
  ctx.event_name = "pull_request";
  ctx.ref = "refs/pull/5/merge";
  ctx.branch = head;
  github::PullRequest pr;
  pr.number = 5;
  pr.head_ref = head;
  pr.base_ref = base;
  pr.base_repository = "contoso/platform";
  pr.head_repository = fork ? "mallory/platform" : "contoso/platform";
  pr.from_fork = fork;
  ctx.pull_request = pr;
  return ctx;
}
}  // namespace

TEST_CASE("the embedded default routes develop, PRs into main, and main") {
  auto config = routing::embedded_default_config();
  auto dev = routing::decide(config, push("develop"));
  CHECK(dev.environment == "dev");
  CHECK_FALSE(dev.plan_only);
  auto staging = routing::decide(config, pull_request("feature/x", "main"));
  CHECK(staging.environment == "staging");
  CHECK(staging.preview == std::vector<std::string>{"prod"});
  CHECK(staging.plan_only);
  auto prod = routing::decide(config, push("main"));
  CHECK(prod.environment == "prod");
  CHECK_THAT(prod.reason, Catch::Contains("push to branch 'main'"));
}

TEST_CASE("anything else deploys nothing and says why") {
  auto config = routing::embedded_default_config();
  auto feature = routing::decide(config, push("feature/x"));
  CHECK_FALSE(feature.environment);
  CHECK_FALSE(feature.rejected);
  CHECK_THAT(feature.reason, Catch::Contains("feature/x") && Catch::Contains("matches no route"));
  auto into_develop = routing::decide(config, pull_request("feature/x", "develop"));
  CHECK_FALSE(into_develop.environment);
  github::EventContext dispatch;
  dispatch.event_name = "workflow_dispatch";
  dispatch.branch = "main";
  CHECK_FALSE(routing::decide(config, dispatch).environment);
}

TEST_CASE("a pull request from a fork never deploys, whatever its branches") {
  auto config = routing::embedded_default_config();
  auto decision = routing::decide(config, pull_request("main", "main", true));
  CHECK_FALSE(decision.environment);
  CHECK(decision.preview.empty());
  CHECK_THAT(decision.reason,
             Catch::Contains("mallory/platform") && Catch::Contains("forks never deploy"));
  CHECK_FALSE(routing::decide(config, pull_request("main", "main", true), "staging").environment);
}

TEST_CASE("an explicit environment input is honoured, but never prod from a pull request") {
  auto config = routing::embedded_default_config();
  auto chosen = routing::decide(config, push("feature/x"), "dev");
  CHECK(chosen.environment == "dev");
  auto refused = routing::decide(config, pull_request("feature/x", "main"), "prod");
  CHECK_FALSE(refused.environment);
  CHECK(refused.rejected);
  CHECK_THAT(refused.reason, Catch::Contains("never deploys from a pull request"));
  auto unknown = routing::decide(config, push("main"), "qa");
  CHECK(unknown.rejected);
  CHECK_THAT(unknown.reason, Catch::Contains("'qa'") && Catch::Contains("dev, prod, staging"));
}

TEST_CASE("globs match release branches, and the first matching route wins") {
  auto config = routing::parse_config(read_fixture("configs/custom.yml"), "custom.yml").value();
  CHECK(routing::decide(config, push("release/2026.11")).environment == "preprod");
  auto pr = routing::decide(config, pull_request("fix/x", "release/2026.11"));
  CHECK(pr.environment == "preprod");
  CHECK_FALSE(pr.plan_only);
  CHECK(pr.preview == std::vector<std::string>{"live"});
  CHECK(routing::decide(config, push("main")).environment == "live");
  CHECK_FALSE(routing::decide(config, push("releases")).environment);
}

TEST_CASE("the decision as JSON has environment null when nothing deploys") {
  auto config = routing::embedded_default_config();
  auto ctx = push("feature/x");
  auto none = routing::to_json(routing::decide(config, ctx), config, ctx);
  CHECK(none["environment"].is_null());
  CHECK(none["preview"] == nlohmann::json::array());
  CHECK(none["reason"].get<std::string>().size() > 10);
  auto main_ctx = push("main");
  auto prod = routing::to_json(routing::decide(config, main_ctx), config, main_ctx);
  CHECK(prod["environment"] == "prod");
  CHECK(prod["target"]["resource_group"] == "rg-aos-prod");
  CHECK(prod["target"]["production"] == true);
}

namespace {
github::EventContext from_fixture(const std::string& event, const std::string& ref,
                                  const std::string& fixture) {
  github::EnvironmentMap env{
      {"GITHUB_EVENT_NAME", event}, {"GITHUB_REF", ref}, {"GITHUB_REPOSITORY", "contoso/platform"}};
  return github::parse_event_context(env, read_fixture("events/" + fixture)).value();
}

// A config that lets pull-request-like events deploy a non-production environment.
routing::Config review_config() {
  return routing::parse_config(
             "environments:\n  staging:\n    resource-group: rg-aos-staging\n"
             "routes:\n  - event: [pull_request_review, pull_request_review_comment, "
             "issue_comment]\n    environment: staging\n    plan-only: false\n",
             "c.yml")
      .value();
}
}  // namespace

TEST_CASE("a fork's review, review comment or PR comment never deploys, whatever the route") {
  auto config = review_config();
  // GITHUB_REF as GitHub's "Events that trigger workflows" gives it for each event.
  for (const auto& [event, ref, fixture] :
       {std::tuple{"pull_request_review", "refs/pull/44/merge", "pull_request_review_fork.json"},
        std::tuple{"pull_request_review_comment", "refs/pull/44/merge",
                   "pull_request_review_comment_fork.json"},
        std::tuple{"issue_comment", "refs/heads/main", "issue_comment_pull_request.json"}}) {
    INFO(event);
    auto ctx = from_fixture(event, ref, fixture);
    auto decision = routing::decide(config, ctx);
    CHECK_FALSE(decision.environment);
    CHECK_FALSE(decision.rejected);
    CHECK_THAT(decision.reason, Catch::Contains("#44") && Catch::Contains("fork"));
    // Nor does naming an environment in the inputs get around it.
    CHECK_FALSE(routing::decide(config, ctx, "staging").environment);
  }
}

TEST_CASE("a review of a pull request from the same repository plans, as a pull request does") {
  auto config = routing::parse_config(
                    "environments:\n  staging:\n    resource-group: rg-aos-staging\n"
                    "routes:\n  - event: pull_request_review\n    environment: staging\n",
                    "c.yml")
                    .value();
  auto ctx = pull_request("feature/x", "main");
  ctx.event_name = "pull_request_review";
  auto decision = routing::decide(config, ctx);
  CHECK(decision.environment == "staging");
  CHECK(decision.plan_only);
}

TEST_CASE("a pushed tag matches only a route that names tags") {
  auto config = routing::parse_config(
                    "environments:\n  dev:\n    resource-group: rg-dev\n"
                    "  prod:\n    resource-group: rg-prod\n"
                    "routes:\n  - event: push\n    branch: '*'\n    environment: dev\n"
                    "  - event: push\n    environment: dev\n"
                    "  - event: push\n    tag: v*\n    environment: prod\n",
                    "c.yml")
                    .value();
  auto tag = from_fixture("push", "refs/tags/v1.0", "push_tag.json");
  auto decision = routing::decide(config, tag);
  CHECK(decision.environment == "prod");
  CHECK_THAT(decision.reason, Catch::Contains("tag 'v1.0'") && Catch::Contains("c.yml:12"));
  // A branch never matches the tag route.
  CHECK(routing::decide(config, push("v1.0")).environment == "dev");
}

TEST_CASE("a pushed tag with no tag route deploys nothing, even to a route without a branch") {
  auto config = routing::parse_config(
                    "environments:\n  dev:\n    resource-group: rg-dev\n"
                    "routes:\n  - event: push\n    environment: dev\n"
                    "  - event: push\n    branch: '*'\n    environment: dev\n",
                    "c.yml")
                    .value();
  auto decision = routing::decide(config, from_fixture("push", "refs/tags/v1.0", "push_tag.json"));
  CHECK_FALSE(decision.environment);
  CHECK_THAT(decision.reason, Catch::Contains("only routes with 'tag:'"));
  CHECK(routing::decide(config, push("develop")).environment == "dev");
}

TEST_CASE("the environment input is matched without case, and production stays refused") {
  auto config = routing::embedded_default_config();
  auto dev = routing::decide(config, push("feature/x"), "DEV");
  CHECK(dev.environment == "dev");
  auto prod = routing::decide(config, pull_request("feature/x", "main"), "Prod");
  CHECK_FALSE(prod.environment);
  CHECK(prod.rejected);
  CHECK_THAT(prod.reason, Catch::Contains("production environment 'prod'") &&
                              Catch::Contains("never deploys from a pull request"));
}

TEST_CASE("a scheduled run routed to a drift route checks drift, and says so in its JSON") {
  auto config = routing::parse_config(
      "environments:\n  prod:\n    resource-group: rg-aos-prod\n    template: main.bicep\n"
      "routes:\n  - event: schedule\n    environment: prod\n    drift: true\n"
      "  - event: workflow_dispatch\n    environment: prod\n",
      "drift.yml");
  REQUIRE(config);
  github::EventContext scheduled;
  scheduled.event_name = "schedule";
  scheduled.ref = "refs/heads/main";
  scheduled.branch = "main";
  auto decision = routing::decide(*config, scheduled);
  REQUIRE(decision.environment);
  CHECK(decision.drift);
  CHECK(routing::to_json(decision, *config, scheduled)["drift"] == true);
  auto dispatched = scheduled;
  dispatched.event_name = "workflow_dispatch";
  CHECK_FALSE(routing::decide(*config, dispatched).drift);
}
