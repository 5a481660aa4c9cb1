#pragma once
// Helpers shared by the unit tests: fixture files and temporary directories.

#include <filesystem>
#include <string>

#include "azure/az_runner.hpp"
#include "classify/classifier.hpp"
#include "classify/rules.hpp"
#include "util/files.hpp"

namespace bicepgate::testing {

inline std::filesystem::path fixture_path(const std::string& relative) {
  return std::filesystem::path(BICEPGATE_FIXTURES_DIR) / relative;
}

inline std::string read_fixture(const std::string& relative) {
  auto text = util::read_file(fixture_path(relative));
  if (!text) throw std::runtime_error(text.error().message);
  return *text;
}

// A fresh directory removed at the end of the test.
class TempDir {
 public:
  TempDir()
      : path_(std::filesystem::temp_directory_path() / ("bicepgate-unit-" + util::random_hex(6))) {
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

// An az seam for tests that build a run context but never call az.
class NoAz final : public azure::AzRunner {
 public:
  Result<azure::AzResult> run(const azure::AzCall&) override { return fail("not used", "test"); }
};

// One NoAz for every run context that needs a seam and never calls it.
inline NoAz& no_az() {
  static NoAz az;
  return az;
}

// The rules table the product ships, loaded once.
inline const classify::RuleTable& shipped_rules() {
  static classify::RuleTable table =
      classify::RuleTable::load(std::string(BICEPGATE_SOURCE_DIR) + "/data/error-rules.yml")
          .value();
  return table;
}

// A rules table with no rules: every error is unknown.
inline const classify::RuleTable& no_rules() {
  static classify::RuleTable table = classify::RuleTable::parse("[]", "none").value();
  return table;
}

// One error output classified by the shipped rules, as `bicepgate classify` does.
inline classify::Classification classified(const std::string& text) {
  return classify::classify(text, shipped_rules());
}

}  // namespace bicepgate::testing
