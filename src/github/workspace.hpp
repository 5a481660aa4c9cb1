#pragma once
// The workspace as the action sees it: where it is, which folders a path may name, bicepgate's
// own scratch folder in it, and how a written file's path is shown to a later step.

#include <filesystem>
#include <string>
#include <vector>

#include "github/environment.hpp"
#include "util/paths.hpp"

namespace bicepgate::github {

// GITHUB_WORKSPACE, else the current directory.
std::filesystem::path workspace_of(const EnvironmentMap& env);
// The folders an action input or the repository may name a path in: the workspace, and for
// what bicepgate writes (audit trail, fix-request, SARIF) also RUNNER_TEMP when it is set.
std::vector<util::AllowedRoot> readable_roots(const std::filesystem::path& workspace);
std::vector<util::AllowedRoot> writable_roots(const EnvironmentMap& env,
                                              const std::filesystem::path& workspace);
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
                            const std::filesystem::path& workspace, const EnvironmentMap& env);

}  // namespace bicepgate::github
