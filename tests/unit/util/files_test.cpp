#include "util/files.hpp"

#include <sys/stat.h>

#include <catch2/catch.hpp>

#include "support.hpp"

using namespace bicepgate;

TEST_CASE("a private file is readable by its owner only and holds the content as given") {
  testing::TempDir dir;
  auto path = dir / "secret";
  REQUIRE(util::write_private_file(path, "s3cret"));
  struct stat info {};
  REQUIRE(::stat(path.c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);
  CHECK(util::read_file(path).value() == "s3cret");
}

TEST_CASE("a private file is never written through an existing file or link") {
  testing::TempDir dir;
  auto target = dir / "target";
  REQUIRE(util::write_file_atomic(target, "keep"));
  auto link = dir / "link";
  std::filesystem::create_symlink(target, link);
  auto through_link = util::write_private_file(link, "s3cret");
  REQUIRE_FALSE(through_link);
  CHECK_THAT(through_link.error().message, Catch::Contains(link.string()));
  CHECK_FALSE(util::write_private_file(target, "s3cret"));
  CHECK(util::read_file(target).value() == "keep");
}
