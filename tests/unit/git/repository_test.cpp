#include "git/repository.hpp"

#include <git2.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <fstream>

#include "support.hpp"

using namespace bicepgate;
using bicepgate::testing::TempDir;

namespace {

// Builds real repositories with libgit2 itself: init, write, stage, commit, branch.
class RepoBuilder {
 public:
  explicit RepoBuilder(const std::filesystem::path& dir) : dir_(dir) {
    git_libgit2_init();
    git_repository_init_options options = GIT_REPOSITORY_INIT_OPTIONS_INIT;
    options.initial_head = "main";
    REQUIRE(git_repository_init_ext(&repo_, dir.c_str(), &options) == 0);
  }
  ~RepoBuilder() {
    git_repository_free(repo_);
    git_libgit2_shutdown();
  }
  RepoBuilder(const RepoBuilder&) = delete;
  RepoBuilder& operator=(const RepoBuilder&) = delete;

  void write(const std::string& path, const std::string& content) {
    auto full = dir_ / path;
    std::filesystem::create_directories(full.parent_path());
    std::ofstream(full, std::ios::binary) << content;
  }

  void remove(const std::string& path) { std::filesystem::remove(dir_ / path); }

  std::string commit(const std::string& message) {
    git_index* index = nullptr;
    REQUIRE(git_repository_index(&index, repo_) == 0);
    const char* everything = "*";
    git_strarray paths{const_cast<char**>(&everything), 1};
    REQUIRE(git_index_add_all(index, &paths, GIT_INDEX_ADD_DEFAULT, nullptr, nullptr) == 0);
    REQUIRE(git_index_update_all(index, &paths, nullptr, nullptr) == 0);
    REQUIRE(git_index_write(index) == 0);
    git_oid tree_id;
    REQUIRE(git_index_write_tree(&tree_id, index) == 0);
    git_index_free(index);
    git_tree* tree = nullptr;
    REQUIRE(git_tree_lookup(&tree, repo_, &tree_id) == 0);
    git_signature* sig = nullptr;
    REQUIRE(git_signature_new(&sig, "Test", "test@example.com", 1700000000 + ++counter_, 0) == 0);
    git_oid parent_id;
    git_commit* parent = nullptr;
    if (git_reference_name_to_id(&parent_id, repo_, "HEAD") == 0) {
      REQUIRE(git_commit_lookup(&parent, repo_, &parent_id) == 0);
    }
    const git_commit* parents[] = {parent};
    git_oid commit_id;
    REQUIRE(git_commit_create(&commit_id, repo_, "HEAD", sig, sig, nullptr, message.c_str(), tree,
                              parent ? 1 : 0, parent ? parents : nullptr) == 0);
    git_commit_free(parent);
    git_signature_free(sig);
    git_tree_free(tree);
    char hex[GIT_OID_HEXSZ + 1] = {};
    git_oid_tostr(hex, sizeof(hex), &commit_id);
    return hex;
  }

  void branch_and_checkout(const std::string& name) {
    git_oid head;
    REQUIRE(git_reference_name_to_id(&head, repo_, "HEAD") == 0);
    git_commit* commit = nullptr;
    REQUIRE(git_commit_lookup(&commit, repo_, &head) == 0);
    git_reference* ref = nullptr;
    REQUIRE(git_branch_create(&ref, repo_, name.c_str(), commit, 0) == 0);
    REQUIRE(git_repository_set_head(repo_, git_reference_name(ref)) == 0);
    git_reference_free(ref);
    git_commit_free(commit);
  }

  void detach() {
    git_oid head;
    REQUIRE(git_reference_name_to_id(&head, repo_, "HEAD") == 0);
    REQUIRE(git_repository_set_head_detached(repo_, &head) == 0);
  }

 private:
  std::filesystem::path dir_;
  git_repository* repo_ = nullptr;
  int counter_ = 0;
};

}  // namespace

TEST_CASE("HEAD's sha and branch are read from a real repository") {
  TempDir dir;
  RepoBuilder builder(dir.path());
  builder.write("bicep/main.bicep", "param location string\n");
  auto sha = builder.commit("first");
  auto repo = git::Repository::open(dir.path() / "bicep");  // found from a subfolder
  REQUIRE(repo);
  CHECK(repo->head_sha().value() == sha);
  CHECK(repo->current_branch() == "main");
  builder.detach();
  CHECK_FALSE(repo->current_branch());
}

