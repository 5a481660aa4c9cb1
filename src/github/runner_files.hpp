#pragma once
// The files the runner reads after the step: GITHUB_OUTPUT (name<<delimiter blocks) and
// GITHUB_STEP_SUMMARY (Markdown). Outside Actions both are absent and writes are skipped.

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>

#include "github/environment.hpp"
#include "util/result.hpp"

namespace bicepgate::github {

// The runner drops a step summary over 1 MiB whole (FileCommandManager.cs,
// CreateStepSummaryCommand.AttachmentSizeLimit); ours stays under kSummaryBudget, with room to
// spare for the runner's own masking.
inline constexpr std::size_t kSummaryLimit = std::size_t{1024} * 1024;
inline constexpr std::size_t kSummaryBudget = 1'000'000;

// Pure. `markdown` within `room` bytes: whole when it fits, else cut at the last line break
// (never inside a UTF-8 sequence) with a note of how much was left out. Empty when not even
// the note fits.
std::string fit_summary(const std::string& markdown, std::size_t room);

// One output in the runner's heredoc form, with a delimiter that cannot occur in the value.
Result<std::string> format_output(const std::string& name, const std::string& value,
                                  const std::string& delimiter);

class RunnerFiles {
 public:
  explicit RunnerFiles(const EnvironmentMap& env);

  Status set_output(const std::string& name, const std::string& value);
  // Appends what fits under kSummaryBudget, counting what the file already holds.
  Status append_summary(const std::string& markdown);
  bool has_outputs() const { return output_path_.has_value(); }
  bool has_summary() const { return summary_path_.has_value(); }

 private:
  std::optional<std::filesystem::path> output_path_;
  std::optional<std::filesystem::path> summary_path_;
};

}  // namespace bicepgate::github
