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
#include "pipeline/run_context.hpp"
#include "util/paths.hpp"

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
Result<azure::RegionTable> load_regions(const github::EnvironmentMap& env);

// The folders an action input or the repository may name a path in: the workspace, and for
// what bicepgate writes (audit trail, fix-request, SARIF) also RUNNER_TEMP when it is set.
std::vector<util::AllowedRoot> readable_roots(const std::filesystem::path& workspace);
std::vector<util::AllowedRoot> writable_roots(const github::EnvironmentMap& env,
                                              const std::filesystem::path& workspace);
// audit_location, refused when the folder, its runs/ or the database (with SQLite's -wal and
// -shm beside it) lead outside writable_roots, through `..`, an absolute path or a link.
Result<audit::Location> checked_audit_location(const std::string& dir, const std::string& db,
                                               const std::filesystem::path& workspace,
                                               const github::EnvironmentMap& env);

// Where bicepgate writes into the workspace (audit trail, fix-requests), workspace-relative.
inline constexpr const char* kScratchDir = ".bicepgate";
bool is_scratch_path(const std::string& workspace_relative);
// Before writing `about_to_write`: when it lies in kScratchDir and that folder does not exist
// yet, creates it with a .gitignore of "*".
void prepare_scratch_dir(const std::filesystem::path& workspace,
                         const std::filesystem::path& about_to_write);
// Where the fix-request goes when the input fix-request-file is empty, workspace-relative.
std::string default_fix_request_file(const std::string& record_id);

// A written file's path as an output a later step can open. Under Actions the action's
// container paths (/github/workspace/…) mean nothing to a later step on the host, whose working
// directory is the workspace: a file inside it is given relative to it. Elsewhere (a laptop),
// and for files outside the workspace, the path as it is.
std::string path_for_output(const std::filesystem::path& file,
                            const std::filesystem::path& workspace, bool under_actions);
// The same, under Actions when GITHUB_ACTIONS is "true".
std::string path_for_output(const std::filesystem::path& file,
                            const std::filesystem::path& workspace,
                            const github::EnvironmentMap& env);

// The audit trail's place: `dir` and `db` as given (inputs or flags), relative to the workspace;
// defaults .bicepgate/audit and <dir>/audit.db.
audit::Location audit_location(const std::string& dir, const std::string& db,
                               const std::filesystem::path& workspace);
// A new run's audit record, before anything has happened.
audit::DeploymentRecord new_record(const github::EventContext& event, const std::string& git_sha,
                                   const std::string& environment);

// Runs the pipeline with the real az and the runner's channels, recording it in the audit trail;
// returns the exit code.
int run_pipeline(pipeline::RunSettings settings, github::EventContext event,
                 const github::EnvironmentMap& env, const audit::Location& audit_at);

}  // namespace bicepgate::cli