TEST_CASE("an empty repository has a branch name but no HEAD commit") {
  TempDir dir;
  RepoBuilder builder(dir.path());
  auto repo = git::Repository::open(dir.path());
  REQUIRE(repo);
  CHECK(repo->current_branch() == "main");
  auto head = repo->head_sha();
  REQUIRE_FALSE(head);
  CHECK_THAT(head.error().message, Catch::Contains("HEAD"));
}

TEST_CASE("a directory outside any repository is an error that names it") {
  TempDir dir;
  auto repo = git::Repository::open(dir.path());
  REQUIRE_FALSE(repo);
  CHECK_THAT(repo.error().message, Catch::Contains(dir.path().string()));
}

namespace {

// As actions/runner leaves it for a container action: the checkout belongs to the runner user.
void give_to_runner_user(const std::filesystem::path& dir) {
  constexpr uid_t kRunnerUid = 1001;
  REQUIRE(::lchown(dir.c_str(), kRunnerUid, kRunnerUid) == 0);
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    REQUIRE(::lchown(entry.path().c_str(), kRunnerUid, kRunnerUid) == 0);
  }
}

}  // namespace

TEST_CASE("a workspace owned by the runner user opens for reads when the job runs as root") {
  if (::geteuid() != 0) {
    WARN("not root: cannot give the repository to another user, ownership not tested");
    return;
  }
  TempDir dir;
  std::string base_sha;
  std::string head_sha;
  {
    RepoBuilder builder(dir.path());
    builder.write("bicep/main.bicep", "param location string\n");
    base_sha = builder.commit("base");
    builder.write("bicep/main.bicep", "param location string = 'eastus'\n");
    head_sha = builder.commit("Fix the location\n\nFix-Request-Id: 1234\n");
  }
  give_to_runner_user(dir.path());

  // What libgit2 does by default, like git's safe.directory: refuse it.
  auto refused = git::Repository::open(dir.path());
  REQUIRE_FALSE(refused);
  CHECK(refused.error().code == "git.owner");
  CHECK_THAT(refused.error().message, Catch::Contains("belongs to another user"));

  auto repo = git::Repository::open_workspace(dir.path());
  REQUIRE(repo);
  CHECK(repo->head_sha().value() == head_sha);
  auto files = repo->changed_files(base_sha, "HEAD");
  REQUIRE(files);
  REQUIRE(files->size() == 1);
  CHECK((*files)[0].path == "bicep/main.bicep");
  CHECK(repo->count_trailer("", "HEAD", "Fix-Request-Id").value() == 1);

  // The trust was for that one open: the process-wide check is back on.
  CHECK_FALSE(git::Repository::open(dir.path()));
}

TEST_CASE("opening a workspace that is no repository says so") {
  TempDir dir;
  auto repo = git::Repository::open_workspace(dir.path());
  REQUIRE_FALSE(repo);
  CHECK(repo.error().code == "git.open");
  CHECK_THAT(repo.error().message, Catch::Contains(dir.path().string()));
}

TEST_CASE("the tree is dirty when a tracked file changes, not for untracked files") {
  TempDir dir;
  RepoBuilder builder(dir.path());
  builder.write("main.bicep", "a\n");
  builder.commit("first");
  auto repo = git::Repository::open(dir.path());
  REQUIRE(repo);
  CHECK_FALSE(repo->is_dirty().value());
  builder.write("notes.txt", "untracked\n");
  CHECK_FALSE(repo->is_dirty().value());
  builder.write("main.bicep", "b\n");
  CHECK(repo->is_dirty().value());
}

