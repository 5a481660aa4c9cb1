#include "github/workflow_commands.hpp"

#include <algorithm>

#include "util/strings.hpp"

namespace bicepgate::github {

std::string escape_data(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '%': out += "%25"; break;
      case '\r': out += "%0D"; break;
      case '\n': out += "%0A"; break;
      default: out += c;
    }
  }
  return out;
}

std::string escape_property(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : escape_data(text)) {
    switch (c) {
      case ':': out += "%3A"; break;
      case ',': out += "%2C"; break;
      default: out += c;
    }
  }
  return out;
}

std::string format_annotation(const Annotation& annotation) {
  const char* command = annotation.level == AnnotationLevel::kError     ? "error"
                        : annotation.level == AnnotationLevel::kWarning ? "warning"
                                                                        : "notice";
  std::vector<std::string> properties;
  auto add = [&](const char* key, const std::string& value) {
    if (!value.empty()) properties.push_back(std::string(key) + "=" + escape_property(value));
  };
  auto add_number = [&](const char* key, const std::optional<int>& value) {
    if (value && *value > 0) properties.push_back(std::string(key) + "=" + std::to_string(*value));
  };
  add("file", annotation.file);
  add_number("line", annotation.line);
  add_number("endLine", annotation.end_line);
  add_number("col", annotation.column);
  add_number("endColumn", annotation.end_column);
  add("title", annotation.title);
  std::string text = "::" + std::string(command);
  if (!properties.empty()) text += " " + util::join(properties, ",");
  return text + "::" + escape_data(annotation.message);
}

void WorkflowCommands::annotate(const Annotation& annotation) {
  Annotation safe = annotation;
  safe.message = redact(safe.message);
  safe.title = redact(safe.title);
  out_ << format_annotation(safe) << '\n' << std::flush;
}

void WorkflowCommands::add_mask(const std::string& secret) {
  if (secret.empty()) return;
  // Multi-line secrets are masked line by line, as the runner matches per line.
  for (const auto& line : util::split_lines(secret)) {
    auto trimmed = util::trim(line);
    if (trimmed.empty()) continue;
    if (std::find(masks_.begin(), masks_.end(), trimmed) != masks_.end()) continue;
    masks_.push_back(trimmed);
    out_ << "::add-mask::" << escape_data(trimmed) << '\n';
  }
  // Longest first, so a secret that contains another is replaced whole.
  std::sort(masks_.begin(), masks_.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  out_ << std::flush;
}

void WorkflowCommands::begin_group(const std::string& title) {
  out_ << "::group::" << escape_data(redact(title)) << '\n' << std::flush;
}

void WorkflowCommands::end_group() {
  out_ << "::endgroup::\n" << std::flush;
}

void WorkflowCommands::debug(const std::string& message) {
  out_ << "::debug::" << escape_data(redact(message)) << '\n' << std::flush;
}

void WorkflowCommands::log(const std::string& text) {
  // A log line must not be read as a command: a line starting with :: is broken up.
  std::string safe;
  for (const auto& line : util::split_lines(redact(text))) {
    safe += util::starts_with(util::trim(line), "::") ? " " + line : line;
    safe += '\n';
  }
  out_ << safe << std::flush;
}

std::string WorkflowCommands::redact(std::string text) const {
  for (const auto& secret : masks_) text = util::replace_all(std::move(text), secret, "***");
  return text;
}

}  // namespace bicepgate::github
