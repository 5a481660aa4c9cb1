#pragma once
// The files the runner reads after the step: GITHUB_OUTPUT (name<<delimiter blocks) and
// GITHUB_STEP_SUMMARY (Markdown). Outside Actions both are absent and writes are skipped.

#include <filesystem>
#include <optional>
#include <string>

#include "github/environment.hpp"
#include "util/result.hpp"

namespace bicepgate::github {

// One output in the runner's heredoc form, with a delimiter that cannot occur in the value.
Result<std::string> format_output(const std::string& name, const std::string& value,
                                  const std::string& delimiter);

class RunnerFiles {
 public:
  explicit RunnerFiles(const EnvironmentMap& env);

  Status set_output(const std::string& name, const std::string& value);
  Status append_summary(const std::string& markdown);
  bool has_outputs() const { return output_path_.has_value(); }
  bool has_summary() const { return summary_path_.has_value(); }

 private:
  std::optional<std::filesystem::path> output_path_;
  std::optional<std::filesystem::path> summary_path_;
};

}  // namespace bicepgate::github
