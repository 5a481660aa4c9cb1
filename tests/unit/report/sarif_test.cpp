#include "report/sarif.hpp"

#include <catch2/catch.hpp>

using namespace bicepgate;

TEST_CASE("diagnostics become SARIF 2.1.0 results with relative URIs and rules") {
  auto found = bicep::parse_diagnostics(
      "/ws/bicep/main.bicep(4,3) : Error BCP037: bad prop "
      "[https://aka.ms/bicep/core-diagnostics#BCP037]\n"
      "/ws/bicep/my mod.bicep(1,1) : Warning no-unused-params: unused\n"
      "/ws/bicep/main.bicep(9,1) : Error BCP037: again\n");
  auto sarif = report::render_sarif(found, "", [](const std::string& p) { return p.substr(4); });
  CHECK(sarif["version"] == "2.1.0");
  const auto& run = sarif["runs"][0];
  CHECK(run["tool"]["driver"]["name"] == "bicep");
  REQUIRE(run["tool"]["driver"]["rules"].size() == 2);
  CHECK(run["tool"]["driver"]["rules"][0]["helpUri"] ==
        "https://aka.ms/bicep/core-diagnostics#BCP037");
  REQUIRE(run["results"].size() == 3);
  CHECK(run["results"][0]["level"] == "error");
  CHECK(run["results"][1]["level"] == "warning");
  CHECK(run["results"][1]["ruleIndex"] == 1);
  CHECK(run["results"][2]["ruleIndex"] == 0);
  const auto& location = run["results"][1]["locations"][0]["physicalLocation"];
  CHECK(location["artifactLocation"]["uri"] == "bicep/my%20mod.bicep");
  CHECK(location["region"]["startLine"] == 1);
}

TEST_CASE("no diagnostics is a valid, empty run") {
  auto sarif = report::render_sarif({}, "", [](const std::string& p) { return p; });
  CHECK(sarif["runs"][0]["results"].empty());
}
