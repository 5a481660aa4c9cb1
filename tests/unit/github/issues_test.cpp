#include "github/issues.hpp"

#include <catch2/catch.hpp>

#include "support.hpp"

using namespace bicepgate::github;
using bicepgate::testing::read_fixture;

namespace {
const char* kBot = "github-actions[bot]";
const char* kProd = "<!-- bicepgate:drift environment=prod -->";
}  // namespace

TEST_CASE("the drift issue is our own issue with the marker, never a pull request or a copy") {
  auto page = nlohmann::json::parse(read_fixture("github/issues_open_drift.json"));
  auto found = find_own_issue(page, kProd, kBot);
  CHECK(found.number == 44);
  CHECK(found.body.find("00000000000000bb") != std::string::npos);
  CHECK(found.foreign == 1);  // mallory's copy; the pull request is not counted at all
  CHECK(find_own_issue(page, kProd, "GitHub-Actions[bot]").number == 44);
  CHECK(find_own_issue(page, "<!-- bicepgate:drift environment=dev -->", kBot).number == 43);
  CHECK(find_own_issue(page, "<!-- bicepgate:drift environment=staging -->", kBot).number == 0);
  // A login that cannot be told touches nothing.
  CHECK(find_own_issue(page, kProd, "").number == 0);
  CHECK(find_own_issue(nlohmann::json::object(), kProd, kBot).number == 0);
}

TEST_CASE("drift opens an issue, a changed drift edits it, the same drift leaves it alone") {
  OwnIssue none;
  OwnIssue open;
  open.number = 44;
  open.body = "x\n<!-- bicepgate:drift-fingerprint 00000000000000bb -->\n";
  const std::string same = "<!-- bicepgate:drift-fingerprint 00000000000000bb -->";
  const std::string other = "<!-- bicepgate:drift-fingerprint 00000000000000cc -->";
  CHECK(issue_action(none, true, same) == IssueAction::kOpen);
  CHECK(issue_action(open, true, same) == IssueAction::kKeep);
  CHECK(issue_action(open, true, other) == IssueAction::kUpdate);
  CHECK(issue_action(open, false, same) == IssueAction::kClose);
  CHECK(issue_action(none, false, same) == IssueAction::kNone);
  CHECK(to_string(IssueAction::kClose) == "closed");
  CHECK(to_string(IssueAction::kKeep) == "unchanged");
}

TEST_CASE("a label goes into the issues query percent-encoded") {
  CHECK(query_escape("bicepgate-drift") == "bicepgate-drift");
  CHECK(query_escape("drift, prod&x=1") == "drift%2C%20prod%26x%3D1");
}
