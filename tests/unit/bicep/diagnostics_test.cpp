#include "bicep/diagnostics.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>

using namespace bicepgate::bicep;

TEST_CASE("a POSIX diagnostic with its documentation link") {
  auto found = parse_diagnostics(
      "/home/runner/work/platform/bicep/main.bicep(12,5) : Error BCP037: The property \"lokation\" "
      "is not allowed on objects of type \"Microsoft.Storage/storageAccounts\". "
      "[https://aka.ms/bicep/core-diagnostics#BCP037]\n");
  REQUIRE(found.size() == 1);
  CHECK(found[0].file == "/home/runner/work/platform/bicep/main.bicep");
  CHECK(found[0].line == 12);
  CHECK(found[0].column == 5);
  CHECK(found[0].severity == Severity::kError);
  CHECK(found[0].code == "BCP037");
  CHECK(found[0].link == "https://aka.ms/bicep/core-diagnostics#BCP037");
  CHECK_THAT(found[0].message, Catch::EndsWith("\"Microsoft.Storage/storageAccounts\"."));
}

TEST_CASE("Windows paths, linter rules and several diagnostics") {
  auto found = parse_diagnostics(
      "C:\\src\\infra\\main.bicep(3,7) : Warning no-unused-params: Parameter \"x\" is declared but "
      "never used. "
      "[https://aka.ms/bicep/linter/no-unused-params]\r\n"
      "C:\\src\\infra\\main.bicep(9,1) : Error BCP007: This declaration type is not "
      "recognized.\r\n");
  REQUIRE(found.size() == 2);
  CHECK(found[0].file == "C:\\src\\infra\\main.bicep");
  CHECK(found[0].severity == Severity::kWarning);
  CHECK(found[0].code == "no-unused-params");
  CHECK(found[1].line == 9);
  CHECK(found[1].code == "BCP007");
}

TEST_CASE("an Info diagnostic whose code has spaces") {
  auto found = parse_diagnostics(
      "/s/x.bicep(1,1) : Info Bicep Linter Configuration: Custom bicepconfig.json file found "
      "(/s/bicepconfig.json).");
  REQUIRE(found.size() == 1);
  CHECK(found[0].severity == Severity::kInfo);
  CHECK(found[0].code == "Bicep Linter Configuration");
  CHECK(found[0].message == "Custom bicepconfig.json file found (/s/bicepconfig.json).");
}

TEST_CASE("log prefixes before the path are not part of it") {
  auto found = parse_diagnostics(
      "2023-02-01T09:41:27.6251249Z C:\\Bicep.Modules\\appService.bicep(19,101) : Error BCP048: "
      "Cannot resolve function overload.\n"
      "Confirm-BicepFile: /workspaces/bench/examples/a.bicep(6,7) : Warning no-unused-params: "
      "unused\n"
      "stderr: /workspaces/app/infra/app.bicep(124,5) : Warning BCP037: The property\n");
  REQUIRE(found.size() == 3);
  CHECK(found[0].file == "C:\\Bicep.Modules\\appService.bicep");
  CHECK(found[0].column == 101);
  CHECK(found[1].file == "/workspaces/bench/examples/a.bicep");
  CHECK(found[2].file == "/workspaces/app/infra/app.bicep");
}

TEST_CASE("lines that follow a diagnostic continue its message") {
  auto found = parse_diagnostics(
      "2023-02-01T09:41:27.6251249Z C:\\m\\app.bicep(19,101) : Error BCP048: Cannot resolve "
      "function overload.\n"
      "2023-02-01T09:41:27.6251538Z \n"
      "2023-02-01T09:41:27.6251759Z   Overload 1 of 2, \"(array: array): any\", gave the following "
      "error:\n");
  REQUIRE(found.size() == 1);
  CHECK(found[0].message ==
        "Cannot resolve function overload.\nOverload 1 of 2, \"(array: array): any\", gave the "
        "following error:");
}

TEST_CASE("text without diagnostics yields none, and parentheses elsewhere are not diagnostics") {
  CHECK(parse_diagnostics("").empty());
  CHECK(parse_diagnostics(
            "Build succeeded (0 warnings)\n(1,2) : Error X: no path\nf(1,2): Error no space")
            .empty());
}

TEST_CASE("every Bicep diagnostic in the labelled corpus is found at its file, line and column") {
  std::ifstream corpus(std::string(BICEPGATE_CORPUS_DIR) + "/azure-errors.jsonl");
  REQUIRE(corpus);
  int checked = 0;
  std::string line;
  while (std::getline(corpus, line)) {
    auto record = nlohmann::json::parse(line);
    if (!record["file"].is_string()) continue;
    INFO(record["id"].get<std::string>());
    auto found = parse_diagnostics(record["text"].get<std::string>());
    bool matched = false;
    for (const auto& d : found) {
      matched =
          matched || (d.file == record["file"] && d.line == record["line"] &&
                      d.column == record["column"] && to_string(d.severity) == record["severity"]);
    }
    CHECK(matched);
    ++checked;
  }
  CHECK(checked >= 10);
}

TEST_CASE("paths with spaces are kept whole, and a logger's module:line prefix is not a path") {
  auto found = parse_diagnostics(
      "C:\\Program Files\\infra\\main.bicep(2,1) : Error BCP007: x\n"
      "cli.azure.cli.core.azclierror:azclierror.py:67 /home/vsts/work/1/a b/policy.bicep(1,77) : "
      "Error BCP135: y\n"
      "'/tmp/quoted dir/m.bicep'(3,3) : Warning BCP081: z\n");
  REQUIRE(found.size() == 3);
  CHECK(found[0].file == "C:\\Program Files\\infra\\main.bicep");
  CHECK(found[1].file == "/home/vsts/work/1/a b/policy.bicep");
  CHECK(found[2].file == "/tmp/quoted dir/m.bicep");
}
