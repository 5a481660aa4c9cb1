#pragma once
// The pull request a pushed commit came from: a push after a merge carries no pull request in its
// event, so the approval label given on the pull request is read back through the REST API.

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "github/api.hpp"
#include "github/event_context.hpp"
#include "util/result.hpp"

namespace bicepgate::github {

// Pure. From the answer of GET /repos/{owner}/{repo}/commits/{sha}/pulls, the pull request that
// was merged into `branch` as `sha`; none when no listed pull request was. An answer that is not
// a list is an error.
Result<std::optional<PullRequest>> select_merged_pull_request(const nlohmann::json& pulls,
                                                              const std::string& branch,
                                                              const std::string& sha);

// Asks GitHub which pull request the pushed commit `sha` of `branch` came from. An error says why
// it could not be told and what to do (the job's permissions, a re-run).
Result<std::optional<PullRequest>> find_merged_pull_request(const GitHubApi& api,
                                                            const std::string& repository,
                                                            const std::string& branch,
                                                            const std::string& sha);

}  // namespace bicepgate::github
