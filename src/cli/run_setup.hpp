#pragma once
// Shared by `run` and `deploy`: builds the run context's parts from the environment and
// hands them to the pipeline.

#include <filesystem>
#include <optional>
#include <string>

#include "audit/trail.hpp"
#include "classify/rules.hpp"
#include "github/environment.hpp"
#include "github/event_context.hpp"
#include "github/inputs.hpp"
#include "github/workspace.hpp"
#include "model/settings.hpp"
#include "routing/router.hpp"
#include "util/paths.hpp"

namespace bicepgate::cli {

using audit::new_record;
using github::default_fix_request_file;
using github::is_scratch_path;
using github::kScratchDir;
using github::path_for_output;
using github::prepare_scratch_dir;
using github::readable_roots;
using github::workspace_of;
using github::writable_roots;

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
Result<azure::RegionTable> load_regions(const github::EnvironmentMap& env);

// audit_location, refused when the folder, its runs/ or the database (with SQLite's -wal and
// -shm beside it) lead outside writable_roots, through `..`, an absolute path or a link.
Result<audit::Location> checked_audit_location(const std::string& dir, const std::string& db,
                                               const std::filesystem::path& workspace,
                                               const github::EnvironmentMap& env);

// The routed environment's settings with the action's inputs over them, field by field; each
// step refuses a bad input with its name and what was expected.
Result<model::RunSettings> settings_from(const github::Inputs& inputs,
                                         const routing::Config& config,
                                         const routing::RouteDecision& decision,
                                         const github::EnvironmentMap& env);

// Runs the pipeline (pipeline::run) with the real az and the runner's channels; returns the
// exit code.
int run_pipeline(model::RunSettings settings, github::EventContext event,
                 const github::EnvironmentMap& env, const audit::Location& audit_at);

// The audit trail's place: `dir` and `db` as given (inputs or flags), relative to the workspace;
// defaults .bicepgate/audit and <dir>/audit.db.
audit::Location audit_location(const std::string& dir, const std::string& db,
                               const std::filesystem::path& workspace);
}  // namespace bicepgate::cli
