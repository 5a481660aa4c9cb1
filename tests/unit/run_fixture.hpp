#pragma once
// One run's parts as cli::run_pipeline wires them, for unit tests that build a run context:
// workflow commands into a string, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY as files of a fresh
// runner folder, a workspace, an az seam and a rules table.

#include <map>
#include <sstream>
#include <string>

#include "github/environment.hpp"
#include "github/runner_files.hpp"
#include "github/workflow_commands.hpp"
#include "model/run_context.hpp"
#include "support.hpp"
#include "util/files.hpp"

namespace bicepgate::testing {

// Pure. GITHUB_OUTPUT as the runner reads it (name<<DELIMITER, the value's lines, DELIMITER):
// name → value. A line outside a block is kept under "" so a test can see it.
inline std::map<std::string, std::string> parse_output_file(const std::string& text) {
  std::map<std::string, std::string> outputs;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    auto marker = line.find("<<");
    if (marker == std::string::npos) {
      if (!line.empty()) outputs[""] += line + "\n";
      continue;
    }
    const std::string name = line.substr(0, marker);
    const std::string delimiter = line.substr(marker + 2);
    std::string value;
    bool first = true;
    while (std::getline(lines, line) && line != delimiter) {
      value += (first ? "" : "\n") + line;
      first = false;
    }
    outputs[name] = value;
  }
  return outputs;
}

class RunFixture {
 public:
  explicit RunFixture(azure::AzRunner& az = no_az(),
                      const classify::RuleTable& rules = shipped_rules())
      : files(runner_env()),
        settings(default_settings()),
        ctx(settings, github::EventContext{}, commands, files, az, rules) {}
  RunFixture(const RunFixture&) = delete;
  RunFixture& operator=(const RunFixture&) = delete;

  TempDir runner;          // output, summary.md, work/: the runner's files and the run's scratch
  TempDir workspace;       // settings.workspace
  std::ostringstream out;  // what the workflow commands printed (annotations, groups, masks)
  github::WorkflowCommands commands{out};
  github::RunnerFiles files;
  // The run's settings: a test sets them before the run; the run only reads them (ctx.settings).
  model::RunSettings settings;
  model::RunContext ctx;

  // What the run wrote to GITHUB_OUTPUT, name → value.
  std::map<std::string, std::string> outputs() const {
    return parse_output_file(util::read_file(runner / "output").value_or(""));
  }
  // What the run wrote to GITHUB_STEP_SUMMARY.
  std::string summary() const { return util::read_file(runner / "summary.md").value_or(""); }
  // A file of the workspace, written before the run.
  void write(const std::string& path, const std::string& text) {
    std::filesystem::create_directories((workspace / path).parent_path());
    if (auto written = util::write_file_atomic(workspace / path, text); !written)
      throw std::runtime_error(written.error().message);
  }

 private:
  github::EnvironmentMap runner_env() {
    github::EnvironmentMap env = {{"GITHUB_OUTPUT", (runner / "output").string()},
                                  {"GITHUB_STEP_SUMMARY", (runner / "summary.md").string()}};
    (void)util::write_file_atomic(runner / "output", "");
    (void)util::write_file_atomic(runner / "summary.md", "");
    return env;
  }
  model::RunSettings default_settings() const {
    model::RunSettings s;
    s.workspace = workspace.path();
    s.work_dir = runner / "work";
    return s;
  }
};

}  // namespace bicepgate::testing
