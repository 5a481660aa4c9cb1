#include "github/runner_files.hpp"

#include "util/files.hpp"

namespace bicepgate::github {

Result<std::string> format_output(const std::string& name, const std::string& value,
                                  const std::string& delimiter) {
  if (name.empty() || name.find_first_of("\r\n=<") != std::string::npos) {
    return fail("output name '" + name +
                    "' is not valid: expected a non-empty name without "
                    "line breaks, '=' or '<'",
                "output.name");
  }
  if (value.find(delimiter) != std::string::npos || name.find(delimiter) != std::string::npos) {
    return fail("output '" + name + "' contains its delimiter", "output.delimiter");
  }
  return name + "<<" + delimiter + "\n" + value + "\n" + delimiter + "\n";
}

RunnerFiles::RunnerFiles(const EnvironmentMap& env) {
  if (auto path = lookup(env, "GITHUB_OUTPUT"); path && !path->empty()) output_path_ = *path;
  if (auto path = lookup(env, "GITHUB_STEP_SUMMARY"); path && !path->empty()) summary_path_ = *path;
}

Status RunnerFiles::set_output(const std::string& name, const std::string& value) {
  if (!output_path_) return {};
  // A fresh random delimiter per output; retried in the (astronomically unlikely) clash.
  for (int attempt = 0; attempt < 4; ++attempt) {
    auto block = format_output(name, value, "ghadelimiter_" + util::random_hex(16));
    if (block) return util::append_file(*output_path_, *block);
    if (block.error().code != "output.delimiter") return fail(block.error());
  }
  return fail("output '" + name + "': could not choose a delimiter", "output.delimiter");
}

Status RunnerFiles::append_summary(const std::string& markdown) {
  if (!summary_path_) return {};
  return util::append_file(
      *summary_path_, !markdown.empty() && markdown.back() == '\n' ? markdown : markdown + "\n");
}

}  // namespace bicepgate::github
