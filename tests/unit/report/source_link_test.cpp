#include "report/source_link.hpp"

#include <catch2/catch.hpp>

using namespace bicepgate;

namespace {

github::EventContext push_event() {
  github::EventContext event;
  event.repository = "contoso/platform";
  event.sha = "1edcf3b13670ffd1a2275e4f35a8bb02bf9c5a3c";
  return event;
}

}  // namespace

TEST_CASE("a push links the line at the pushed commit") {
  CHECK(report::source_line_url(push_event(), "bicep/main.bicep", 11) ==
        "https://github.com/contoso/platform/blob/1edcf3b13670ffd1a2275e4f35a8bb02bf9c5a3c/"
        "bicep/main.bicep#L11");
}

TEST_CASE("a pull request links the line at its head, not at the merge commit the run has") {
  auto event = push_event();
  event.pull_request = github::PullRequest{};
  event.pull_request->head_sha = "0123456789abcdef0123456789abcdef01234567";
  CHECK(report::source_line_url(event, "bicep/main.bicep", 3) ==
        "https://github.com/contoso/platform/blob/0123456789abcdef0123456789abcdef01234567/"
        "bicep/main.bicep#L3");
}

TEST_CASE("each path segment is percent-encoded, so no character of it ends the link") {
  CHECK(report::source_line_url(push_event(), "infra (old)/a b|c#d.bicep", 1) ==
        "https://github.com/contoso/platform/blob/1edcf3b13670ffd1a2275e4f35a8bb02bf9c5a3c/"
        "infra%20%28old%29/a%20b%7Cc%23d.bicep#L1");
  CHECK(report::source_line_url(push_event(), "bicep/é.bicep", 1).find("/bicep/%C3%A9.bicep#L1") !=
        std::string::npos);
}

TEST_CASE("no link without a repository, a commit, a line, or a path inside the repository") {
  github::EventContext laptop;
  CHECK(report::source_line_url(laptop, "bicep/main.bicep", 11).empty());
  CHECK(report::source_line_url(push_event(), "bicep/main.bicep", 0).empty());
  CHECK(report::source_line_url(push_event(), "../elsewhere/main.bicep", 2).empty());
  CHECK(report::source_line_url(push_event(), "/abs/main.bicep", 2).empty());
  CHECK(report::source_line_url(push_event(), "bicep//main.bicep", 2).empty());
  auto bad_sha = push_event();
  bad_sha.sha = "main)";
  CHECK(report::source_line_url(bad_sha, "bicep/main.bicep", 2).empty());
  auto bad_server = push_event();
  bad_server.server_url = "https://x.example) [y](https://evil.example";
  CHECK(report::source_line_url(bad_server, "bicep/main.bicep", 2).empty());
}

TEST_CASE("the link text is the place as code; without a URL it is the code alone") {
  CHECK(report::source_line_markdown(push_event(), "bicep/main.bicep", 11, true) ==
        "[`bicep/main.bicep:11`](https://github.com/contoso/platform/blob/"
        "1edcf3b13670ffd1a2275e4f35a8bb02bf9c5a3c/bicep/main.bicep#L11)");
  CHECK(report::source_line_markdown(github::EventContext{}, "a|b.bicep", 2, true) ==
        "`a\\|b.bicep:2`");
}
