#pragma once
// git/: facts about the workspace's repository, read through libgit2 (never by running git):
// HEAD, branch, dirtiness, the files a change touches with their hunks, commit trailers.

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "util/result.hpp"

struct git_repository;

namespace bicepgate::git {

struct Hunk {
  int old_start = 0;
  int old_lines = 0;
  int new_start = 0;
  int new_lines = 0;
  std::string header;  // "@@ -1,3 +1,4 @@ …"
};

struct ChangedFile {
  std::string path;      // new path (old path for a deletion)
  std::string old_path;  // differs from path on a rename
  char status = 'M';     // A, M, D, R, T
  std::vector<Hunk> hunks;
};

class Repository {
 public:
  // Opens the repository containing `path` (searching upwards), if the current user owns it.
  static Result<Repository> open(const std::filesystem::path& path);
  // Opens the repository containing the job's workspace whoever owns it, for reads. Inside the
  // action's container the job runs as root over a checkout owned by the runner user.
  static Result<Repository> open_workspace(const std::filesystem::path& workspace);

  Result<std::string> head_sha() const;
  // The branch HEAD points at; nullopt when detached.
  std::optional<std::string> current_branch() const;
  // Tracked files modified, staged or deleted (untracked files do not count).
  Result<bool> is_dirty() const;
  // Files changed between the merge base of `base` and `head` and `head` itself, as a pull
  // request shows them. `base`/`head` are revspecs: "main", "origin/main", a sha.
  Result<std::vector<ChangedFile>> changed_files(const std::string& base,
                                                 const std::string& head = "HEAD") const;
  // Commits on `head` since its merge base with `base` whose message has a trailer line
  // "<trailer>: …" (the fix loop's Fix-Request-Id). With an empty base, all of head's history.
  Result<int> count_trailer(const std::string& base, const std::string& head,
                            const std::string& trailer) const;
  std::filesystem::path workdir() const;

 private:
  struct Deleter {
    void operator()(git_repository* repo) const;
  };
  explicit Repository(git_repository* repo) : repo_(repo) {}
  std::unique_ptr<git_repository, Deleter> repo_;
};

}  // namespace bicepgate::git
