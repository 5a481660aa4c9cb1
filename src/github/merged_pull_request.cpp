#include "github/merged_pull_request.hpp"

#include <algorithm>
#include <cctype>

#include "util/strings.hpp"

namespace bicepgate::github {
namespace {

using nlohmann::json;

std::string string_at(const json& node, const json::json_pointer& pointer) {
  if (!node.contains(pointer) || !node.at(pointer).is_string()) return {};
  return node.at(pointer).get<std::string>();
}

bool is_sha(const std::string& text) {
  return (text.size() == 40 || text.size() == 64) &&
         std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isxdigit(c); });
}

bool is_repository(const std::string& text) {
  // owner/name: GitHub allows letters, digits, '-', '_' and '.' in both halves.
  auto slash = text.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == text.size() ||
      text.find('/', slash + 1) != std::string::npos || text.find("..") != std::string::npos) {
    return false;
  }
  return std::all_of(text.begin(), text.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '/';
  });
}

}  // namespace

Result<std::optional<PullRequest>> select_merged_pull_request(const json& pulls,
                                                              const std::string& branch,
                                                              const std::string& sha) {
  if (!pulls.is_array()) {
    return fail("GitHub's list of the commit's pull requests is not a JSON array",
                "github.commit_pulls");
  }
  for (const auto& item : pulls) {
    if (!item.is_object()) continue;
    // The pull-request-simple schema (docs.github.com/rest/commits/commits#list-pull-requests-
    // associated-with-a-commit): merged_at is null until it is merged. Once merged,
    // merge_commit_sha is the commit the base branch was moved to whatever the method: the merge
    // commit, the squashed commit, or the last rebased commit (docs.github.com/rest/pulls/
    // pulls#get-a-pull-request). The head sha is never the pushed commit of a squash or a rebase,
    // which write new commits, so only merge_commit_sha is compared.
    if (!item.contains("merged_at") || !item["merged_at"].is_string()) continue;
    if (string_at(item, "/base/ref"_json_pointer) != branch) continue;
    if (util::to_lower(string_at(item, "/merge_commit_sha"_json_pointer)) != util::to_lower(sha))
      continue;
    PullRequest pr;
    if (item.contains("number") && item["number"].is_number_integer())
      pr.number = item["number"].get<int>();
    pr.base_ref = branch;
    pr.head_ref = string_at(item, "/head/ref"_json_pointer);
    pr.head_sha = string_at(item, "/head/sha"_json_pointer);
    if (item.contains("labels") && item["labels"].is_array()) {
      for (const auto& label : item["labels"]) {
        if (label.is_object() && label.contains("name") && label["name"].is_string())
          pr.labels.push_back(label["name"].get<std::string>());
      }
    }
    return std::optional<PullRequest>(std::move(pr));
  }
  return std::optional<PullRequest>();
}

Result<std::optional<PullRequest>> find_merged_pull_request(const GitHubApi& api,
                                                            const std::string& repository,
                                                            const std::string& branch,
                                                            const std::string& sha) {
  if (!is_repository(repository) || !is_sha(sha)) {
    return fail("cannot look up the merged pull request: GITHUB_REPOSITORY '" + repository +
                    "' and GITHUB_SHA '" + sha + "' must be owner/name and a commit sha",
                "github.commit_pulls");
  }
  // One page of 100: a pushed commit is the merge commit of at most a few pull requests.
  auto answer = api.call("GET", "/repos/" + repository + "/commits/" + sha + "/pulls?per_page=100");
  if (!answer) {
    const auto& error = answer.error();
    // The endpoint needs the token to read pull requests: GITHUB_TOKEN without
    // `pull-requests: read` answers 403 "Resource not accessible by integration", and a token
    // that cannot see the repository 404.
    std::string what_to_do =
        "re-run the job when GitHub answers, or approve with input allow-deletes: true";
    if (error.code == "github.api.403" || error.code == "github.api.404" ||
        error.code == "github.api.401") {
      what_to_do =
          "give the deploy job 'permissions: pull-requests: read' (the github-token must be able "
          "to read the repository's pull requests), or approve with input allow-deletes: true";
    }
    return fail("could not tell which pull request commit " + sha.substr(0, 12) + " came from (" +
                    error.message + "); " + what_to_do,
                "github.commit_pulls");
  }
  return select_merged_pull_request(answer->body, branch, sha);
}

}  // namespace bicepgate::github
