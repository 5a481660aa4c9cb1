#include "github/event_context.hpp"

#include <catch2/catch.hpp>

#include "support.hpp"

using namespace bicepgate;
using bicepgate::testing::fixture_path;
using bicepgate::testing::read_fixture;

namespace {
github::EnvironmentMap actions_env(const std::string& event, const std::string& ref) {
  return {{"GITHUB_ACTIONS", "true"},
          {"GITHUB_EVENT_NAME", event},
          {"GITHUB_REF", ref},
          {"GITHUB_SHA", "4b825dc642cb6eb9a060e54bf8d69288fbee4904"},
          {"GITHUB_REPOSITORY", "contoso/platform"},
          {"GITHUB_RUN_ID", "9001"},
          {"GITHUB_SERVER_URL", "https://github.com"}};
}
}  // namespace

TEST_CASE("a push to main is read from the variables and the payload") {
  auto ctx = github::parse_event_context(actions_env("push", "refs/heads/main"),
                                         read_fixture("events/push_main.json"));
  REQUIRE(ctx);
  CHECK(ctx->event_name == "push");
  CHECK(ctx->branch == "main");
  CHECK(ctx->sha == "4b825dc642cb6eb9a060e54bf8d69288fbee4904");
  CHECK(ctx->in_actions);
  CHECK_FALSE(ctx->pull_request);
  CHECK(ctx->run_url() == "https://github.com/contoso/platform/actions/runs/9001");
}

TEST_CASE("a pull request carries its branches, number and labels") {
  auto env = actions_env("pull_request", "refs/pull/42/merge");
  env["GITHUB_HEAD_REF"] = "feature/service-bus";
  env["GITHUB_BASE_REF"] = "main";
  auto ctx = github::parse_event_context(env, read_fixture("events/pull_request.json"));
  REQUIRE(ctx);
  REQUIRE(ctx->pull_request);
  CHECK(ctx->pull_request->number == 42);
  CHECK(ctx->pull_request->base_ref == "main");
  CHECK(ctx->pull_request->head_ref == "feature/service-bus");
  CHECK(ctx->branch == "feature/service-bus");
  CHECK_FALSE(ctx->pull_request->from_fork);
  CHECK(ctx->pull_request->labels == std::vector<std::string>{"infrastructure", "approve-deletes"});
}

TEST_CASE("the PR's branches come from the payload when GITHUB_HEAD_REF is absent") {
  auto ctx = github::parse_event_context(actions_env("pull_request", "refs/pull/42/merge"),
                                         read_fixture("events/pull_request.json"));
  REQUIRE(ctx);
  CHECK(ctx->pull_request->base_ref == "main");
  CHECK(ctx->pull_request->head_ref == "feature/service-bus");
}

TEST_CASE("a pull request from a fork is recognised as such") {
  auto ctx = github::parse_event_context(actions_env("pull_request", "refs/pull/43/merge"),
                                         read_fixture("events/pull_request_fork.json"));
  REQUIRE(ctx);
  CHECK(ctx->pull_request->from_fork);
  CHECK(ctx->pull_request->head_repository == "mallory/platform");
  // Same branch name as the base ("main") must not make it look like a push to main.
  CHECK(ctx->is_pull_request_event());
}

TEST_CASE("a pull request whose fork was deleted counts as a fork") {
  auto ctx = github::parse_event_context(actions_env("pull_request_target", "refs/heads/main"),
                                         read_fixture("events/pull_request_deleted_fork.json"));
  REQUIRE(ctx);
  CHECK(ctx->pull_request->from_fork);
}

TEST_CASE("workflow_dispatch is read with its branch") {
  auto ctx = github::parse_event_context(actions_env("workflow_dispatch", "refs/heads/develop"),
                                         read_fixture("events/workflow_dispatch.json"));
  REQUIRE(ctx);
  CHECK(ctx->branch == "develop");
  CHECK_FALSE(ctx->pull_request);
}

TEST_CASE("a tag push sets the tag, not a branch") {
  auto ctx = github::parse_event_context(actions_env("push", "refs/tags/v1.2.0"), "{}");
  REQUIRE(ctx);
  CHECK(ctx->tag == "v1.2.0");
  CHECK(ctx->branch.empty());
}

