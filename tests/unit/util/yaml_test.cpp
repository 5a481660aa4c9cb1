#include "util/yaml.hpp"

#include <catch2/catch.hpp>

#include "support.hpp"
#include "util/files.hpp"

using namespace bicepgate;
using util::YamlReader;

namespace {

const std::vector<std::string> kAllowed = {"name", "regions", "enabled"};

// The root of a document the test knows is valid.
YAML::Node root_of(const YamlReader& reader, const std::string& text) {
  auto root = reader.document(text, YAML::NodeType::Map, "a map of settings");
  REQUIRE(root);
  return *root;
}

}  // namespace

TEST_CASE("a value of the wrong kind names the file, its line, the key and what was expected") {
  const YamlReader reader("t.yml", "test");
  auto root = root_of(reader, "name: x\nregions:\n  nested: map\n");
  auto regions = reader.non_empty_list(root["regions"], "regions of x");
  REQUIRE_FALSE(regions);
  CHECK(regions.error().message == "t.yml:3: regions of x must be a non-empty list, found a map");
  CHECK(regions.error().file == "t.yml");
  CHECK(regions.error().line == 3);
  CHECK(regions.error().code == "test.type");
  auto name = reader.scalar(root["regions"], "'regions'");
  REQUIRE_FALSE(name);
  CHECK(name.error().message == "t.yml:3: 'regions' must be a single value, found a map");
}

TEST_CASE("a boolean is true or false, not any word yaml-cpp would take") {
  const YamlReader reader("t.yml", "test");
  auto root = root_of(reader, "enabled: ture\n");
  auto enabled = reader.boolean_or(root, "enabled", false);
  REQUIRE_FALSE(enabled);
  CHECK(enabled.error().message == "t.yml:1: 'enabled' is 'ture', expected true or false");
  CHECK(reader.boolean_or(root_of(reader, "name: x\n"), "enabled", true).value());
}

TEST_CASE("an unknown key is named with its line and the nearest allowed key, or all of them") {
  const YamlReader reader("t.yml", "test");
  auto near = reader.check_keys(root_of(reader, "name: x\nregoins: [a]\n"), kAllowed, "a region");
  REQUIRE_FALSE(near);
  CHECK(near.error().message ==
        "t.yml:2: unknown key 'regoins' in a region (did you mean 'regions'?)");
  CHECK(near.error().code == "test.key");
  auto far = reader.check_keys(root_of(reader, "flavour: x\n"), kAllowed, "a region");
  REQUIRE_FALSE(far);
  CHECK(far.error().message ==
        "t.yml:1: unknown key 'flavour' in a region (expected one of: name, regions, enabled)");
  CHECK(reader.check_keys(root_of(reader, "name: x\nenabled: true\n"), kAllowed, "a region"));
}

TEST_CASE("a missing key is named with the line of the map that needs it") {
  const YamlReader reader("t.yml", "test");
  auto root = root_of(reader, "# settings\nname: x\n");
  auto regions = reader.required(root, "regions", "a region");
  REQUIRE_FALSE(regions);
  CHECK(regions.error().message == "t.yml:2: a region needs 'regions'");
  CHECK(regions.error().code == "test.missing");
  CHECK(reader.required(root, "name", "a region"));
}

TEST_CASE("a YAML syntax error names the file and the line where the parser stopped") {
  const YamlReader reader("t.yml", "test");
  auto root = reader.document("name: x\nregions: [unclosed\n", YAML::NodeType::Map, "a map");
  REQUIRE_FALSE(root);
  CHECK(root.error().code == "test.yaml");
  CHECK(root.error().line > 0);
  CHECK_THAT(root.error().message,
             Catch::StartsWith("t.yml:" + std::to_string(root.error().line) + ": invalid YAML: "));
}

TEST_CASE("a root of the wrong kind says what the file should hold") {
  const YamlReader reader("t.yml", "test");
  auto root = reader.document("- a\n- b\n", YAML::NodeType::Map, "a map of settings");
  REQUIRE_FALSE(root);
  CHECK(root.error().message == "t.yml:1: expected a map of settings, found a list");
}

TEST_CASE("an empty file, or one of comments only, says what it should hold") {
  const YamlReader reader("t.yml", "test");
  for (const std::string text : {"", "# nothing yet\n", "\n\n"}) {
    auto root = reader.document(text, YAML::NodeType::Sequence, "a list of rules");
    REQUIRE_FALSE(root);
    CHECK(root.error().message == "t.yml: the file is empty; expected a list of rules");
    CHECK(root.error().code == "test.empty");
  }
}

TEST_CASE("a file that is not there is named with why it cannot be read") {
  testing::TempDir dir;
  auto missing = YamlReader::read_file(dir / "absent.yml", "test");
  REQUIRE_FALSE(missing);
  CHECK(missing.error().message ==
        (dir / "absent.yml").string() + ": cannot read (No such file or directory)");
  CHECK(missing.error().code == "test.read");
  REQUIRE(util::write_file_atomic(dir / "present.yml", "name: x\n"));
  CHECK(YamlReader::read_file(dir / "present.yml", "test").value() == "name: x\n");
}

TEST_CASE("what yaml-cpp throws inside a loader becomes an error with its line") {
  const YamlReader reader("t.yml", "test");
  auto root = root_of(reader, "name:\n  ? [a, b]\n  : c\n");
  auto value = reader.guard([&]() -> Result<std::string> {
    for (auto it = root["name"].begin(); it != root["name"].end(); ++it)
      return it->first.as<std::string>();  // a list as a key: yaml-cpp throws
    return std::string();
  });
  REQUIRE_FALSE(value);
  CHECK(value.error().code == "test.yaml");
  CHECK_THAT(value.error().message, Catch::StartsWith("t.yml:2: "));
}
