#include "util/paths.hpp"

#include <catch2/catch.hpp>

#include "support.hpp"

using namespace bicepgate;
namespace fs = std::filesystem;

namespace {

struct Tree {
  testing::TempDir top;
  fs::path workspace = top / "workspace";
  fs::path temp = top / "temp";
  fs::path outside = top / "outside";
  std::vector<util::AllowedRoot> roots{{workspace, "the workspace"}, {temp, "RUNNER_TEMP"}};
  Tree() {
    fs::create_directories(workspace / "bicep");
    fs::create_directories(temp);
    fs::create_directories(outside);
    REQUIRE(util::write_file_atomic(workspace / "bicep" / "main.bicep", "param x string\n"));
    REQUIRE(util::write_file_atomic(outside / "secret.json", "{}"));
  }
};

}  // namespace

TEST_CASE("paths inside the workspace resolve, missing ones too") {
  Tree t;
  auto found = util::contained_path("bicep/main.bicep", t.roots, "input 'template'");
  REQUIRE(found);
  CHECK(*found == fs::weakly_canonical(t.workspace / "bicep" / "main.bicep"));
  CHECK(util::contained_path("out/not-yet.sarif", t.roots, "input 'sarif-file'"));
  CHECK(util::contained_path("bicep/../bicep/main.bicep", t.roots, "input 'template'"));
  CHECK(util::contained_path((t.workspace / "x.json").string(), t.roots, "input 'x'"));
  CHECK(util::contained_path((t.temp / "fix.json").string(), t.roots, "input 'x'"));
  CHECK(util::contained_path(".", t.roots, "input 'audit-dir'"));
}

TEST_CASE("`..` and absolute paths elsewhere are refused with the input named") {
  Tree t;
  for (const std::string& value :
       {std::string("../outside/secret.json"), std::string("bicep/../../outside/x"),
        (t.outside / "secret.json").string(), std::string("/etc/passwd")}) {
    INFO(value);
    auto refused = util::contained_path(value, t.roots, "input 'fix-request-file'");
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == "path.outside");
    CHECK_THAT(refused.error().message, Catch::StartsWith("input 'fix-request-file' '" + value));
    CHECK_THAT(refused.error().message, Catch::Contains("the workspace ("));
    CHECK_THAT(refused.error().message, Catch::Contains("RUNNER_TEMP ("));
  }
}

TEST_CASE("a committed symbolic link that leads out is refused, one that stays in is not") {
  Tree t;
  fs::create_symlink(t.outside / "secret.json", t.workspace / "bicep" / "prod.parameters.json");
  fs::create_symlink(t.outside, t.workspace / ".bicepgate");
  fs::create_symlink("main.bicep", t.workspace / "bicep" / "alias.bicep");

  auto file = util::contained_path("bicep/prod.parameters.json", t.roots, "input 'parameters'");
  REQUIRE_FALSE(file);
  CHECK_THAT(file.error().message, Catch::Contains("symbolic link"));
  CHECK_THAT(file.error().message, Catch::Contains((t.outside / "secret.json").string()));
  // A folder link carries every path below it out, existing or not.
  auto below = util::contained_path(".bicepgate/audit/audit.db", t.roots, "the audit database");
  REQUIRE_FALSE(below);
  CHECK_THAT(below.error().message, Catch::Contains("symbolic link"));
  CHECK(util::contained_path("bicep/alias.bicep", t.roots, "input 'template'"));
}

TEST_CASE("relative paths start at the first root only") {
  Tree t;
  REQUIRE(util::write_file_atomic(t.temp / "only-in-temp.json", "{}"));
  auto found = util::contained_path("only-in-temp.json", t.roots, "input 'x'");
  REQUIRE(found);
  CHECK(found->parent_path() == fs::weakly_canonical(t.workspace));
}
