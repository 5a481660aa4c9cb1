#include "report/drift.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

#include "support.hpp"

using namespace bicepgate;
using bicepgate::testing::read_fixture;

namespace {

azure::WhatIfResult drifted() {
  return azure::parse_what_if(read_fixture("az/what_if_drift.json")).value();
}

report::DriftFacts facts() {
  report::DriftFacts f;
  f.environment = "dev";
  f.where = "resource group `rg-aos-dev`";
  f.baseline = "bicepgate-dev-0123456789abcdef";
  f.baseline_time = "2026-12-05T10:00:00Z";
  f.run_url = "https://github.com/contoso/platform/actions/runs/4242";
  f.checked = "2026-12-05T11:00:00Z";
  return f;
}

}  // namespace

TEST_CASE("the same drift gives the same fingerprint whatever the order what-if lists it in") {
  auto what_if = drifted();
  auto reversed = what_if;
  std::reverse(reversed.changes.begin(), reversed.changes.end());
  CHECK(report::drift_fingerprint(what_if) == report::drift_fingerprint(reversed));
  CHECK(report::drift_fingerprint(what_if).size() == 16);
}

TEST_CASE("a drift that changes gets another fingerprint; no drift has one of its own") {
  auto what_if = drifted();
  const auto first = report::drift_fingerprint(what_if);
  auto changed = what_if;
  changed.changes[0].delta[0].before = "TLS1_1";
  CHECK(report::drift_fingerprint(changed) != first);
  azure::WhatIfResult none;
  auto unchanged = what_if;
  std::erase_if(unchanged.changes, [](const auto& c) { return c.change_type != "NoChange"; });
  // Resources that did not change say nothing about the drift.
  CHECK(report::drift_fingerprint(unchanged) == report::drift_fingerprint(none));
}

TEST_CASE("the drift issue carries its marker, its fingerprint and the what-if table") {
  auto what_if = drifted();
  auto body = report::render_drift_issue(what_if, facts());
  CHECK(body.rfind("<!-- bicepgate:drift environment=dev -->\n", 0) == 0);
  CHECK_THAT(body,
             Catch::Contains(report::drift_fingerprint_line(report::drift_fingerprint(what_if))));
  CHECK_THAT(body, Catch::Contains("`bicepgate-dev-0123456789abcdef`"));
  CHECK_THAT(body, Catch::Contains("`properties.minimumTlsVersion`: `TLS1_0` → `TLS1_2`"));
  CHECK_THAT(body, Catch::Contains("`tags.environment`: `changed` → `dev`"));
  CHECK_THAT(body,
             Catch::Contains("[this run](https://github.com/contoso/platform/actions/runs/4242)"));
  CHECK(body.size() < 65536);
}

TEST_CASE("the issue body stays within GitHub's limit however much drifted") {
  azure::WhatIfResult what_if;
  for (int i = 0; i < 3000; ++i) {
    azure::WhatIfChange change;
    change.change_type = "Modify";
    change.resource_id = "/subscriptions/s/resourceGroups/g/providers/A.B/c/r" + std::to_string(i);
    change.resource_type = "A.B/c";
    change.resource_name = "r" + std::to_string(i) + std::string(40, 'x');
    change.delta.push_back({"properties.x", "Modify", "before", "after"});
    what_if.changes.push_back(change);
  }
  what_if.recount();
  auto body = report::render_drift_issue(what_if, facts());
  CHECK(body.size() < 65536);
  CHECK_THAT(body, Catch::Contains("closes it when the drift is gone.\n\nLast checked"));
}

TEST_CASE("the comment that closes the issue says the drift is gone and where it looked") {
  auto text = report::render_drift_gone(facts());
  CHECK_THAT(text, Catch::Contains("The drift is gone"));
  CHECK_THAT(text, Catch::Contains("resource group `rg-aos-dev`"));
  CHECK(report::drift_marker("a -->b") == "<!-- bicepgate:drift environment=a_-__b -->");
}
