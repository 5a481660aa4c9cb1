#include "git/repository.hpp"

#include <git2.h>

namespace bicepgate::git {
namespace {

// libgit2 must be initialised once per process; this keeps it alive for the process lifetime.
struct LibraryScope {
  LibraryScope() { git_libgit2_init(); }
  ~LibraryScope() { git_libgit2_shutdown(); }
};

void ensure_library() {
  static LibraryScope scope;
}

std::string last_error(const std::string& doing) {
  const git_error* error = git_error_last();
  return doing + ": " +
         (error != nullptr && error->message != nullptr ? error->message : "unknown libgit2 error");
}

template <typename T, void (*Free)(T*)>
struct Owned {
  T* ptr = nullptr;
  Owned() = default;
  Owned(const Owned&) = delete;
  Owned& operator=(const Owned&) = delete;
  ~Owned() {
    if (ptr != nullptr) Free(ptr);
  }
};

using OwnedObject = Owned<git_object, git_object_free>;
using OwnedCommit = Owned<git_commit, git_commit_free>;
using OwnedTree = Owned<git_tree, git_tree_free>;
using OwnedDiff = Owned<git_diff, git_diff_free>;
using OwnedReference = Owned<git_reference, git_reference_free>;
using OwnedStatus = Owned<git_status_list, git_status_list_free>;

char status_letter(git_delta_t status) {
  switch (status) {
    case GIT_DELTA_ADDED: return 'A';
    case GIT_DELTA_DELETED: return 'D';
    case GIT_DELTA_RENAMED: return 'R';
    case GIT_DELTA_TYPECHANGE: return 'T';
    case GIT_DELTA_COPIED: return 'C';
    default: return 'M';
  }
}

// Opens the repository at or above `path` with libgit2's owner check off for this one call and
// restored after it. The setting is process-wide: nothing else opens repositories concurrently.
int open_ignoring_owner(git_repository** repo, const std::filesystem::path& path) {
  int validate = 1;
  git_libgit2_opts(GIT_OPT_GET_OWNER_VALIDATION, &validate);
  git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 0);
  const int rc = git_repository_open_ext(repo, path.c_str(), 0, nullptr);
  git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, validate);
  return rc;
}

Result<git_oid> resolve_commit(git_repository* repo, const std::string& spec) {
  OwnedObject object;
  if (git_revparse_single(&object.ptr, repo, spec.c_str()) != 0) {
    return fail(last_error("cannot resolve '" + spec + "' to a commit"), "git.revparse");
  }
  OwnedObject commit;
  if (git_object_peel(&commit.ptr, object.ptr, GIT_OBJECT_COMMIT) != 0) {
    return fail(last_error("'" + spec + "' is not a commit"), "git.revparse");
  }
  return *git_object_id(commit.ptr);
}

}  // namespace

void Repository::Deleter::operator()(git_repository* repo) const {
  git_repository_free(repo);
}

Result<Repository> Repository::open(const std::filesystem::path& path) {
  ensure_library();
  git_repository* repo = nullptr;
  const int rc = git_repository_open_ext(&repo, path.c_str(), 0, nullptr);
  if (rc == 0) return Repository(repo);
  auto problem = last_error("no git repository at or above " + path.string());
  // libgit2 1.5.1 reports a refusal for ownership as GIT_ENOTFOUND with "config value
  // 'safe.directory' was not found": say what happened instead.
  if (rc == GIT_EOWNER || open_ignoring_owner(&repo, path) == 0) {
    git_repository_free(repo);
    return fail("the git repository at or above " + path.string() +
                    " belongs to another user than this process; libgit2 refuses it as git's "
                    "safe.directory does",
                "git.owner");
  }
  return fail(problem, "git.open");
}

Result<Repository> Repository::open_workspace(const std::filesystem::path& workspace) {
  ensure_library();
  // libgit2 (1.5 and 1.9 alike) refuses a repository owned by another user, as git's
  // safe.directory does: that protects someone who runs git in a directory a stranger planted.
  // Here the job runs as root in the action's container over the checkout of the runner user
  // (uid 1001), a repository the runner itself handed us as GITHUB_WORKSPACE; without trusting it
  // the fix-request lists no changed files and the max-fix-attempts guard never counts. We only
  // read (libgit2 runs no hooks), so the check is off for this one open.
  git_repository* repo = nullptr;
  if (open_ignoring_owner(&repo, workspace) != 0) {
    return fail(last_error("no git repository at or above " + workspace.string()), "git.open");
  }
  return Repository(repo);
}

std::filesystem::path Repository::workdir() const {
  const char* dir = git_repository_workdir(repo_.get());
  return dir != nullptr ? std::filesystem::path(dir) : std::filesystem::path{};
}

Result<std::string> Repository::head_sha() const {
  git_oid oid;
  if (git_reference_name_to_id(&oid, repo_.get(), "HEAD") != 0) {
    return fail(last_error("cannot read HEAD (is the repository empty?)"), "git.head");
  }
  char hex[GIT_OID_HEXSZ + 1] = {};
  git_oid_tostr(hex, sizeof(hex), &oid);
  return std::string(hex);
}

std::optional<std::string> Repository::current_branch() const {
  if (git_repository_head_detached(repo_.get()) == 1) return std::nullopt;
  OwnedReference head;
  if (git_repository_head(&head.ptr, repo_.get()) == 0) {
    return std::string(git_reference_shorthand(head.ptr));
  }
  // Unborn branch (no commit yet): HEAD still names it symbolically.
  OwnedReference symbolic;
  if (git_reference_lookup(&symbolic.ptr, repo_.get(), "HEAD") != 0) return std::nullopt;
  const char* target = git_reference_symbolic_target(symbolic.ptr);
  if (target == nullptr) return std::nullopt;
  std::string name(target);
  const std::string prefix = "refs/heads/";
  return name.rfind(prefix, 0) == 0 ? name.substr(prefix.size()) : name;
}

