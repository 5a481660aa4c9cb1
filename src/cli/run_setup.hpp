#pragma once
// Shared by `run` and `deploy`: builds the run context's parts from the environment and
// hands them to the pipeline.

#include <filesystem>
#include <optional>
#include <string>

#include "classify/rules.hpp"
#include "github/environment.hpp"
#include "github/event_context.hpp"
#include "pipeline/run_context.hpp"

namespace bicepgate::cli {

std::filesystem::path workspace_of(const github::EnvironmentMap& env);
// GITHUB_SHA, else HEAD of the workspace's repository through libgit2, else empty.
std::string commit_of(const github::EnvironmentMap& env, const std::filesystem::path& workspace);
std::filesystem::path fresh_work_dir(const github::EnvironmentMap& env);
void configure_logging(const github::EnvironmentMap& env);
// BICEPGATE_DATA_DIR, else the source tree's data/ (development), else <prefix>/share/bicepgate.
std::filesystem::path data_dir(const github::EnvironmentMap& env);
// data/whatif-noise.txt plus the rules given in `extra` (input what-if-noise).
Result<std::vector<azure::NoiseRule>> load_noise_rules(const github::EnvironmentMap& env,
                                                       const std::string& extra);

Result<classify::RuleTable> load_rules(const github::EnvironmentMap& env);

// Runs the pipeline with the real az and the runner's channels; returns the exit code.
int run_pipeline(pipeline::RunSettings settings, github::EventContext event,
                 const github::EnvironmentMap& env);

}  // namespace bicepgate::cli