TEST_CASE("a broken payload is an error naming the file") {
  auto ctx = github::parse_event_context(actions_env("push", "refs/heads/main"),
                                         "{\"ref\": ", "/tmp/event.json");
  REQUIRE_FALSE(ctx);
  CHECK_THAT(ctx.error().message,
             Catch::Contains("/tmp/event.json") && Catch::Contains("not valid JSON"));
}

TEST_CASE("a pull_request event without a pull_request object is an error") {
  auto ctx = github::parse_event_context(actions_env("pull_request", "refs/pull/1/merge"), "{}");
  REQUIRE_FALSE(ctx);
  CHECK_THAT(ctx.error().message, Catch::Contains("pull_request"));
}

TEST_CASE("outside Actions there is no event and no error") {
  auto ctx = github::parse_event_context({}, "");
  REQUIRE(ctx);
  CHECK(ctx->event_name.empty());
  CHECK_FALSE(ctx->in_actions);
}

TEST_CASE("the payload is read from GITHUB_EVENT_PATH, and a missing file is named") {
  auto env = actions_env("push", "refs/heads/main");
  env["GITHUB_EVENT_PATH"] = fixture_path("events/push_main.json").string();
  auto ctx = github::load_event_context(env);
  REQUIRE(ctx);
  CHECK(ctx->repository == "contoso/platform");
  env["GITHUB_EVENT_PATH"] = "/nonexistent/event.json";
  auto missing = github::load_event_context(env);
  REQUIRE_FALSE(missing);
  CHECK_THAT(missing.error().message, Catch::Contains("/nonexistent/event.json"));
}

TEST_CASE("payload members of an unexpected type are ignored, not fatal") {
  bicepgate::github::EnvironmentMap env{{"GITHUB_EVENT_NAME", "pull_request"},
                                        {"GITHUB_REF", "refs/pull/7/merge"}};
  auto ctx = bicepgate::github::parse_event_context(
      env, R"({"pull_request": {"number": 7, "draft": "yes", "labels": [3, {"name": 4}],
               "head": {"ref": 5}, "base": "main"}})");
  REQUIRE(ctx);
  REQUIRE(ctx->pull_request);
  CHECK_FALSE(ctx->pull_request->draft);
  CHECK(ctx->pull_request->labels.empty());
  CHECK(ctx->pull_request->head_ref == "5");
}

TEST_CASE("a review of a fork's pull request is read as that pull request, fork and all") {
  for (const std::string event : {"pull_request_review", "pull_request_review_comment"}) {
    auto ctx = github::parse_event_context(actions_env(event, "refs/pull/44/merge"),
                                           read_fixture("events/" + event + "_fork.json"));
    REQUIRE(ctx);
    CHECK(ctx->is_pull_request_event());
    REQUIRE(ctx->pull_request);
    CHECK(ctx->pull_request->number == 44);
    CHECK(ctx->pull_request->from_fork);
    CHECK(ctx->pull_request->head_repository == "mallory/platform");
    CHECK(ctx->pull_request->head_ref == "feature/cheaper-sku");
    CHECK(ctx->pull_request->base_ref == "main");
  }
}

TEST_CASE("a comment on a pull request does not say where its head lives, so it is a fork") {
  // issue_comment runs on the default branch (GITHUB_REF), whoever wrote the comment.
  auto ctx = github::parse_event_context(actions_env("issue_comment", "refs/heads/main"),
                                         read_fixture("events/issue_comment_pull_request.json"));
  REQUIRE(ctx);
  CHECK(ctx->is_pull_request_event());
  REQUIRE(ctx->pull_request);
  CHECK(ctx->pull_request->number == 44);
  CHECK(ctx->pull_request->from_fork);
}

TEST_CASE("a comment on a plain issue names no pull request, but is still pull-request-like") {
  auto ctx = github::parse_event_context(actions_env("issue_comment", "refs/heads/main"),
                                         R"({"issue": {"number": 3}, "comment": {"body": "hi"}})");
  REQUIRE(ctx);
  CHECK_FALSE(ctx->pull_request);
  CHECK(ctx->is_pull_request_event());
}

TEST_CASE("a pushed tag from its real payload is a tag and not a branch") {
  auto ctx = github::parse_event_context(actions_env("push", "refs/tags/v1.0"),
                                         read_fixture("events/push_tag.json"));
  REQUIRE(ctx);
  CHECK(ctx->tag == "v1.0");
  CHECK(ctx->branch.empty());
  CHECK_FALSE(ctx->is_pull_request_event());
}