Result<bool> Repository::is_dirty() const {
  // libgit2's *_init functions, not its brace macros, which leave fields to the compiler.
  git_status_options options{};
  git_status_options_init(&options, GIT_STATUS_OPTIONS_VERSION);
  options.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
  options.flags = GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
  OwnedStatus list;
  if (git_status_list_new(&list.ptr, repo_.get(), &options) != 0) {
    return fail(last_error("cannot read the working tree status"), "git.status");
  }
  return git_status_list_entrycount(list.ptr) > 0;
}

Result<std::vector<ChangedFile>> Repository::changed_files(const std::string& base,
                                                           const std::string& head) const {
  auto base_oid = resolve_commit(repo_.get(), base);
  if (!base_oid) return fail(base_oid.error());
  auto head_oid = resolve_commit(repo_.get(), head);
  if (!head_oid) return fail(head_oid.error());
  git_oid merge_base;
  if (git_merge_base(&merge_base, repo_.get(), &*base_oid, &*head_oid) != 0) {
    return fail(last_error("no common ancestor of '" + base + "' and '" + head + "'"),
                "git.merge_base");
  }
  OwnedCommit base_commit;
  OwnedCommit head_commit;
  OwnedTree base_tree;
  OwnedTree head_tree;
  if (git_commit_lookup(&base_commit.ptr, repo_.get(), &merge_base) != 0 ||
      git_commit_lookup(&head_commit.ptr, repo_.get(), &*head_oid) != 0 ||
      git_commit_tree(&base_tree.ptr, base_commit.ptr) != 0 ||
      git_commit_tree(&head_tree.ptr, head_commit.ptr) != 0) {
    return fail(last_error("cannot read the commits to compare"), "git.tree");
  }
  git_diff_options options{};
  git_diff_options_init(&options, GIT_DIFF_OPTIONS_VERSION);
  options.context_lines = 0;
  OwnedDiff diff;
  if (git_diff_tree_to_tree(&diff.ptr, repo_.get(), base_tree.ptr, head_tree.ptr, &options) != 0) {
    return fail(last_error("cannot diff '" + base + "' and '" + head + "'"), "git.diff");
  }
  git_diff_find_options find{};
  git_diff_find_options_init(&find, GIT_DIFF_FIND_OPTIONS_VERSION);
  find.flags = GIT_DIFF_FIND_RENAMES;
  git_diff_find_similar(diff.ptr, &find);

  std::vector<ChangedFile> files;
  auto on_file = [](const git_diff_delta* delta, float, void* payload) -> int {
    auto* out = static_cast<std::vector<ChangedFile>*>(payload);
    ChangedFile file;
    file.status = status_letter(delta->status);
    file.path = delta->status == GIT_DELTA_DELETED ? delta->old_file.path : delta->new_file.path;
    file.old_path = delta->old_file.path;
    out->push_back(std::move(file));
    return 0;
  };
  auto on_hunk = [](const git_diff_delta*, const git_diff_hunk* hunk, void* payload) -> int {
    auto* out = static_cast<std::vector<ChangedFile>*>(payload);
    Hunk h;
    h.old_start = hunk->old_start;
    h.old_lines = hunk->old_lines;
    h.new_start = hunk->new_start;
    h.new_lines = hunk->new_lines;
    h.header.assign(hunk->header, hunk->header_len);
    while (!h.header.empty() && (h.header.back() == '\n' || h.header.back() == '\r'))
      h.header.pop_back();
    out->back().hunks.push_back(std::move(h));
    return 0;
  };
  if (git_diff_foreach(diff.ptr, on_file, nullptr, on_hunk, nullptr, &files) != 0) {
    return fail(last_error("cannot walk the diff"), "git.diff");
  }
  return files;
}

Result<int> Repository::count_trailer(const std::string& base, const std::string& head,
                                      const std::string& trailer) const {
  auto head_oid = resolve_commit(repo_.get(), head);
  if (!head_oid) return fail(head_oid.error());
  git_revwalk* walk = nullptr;
  if (git_revwalk_new(&walk, repo_.get()) != 0)
    return fail(last_error("cannot walk history"), "git.walk");
  std::unique_ptr<git_revwalk, void (*)(git_revwalk*)> owned(walk, git_revwalk_free);
  git_revwalk_push(walk, &*head_oid);
  if (!base.empty()) {
    auto base_oid = resolve_commit(repo_.get(), base);
    if (!base_oid) return fail(base_oid.error());
    git_oid merge_base;
    if (git_merge_base(&merge_base, repo_.get(), &*base_oid, &*head_oid) == 0)
      git_revwalk_hide(walk, &merge_base);
  }
  const std::string needle = trailer + ":";
  int count = 0;
  git_oid oid;
  // Bounded: a branch with more than 10,000 commits since its base is not a fix loop.
  for (int seen = 0; seen < 10000 && git_revwalk_next(&oid, walk) == 0; ++seen) {
    OwnedCommit commit;
    if (git_commit_lookup(&commit.ptr, repo_.get(), &oid) != 0) continue;
    std::string message =
        git_commit_message(commit.ptr) != nullptr ? git_commit_message(commit.ptr) : "";
    std::size_t pos = 0;
    while ((pos = message.find(needle, pos)) != std::string::npos) {
      if (pos == 0 || message[pos - 1] == '\n') {
        ++count;
        break;
      }
      pos += needle.size();
    }
  }
  return count;
}

}  // namespace bicepgate::git
