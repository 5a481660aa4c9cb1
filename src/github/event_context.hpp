#pragma once
// The workflow run's context: which event, which refs, which pull request, from the GITHUB_*
// variables and the event payload at GITHUB_EVENT_PATH.

#include <optional>
#include <string>
#include <vector>

#include "github/environment.hpp"
#include "util/result.hpp"

namespace bicepgate::github {

struct PullRequest {
  int number = 0;
  std::string head_ref;  // source branch
  std::string base_ref;  // target branch
  std::string head_sha;
  std::string head_repository;  // owner/name the branch lives in; empty if the fork was deleted
  std::string base_repository;
  bool from_fork = false;
  bool draft = false;
  // An issue_comment names the pull request but not its head: from_fork is then assumed.
  bool head_unknown = false;
  std::vector<std::string> labels;
};

struct EventContext {
  std::string event_name;  // push, pull_request, workflow_dispatch… ("" outside Actions)
  std::string ref;         // refs/heads/main, refs/pull/7/merge, refs/tags/v1
  std::string branch;      // the branch pushed, or the PR's head branch
  std::string tag;
  std::string sha;
  std::string repository;
  std::string run_id;
  std::string run_attempt;
  std::string workflow;
  std::string actor;
  std::string server_url = "https://github.com";
  std::string api_url = "https://api.github.com";
  std::string workspace;
  bool in_actions = false;
  std::optional<PullRequest> pull_request;

  // Every event that runs for a pull request, whoever wrote it (is_pull_request_like).
  bool is_pull_request_event() const;
  std::string run_url() const;  // empty when there is no run
};

// Pure. The events GitHub sends about a pull request: pull_request, pull_request_target,
// pull_request_review, pull_request_review_comment, and issue_comment (a comment on a pull
// request arrives as one; on a plain issue it is treated the same, since nothing in it is
// trusted either). Each runs with code or text a contributor controls, so none deploys
// production and each is checked for forks.
bool is_pull_request_like(const std::string& event_name);

// Pure: the environment and the payload text (empty when there is none) in, a context out.
Result<EventContext> parse_event_context(const EnvironmentMap& env, const std::string& payload,
                                         const std::string& payload_name = "event payload");

// Reads GITHUB_EVENT_PATH when it is set, then parses.
Result<EventContext> load_event_context(const EnvironmentMap& env);

}  // namespace bicepgate::github
