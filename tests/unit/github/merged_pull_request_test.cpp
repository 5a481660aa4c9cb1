#include "github/merged_pull_request.hpp"

#include <catch2/catch.hpp>

using namespace bicepgate::github;
using nlohmann::json;

namespace {

constexpr const char* kPushed = "9f3c2b1a0d4e5f60718293a4b5c6d7e8f9012345";

// One item as GET /repos/{owner}/{repo}/commits/{sha}/pulls lists it (the pull-request-simple
// schema, docs.github.com/rest/commits/commits#list-pull-requests-associated-with-a-commit),
// trimmed to the members the gate reads.
json pull(int number, const char* base, const char* merge_sha, bool merged,
          std::vector<std::string> labels) {
  json names = json::array();
  for (const auto& label : labels)
    names.push_back({{"id", 1}, {"name", label}, {"color", "ff0000"}});
  return {{"number", number},
          {"state", merged ? "closed" : "open"},
          {"merged_at", merged ? json("2026-12-04T10:00:00Z") : json(nullptr)},
          {"merge_commit_sha", merge_sha},
          {"labels", names},
          {"head", {{"ref", "feature"}, {"sha", "1111111111111111111111111111111111111111"}}},
          {"base", {{"ref", base}, {"sha", "2222222222222222222222222222222222222222"}}}};
}

}  // namespace

TEST_CASE("the merged pull request into the pushed branch with the pushed commit is chosen") {
  auto pulls = json::array({pull(3, "main", "aaaa", true, {}),
                            pull(7, "main", kPushed, true, {"infra", "approve-deletes"})});
  auto found = select_merged_pull_request(pulls, "main", kPushed);
  REQUIRE(found);
  REQUIRE(found->has_value());
  CHECK((*found)->number == 7);
  CHECK((*found)->base_ref == "main");
  CHECK((*found)->labels == std::vector<std::string>{"infra", "approve-deletes"});
}

TEST_CASE("an unmerged pull request, another base or another commit does not count") {
  auto unmerged = json::array({pull(7, "main", kPushed, false, {"approve-deletes"})});
  CHECK_FALSE(select_merged_pull_request(unmerged, "main", kPushed)->has_value());
  auto other_base = json::array({pull(7, "develop", kPushed, true, {"approve-deletes"})});
  CHECK_FALSE(select_merged_pull_request(other_base, "main", kPushed)->has_value());
  auto other_sha = json::array(
      {pull(7, "main", "0123456789012345678901234567890123456789", true, {"approve-deletes"})});
  CHECK_FALSE(select_merged_pull_request(other_sha, "main", kPushed)->has_value());
  CHECK_FALSE(select_merged_pull_request(json::array(), "main", kPushed)->has_value());
}

TEST_CASE("an answer that is not a list is an error, not an empty list") {
  auto found = select_merged_pull_request(json{{"message", "Not Found"}}, "main", kPushed);
  REQUIRE_FALSE(found);
  CHECK(found.error().code == "github.commit_pulls");
}

TEST_CASE("an unreachable API keeps the question open with what to do") {
  ApiSettings settings;
  settings.base_url = "http://127.0.0.1:9";  // discard port: nothing listens
  settings.token = "secret-token-value";
  settings.attempts = 1;
  GitHubApi api(settings);
  auto found = find_merged_pull_request(api, "contoso/platform", "main", kPushed);
  REQUIRE_FALSE(found);
  CHECK_THAT(found.error().message,
             Catch::Contains("GET /repos/contoso/platform/commits/" + std::string(kPushed)) &&
                 Catch::Contains("allow-deletes") && !Catch::Contains("secret-token-value"));
}

TEST_CASE("a repository or sha that would change the request's path is refused before asking") {
  ApiSettings settings;
  settings.base_url = "http://127.0.0.1:9";
  GitHubApi api(settings);
  CHECK_FALSE(find_merged_pull_request(api, "contoso/platform", "main", "../../user"));
  CHECK_FALSE(find_merged_pull_request(api, "contoso/../x", "main", kPushed));
  CHECK_FALSE(find_merged_pull_request(api, "contoso/platform?x=1", "main", kPushed));
}
