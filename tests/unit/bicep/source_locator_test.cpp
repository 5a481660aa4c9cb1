#include "bicep/source_locator.hpp"

#include <catch2/catch.hpp>

#include "util/files.hpp"

using namespace bicepgate::bicep;

TEST_CASE("a resource type is found at its declaring line in the sample template") {
  auto source =
      bicepgate::util::read_file(std::string(BICEPGATE_SOURCE_DIR) + "/bicep/main.bicep").value();
  auto at = locate_resource(source, "microsoft.storage/storageAccounts");
  REQUIRE(at);
  CHECK(source.find("resource storage 'Microsoft.Storage/storageAccounts@") != std::string::npos);
  int line = 1;
  for (std::size_t i = 0; i < source.find("resource storage"); ++i)
    line += source[i] == '\n' ? 1 : 0;
  CHECK(at->line == line);
  CHECK(at->column == 1);
}

TEST_CASE("a child type falls back to its parent's declaration; unknown types are not found") {
  const std::string source =
      "param x string\n\nresource site 'Microsoft.Web/sites@2022-09-01' = {\n  name: x\n}\n";
  CHECK(locate_resource(source, "Microsoft.Web/sites/config")->line == 3);
  CHECK_FALSE(locate_resource(source, "Microsoft.Sql/servers"));
  CHECK_FALSE(locate_resource(source, ""));
}
