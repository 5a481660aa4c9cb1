#pragma once
// The run loop of run_loop/storage.json through a ScriptedAz that answers with the real az's
// recorded output: the fixture run_loop_test.cpp and run_loop_shown_test.cpp share.

#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "audit/trail.hpp"
#include "model/state_machine.hpp"
#include "pipeline/run.hpp"
#include "run_fixture.hpp"
#include "scripted_az.hpp"
#include "support.hpp"
#include "util/files.hpp"

namespace bicepgate::testing {

// A run of run_loop/storage.json to one environment, set as record_run_loop.py's config sets
// it (so the deployment name, a hash of the content, is the recorded one), with the audit
// trail opened and closed by pipeline::run and retry waits recorded instead of slept.
class RecordedRun {
 public:
  explicit RecordedRun(const std::string& environment = "dev",
                       const std::string& resource_group = "rg-aos-dev",
                       const std::string& mode = "Incremental") {
    fixture.write("tpl/storage.json", testing::read_fixture("az/run_loop/storage.json"));
    auto& settings = fixture.settings;
    settings.target.name = environment;
    settings.target.resource_group = resource_group;
    settings.target.template_file = "tpl/storage.json";
    settings.mode = mode;
    settings.plan_dir = fixture.runner / "audit";
    settings.plan_dir_shown = ".bicepgate/audit";
    fixture.ctx.wait_before_retry = [this](std::chrono::milliseconds delay) {
      waits.push_back(delay);
    };
  }

  testing::ScriptedAz az;
  testing::RunFixture fixture{az};
  std::vector<std::chrono::milliseconds> waits;
  nlohmann::json audit;  // the run's JSON audit record, once executed

  model::RunContext& ctx() { return fixture.ctx; }
  std::map<std::string, std::string> outputs() const { return fixture.outputs(); }
  std::string summary() const { return fixture.summary(); }

  int execute() {
    const audit::Location audit_at{fixture.runner / "audit", fixture.runner / "audit" / "audit.db"};
    const int code = pipeline::run(fixture.ctx, audit_at, {});
    fixture.commands.flush_annotations();  // held to the end, as `bicepgate run` holds them
    // Off Actions the output names the record's own path.
    const auto record = fixture.outputs()["audit-record"];
    if (record.empty()) throw std::runtime_error("the run wrote no audit record");
    audit = nlohmann::json::parse(util::read_file(record).value());
    return code;
  }

  // The plan file the run wrote for its deployment ("" when none).
  std::string plan_file() const {
    const auto name = fixture.ctx.record.deployment_name + ".plan.md";
    return util::read_file(fixture.runner / "audit" / name).value_or("");
  }

  // The states the run went through, in order.
  std::vector<std::string> states() const {
    std::vector<std::string> out;
    for (const auto& t : fixture.ctx.record.machine.history())
      out.push_back(model::to_string(t.to));
    return out;
  }
  // The az calls the audit record holds, by their first words.
  std::vector<std::string> audited_calls() const {
    std::vector<std::string> out;
    for (const auto& event : audit.at("events")) {
      if (event.at("kind") == "az")
        out.push_back(
            testing::ScriptedAz::first_words(event.at("argv").get<std::vector<std::string>>()));
    }
    return out;
  }
};

}  // namespace bicepgate::testing
