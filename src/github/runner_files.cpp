#include "github/runner_files.hpp"

#include "util/files.hpp"

namespace bicepgate::github {

std::string fit_summary(const std::string& markdown, std::size_t room) {
  if (markdown.size() <= room) return markdown;
  auto note = [](std::size_t left_out) {
    return "\n\n> **Summary cut:** " + std::to_string(left_out) +
           " bytes left out, as GitHub drops a job summary over 1 MiB; the audit record "
           "(output `audit-record`) and the log have the whole run.\n";
  };
  // The note's length depends on the number in it; the longest number it could hold.
  const std::size_t note_size = note(markdown.size()).size();
  if (room < note_size) return {};
  std::size_t end = room - note_size;
  while (end > 0 && (static_cast<unsigned char>(markdown[end]) & 0xC0U) == 0x80U) --end;
  if (auto line = markdown.rfind('\n', end == 0 ? 0 : end - 1);
      line != std::string::npos && line > 0)
    end = line + 1;
  return markdown.substr(0, end) + note(markdown.size() - end);
}

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
  std::error_code ec;
  auto used = std::filesystem::file_size(*summary_path_, ec);
  if (ec) used = 0;
  const std::size_t room = used >= kSummaryBudget ? 0 : kSummaryBudget - used;
  // Each block starts a paragraph of its own: after an HTML block such as </details>, CommonMark
  // reads on until a blank line, so a heading right below it would render as text.
  std::string block = used > 0 ? "\n" + markdown : markdown;
  if (block.empty() || block.back() != '\n') block += '\n';
  auto text = fit_summary(block, room);
  if (text.empty()) return {};
  return util::append_file(*summary_path_, text);
}

}  // namespace bicepgate::github