TEST_CASE("changed files come from the merge base, as a pull request shows them") {
  TempDir dir;
  RepoBuilder builder(dir.path());
  builder.write("bicep/main.bicep", "line 1\nline 2\nline 3\nline 4\nline 5\n");
  builder.write("bicep/old.bicep", "gone soon\n");
  builder.write("README.md", "readme\n");
  builder.commit("base");
  builder.branch_and_checkout("feature/x");
  builder.write("bicep/main.bicep", "line 1\nline two\nline 3\nline 4\nline 5\nline 6\n");
  builder.write("bicep/modules/new.bicep", "new\n");
  builder.remove("bicep/old.bicep");
  builder.commit("feature work");

  auto repo = git::Repository::open(dir.path());
  REQUIRE(repo);
  auto files = repo->changed_files("main", "HEAD");
  REQUIRE(files);
  REQUIRE(files->size() == 3);
  auto find = [&](const std::string& path) -> const git::ChangedFile& {
    for (const auto& f : *files) {
      if (f.path == path) return f;
    }
    FAIL("no change for " << path);
    throw std::logic_error("unreachable");
  };
  const auto& main = find("bicep/main.bicep");
  CHECK(main.status == 'M');
  REQUIRE(main.hunks.size() == 2);
  CHECK(main.hunks[0].old_start == 2);
  CHECK(main.hunks[0].new_start == 2);
  CHECK(main.hunks[0].new_lines == 1);
  CHECK(main.hunks[1].new_start == 6);
  CHECK(main.hunks[1].old_lines == 0);
  CHECK_THAT(main.hunks[0].header, Catch::StartsWith("@@ -2 +2 @@"));
  CHECK(find("bicep/modules/new.bicep").status == 'A');
  CHECK(find("bicep/old.bicep").status == 'D');
}

TEST_CASE("commits on the base after the branch point do not count as the PR's changes") {
  TempDir dir;
  RepoBuilder builder(dir.path());
  builder.write("a.bicep", "a\n");
  builder.commit("base");
  builder.branch_and_checkout("feature/y");
  builder.write("b.bicep", "b\n");
  auto feature_sha = builder.commit("feature");
  auto repo = git::Repository::open(dir.path());
  REQUIRE(repo);
  // main moves on after the branch point: the merge-base diff ignores its commit.
  {
    git_repository* raw = nullptr;
    REQUIRE(git_repository_open(&raw, dir.path().c_str()) == 0);
    git_reference* main_ref = nullptr;
    REQUIRE(git_reference_lookup(&main_ref, raw, "refs/heads/main") == 0);
    REQUIRE(git_repository_set_head(raw, "refs/heads/main") == 0);
    git_reference_free(main_ref);
    git_repository_free(raw);
  }
  builder.write("c.bicep", "main moved on\n");
  builder.remove("b.bicep");
  builder.commit("main moves on");
  auto files = repo->changed_files("main", feature_sha);
  REQUIRE(files);
  REQUIRE(files->size() == 1);
  CHECK((*files)[0].path == "b.bicep");
}

TEST_CASE("an unknown base ref is an error naming it") {
  TempDir dir;
  RepoBuilder builder(dir.path());
  builder.write("a", "a\n");
  builder.commit("base");
  auto repo = git::Repository::open(dir.path());
  REQUIRE(repo);
  auto files = repo->changed_files("origin/nope");
  REQUIRE_FALSE(files);
  CHECK_THAT(files.error().message, Catch::Contains("origin/nope"));
}

TEST_CASE("fix commits are counted by their trailer since the branch left its base") {
  TempDir dir;
  RepoBuilder builder(dir.path());
  builder.write("a.bicep", "a\n");
  builder.commit("base\n\nFix-Request-Id: old-one-on-main\n");
  builder.branch_and_checkout("feature/z");
  builder.write("a.bicep", "b\n");
  builder.commit("first try\n\nFix-Request-Id: 1234\n");
  builder.write("a.bicep", "c\n");
  builder.commit("a plain commit that mentions Fix-Request-Id: in its text");
  builder.write("a.bicep", "d\n");
  builder.commit("second try\n\nSigned-off-by: bot\nFix-Request-Id: 5678\n");
  auto repo = git::Repository::open(dir.path());
  REQUIRE(repo);
  CHECK(repo->count_trailer("main", "HEAD", "Fix-Request-Id").value() == 2);
  CHECK(repo->count_trailer("", "HEAD", "Fix-Request-Id").value() == 3);
  CHECK_FALSE(repo->count_trailer("nope", "HEAD", "Fix-Request-Id"));
}
