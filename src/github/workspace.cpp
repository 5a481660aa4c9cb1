#include "github/workspace.hpp"

#include <spdlog/spdlog.h>

#include "util/files.hpp"

namespace bicepgate::github {

std::filesystem::path workspace_of(const EnvironmentMap& env) {
  if (auto ws = lookup(env, "GITHUB_WORKSPACE"); ws && !ws->empty()) return *ws;
  return std::filesystem::current_path();
}

bool is_scratch_path(const std::string& workspace_relative) {
  const std::string prefix = std::string(kScratchDir) + "/";
  return workspace_relative == kScratchDir || workspace_relative.rfind(prefix, 0) == 0;
}

void prepare_scratch_dir(const std::filesystem::path& workspace,
                         const std::filesystem::path& about_to_write) {
  const auto dir = workspace / kScratchDir;
  auto relative = about_to_write.lexically_normal().lexically_relative(workspace);
  if (!is_scratch_path(relative.generic_string())) return;
  std::error_code ec;
  // A folder the repository already has (say, an audit trail it commits) is left as it is.
  if (std::filesystem::exists(dir, ec)) return;
  // As pytest and mypy do for their caches: the folder ignores itself, so nothing we write
  // shows up in `git status` or gets committed by a later step's `git add -A`.
  if (auto ok = util::write_file_atomic(
          dir / ".gitignore", "# Written by bicepgate: its audit trail and fix-requests.\n*\n");
      !ok) {
    spdlog::warn("{}: {}", kScratchDir, ok.error().message);
  }
}

std::string default_fix_request_file(const std::string& record_id) {
  return std::string(kScratchDir) + "/fix-request-" + record_id.substr(0, 12) + ".json";
}

std::string path_for_output(const std::filesystem::path& file,
                            const std::filesystem::path& workspace, bool under_actions) {
  if (!under_actions) return file.string();
  std::error_code ec;
  auto relative = std::filesystem::weakly_canonical(file, ec).lexically_relative(
      std::filesystem::weakly_canonical(workspace, ec));
  if (ec || relative.empty() || *relative.begin() == "..") return file.string();
  return relative.generic_string();
}

std::string path_for_output(const std::filesystem::path& file,
                            const std::filesystem::path& workspace, const EnvironmentMap& env) {
  return path_for_output(file, workspace, lookup(env, "GITHUB_ACTIONS").value_or("") == "true");
}

std::vector<util::AllowedRoot> readable_roots(const std::filesystem::path& workspace) {
  return {{workspace, "the workspace"}};
}

std::vector<util::AllowedRoot> writable_roots(const EnvironmentMap& env,
                                              const std::filesystem::path& workspace) {
  auto roots = readable_roots(workspace);
  if (auto temp = lookup(env, "RUNNER_TEMP"); temp && !temp->empty())
    roots.push_back({*temp, "RUNNER_TEMP"});
  return roots;
}

}  // namespace bicepgate::github
