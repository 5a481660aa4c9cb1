#include "report/fix_request.hpp"

#include <catch2/catch.hpp>
#include <sstream>

#include "run_fixture.hpp"

using namespace bicepgate;

namespace {

struct Fixture : testing::RunFixture {
  Fixture() : RunFixture(testing::no_az(), testing::no_rules()) {
    settings.target.name = "staging";
    settings.target.resource_group = "rg-aos-staging";
    settings.target.template_file = "bicep/main.bicep";
    settings.target.parameters_file = "bicep/parameters/staging.parameters.json";
    settings.workspace = "/ws";
    ctx.record.machine.move_to(model::State::kValidatingParameters);
    ctx.record.machine.move_to(model::State::kFailed, "x");
    ctx.record.outcome.failure_class = classify::FailureClass::kLogic;
    ctx.record.outcome.message = "template invalid: password hunter2 rejected";
    ctx.record.outcome.stage = "deploying";
    ctx.record.outcome.code = "InvalidTemplate";
    ctx.record.outcome.hint = "fix it";
  }
};
}  // namespace

TEST_CASE("a fix-request carries the run, the failure and the instructions") {
  Fixture f;
  report::FixRequestFacts facts;
  facts.id = "run0123456789";
  facts.created = "2026-11-26T10:00:00Z";
  facts.attempt = 2;
  facts.protected_files = {"bicep/parameters/prod.parameters.json"};
  auto doc = report::build_fix_request(f.ctx, facts);
  CHECK(doc["schema_version"] == "1.0");
  CHECK(doc["attempt"] == 2);
  CHECK(doc["failure"]["code"] == "InvalidTemplate");
  CHECK(doc["environment"]["resource_group"] == "rg-aos-staging");
  CHECK(doc["state_history"].size() == 2);
  auto must_not = doc["instructions"]["must_not_touch"];
  CHECK(std::find(must_not.begin(), must_not.end(), "bicep/parameters/prod.parameters.json") !=
        must_not.end());
  CHECK(doc["truncated"].empty());
  CHECK(report::wants_fix_request(f.ctx));
}

TEST_CASE("masked values never appear in a fix-request") {
  Fixture f;
  f.commands.add_mask("hunter2");
  report::FixRequestFacts facts;
  facts.id = "run0123456789";
  auto doc = report::build_fix_request(f.ctx, facts);
  CHECK(doc.dump().find("hunter2") == std::string::npos);
  CHECK(doc["failure"]["message"] == "template invalid: password *** rejected");
}

TEST_CASE("a large fix-request is cut to its bound and says what was cut") {
  Fixture f;
  report::FixRequestFacts facts;
  facts.id = "run0123456789";
  for (int i = 0; i < 400; ++i) {
    git::ChangedFile file;
    file.path = "bicep/modules/module" + std::to_string(i) + ".bicep";
    for (int h = 0; h < 10; ++h) file.hunks.push_back({h * 10, 2, h * 10, 3, "@@"});
    facts.changed_files.push_back(file);
  }
  auto doc = report::build_fix_request(f.ctx, facts, 16 * 1024);
  CHECK(doc.dump().size() <= 16 * 1024);
  REQUIRE_FALSE(doc["truncated"].empty());
  CHECK(doc["truncated"][0] == "changed_files[].hunks");
  CHECK(doc["changed_files"].size() < 400);
}

TEST_CASE("only logic and unknown failures want a fix-request") {
  Fixture f;
  f.ctx.record.outcome.failure_class = classify::FailureClass::kConfiguration;
  CHECK_FALSE(report::wants_fix_request(f.ctx));
  f.ctx.record.outcome.failure_class = classify::FailureClass::kUnknown;
  CHECK(report::wants_fix_request(f.ctx));
}

TEST_CASE("a lint fix-request lists what stops the run, not the warnings let through") {
  Fixture f;
  auto add = [&](bicep::Severity severity, const std::string& code, int line) {
    bicep::Diagnostic d;
    d.file = "/ws/bicep/main.bicep";
    d.line = line;
    d.severity = severity;
    d.code = code;
    d.message = code + " message";
    f.ctx.record.compilation.diagnostics.push_back(d);
  };
  add(bicep::Severity::kWarning, "BCP089", 14);
  add(bicep::Severity::kWarning, "BCP037", 15);
  add(bicep::Severity::kInfo, "use-recent-api-versions", 3);
  f.ctx.record.outcome.stage = "linting";
  f.ctx.record.outcome.code = "lint.warnings";
  f.ctx.record.outcome.hint.clear();
  auto codes = [&] {
    std::vector<std::string> out;
    auto doc = report::build_fix_request(f.ctx, {});
    for (const auto& e : doc["errors"]) out.push_back(e["code"]);
    return out;
  };
  f.settings.target.warnings_as_errors = {false, {"BCP037"}};
  CHECK(codes() == std::vector<std::string>{"BCP037"});
  f.settings.target.warnings_as_errors = {true, {}};
  CHECK(codes() == std::vector<std::string>{"BCP089", "BCP037"});
  SECTION("an error always counts") {
    f.settings.target.warnings_as_errors = {false, {}};
    add(bicep::Severity::kError, "BCP057", 20);
    CHECK(codes() == std::vector<std::string>{"BCP057"});
  }
}
