#include "github/workflow_commands.hpp"

#include <sys/random.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <iostream>
#include <random>

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

namespace {

bool printable_ascii(char c) {
  return c >= 0x20 && c <= 0x7E;
}

// Leading `::` after whitespace; "whitespace" here is everything that is not printable ASCII
// or is a space, a superset of .NET's TrimStart set.
bool starts_like_command(std::string_view line) {
  std::size_t colons = 0;
  for (char c : line) {
    if (!printable_ascii(c)) continue;
    if (c == ' ' && colons == 0) continue;
    if (c != ':') return false;
    if (++colons == 2) return true;
  }
  return false;
}

constexpr std::string_view kNeutralPrefix = "> ";

}  // namespace

bool could_be_command(std::string_view line) {
  if (starts_like_command(line)) return true;
  char before = 0;
  char last = 0;
  for (char c : line) {
    if (!printable_ascii(c)) continue;
    if (c == '[' && last == '#' && before == '#') return true;
    before = last;
    last = c;
  }
  return false;
}

std::string neutralise_line(std::string_view line) {
  if (!could_be_command(line)) return std::string(line);
  std::string out;
  out.reserve(line.size() + 8);
  if (starts_like_command(line)) out += kNeutralPrefix;
  char before = 0;
  char last = 0;
  for (char c : line) {
    if (printable_ascii(c)) {
      if (c == '[' && last == '#' && before == '#') {
        out += ' ';
        last = ' ';
      }
      before = last;
      last = c;
    }
    out += c;
  }
  return out;
}

std::vector<std::string> runner_lines(std::string_view text) {
  std::vector<std::string> lines;
  std::string line;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\r' || c == '\n') {
      lines.push_back(std::move(line));
      line.clear();
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else {
      line += c;
    }
  }
  if (!line.empty()) lines.push_back(std::move(line));
  return lines;
}

std::string cut_message(const std::string& message) {
  static constexpr std::string_view kMarker =
      " … [cut: GitHub keeps 4,096 characters of an annotation; the job summary has the rest]";
  std::string text = util::valid_utf8(message);
  auto units_of = [](unsigned char lead) {
    return lead >= 0xF0U ? std::size_t{2} : std::size_t{1};
  };
  std::size_t units = 0;
  for (unsigned char c : text)
    if ((c & 0xC0U) != 0x80U) units += units_of(c);
  if (units <= kMaxAnnotationMessage) return text;
  // The marker is ASCII but for the ellipsis (one unit).
  const std::size_t keep = kMaxAnnotationMessage - (kMarker.size() - 2);
  std::size_t used = 0;
  std::size_t end = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if ((c & 0xC0U) == 0x80U) continue;
    if (used + units_of(c) > keep) break;
    used += units_of(c);
    end = i + 1;
    while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0U) == 0x80U) ++end;
  }
  return text.substr(0, end) + std::string(kMarker);
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
  return text + "::" + escape_data(cut_message(annotation.message));
}

namespace {

const char* level_name(AnnotationLevel level) {
  switch (level) {
    case AnnotationLevel::kWarning: return "warning";
    case AnnotationLevel::kNotice: return "notice";
    case AnnotationLevel::kError: break;
  }
  return "error";
}

// "bicep/main.bicep:12 Bicep BCP037": where, then what, on one short line.
std::string brief(const Annotation& a) {
  std::string where = a.file;
  if (!where.empty() && a.line && *a.line > 0) where += ":" + std::to_string(*a.line);
  std::string what = a.title;
  if (what.empty()) {
    auto lines = runner_lines(a.message);
    what = lines.empty() ? std::string{} : lines.front();
    if (what.size() > 80) what = util::valid_utf8(what.substr(0, 80)) + "…";
  }
  return where.empty() ? what : what.empty() ? where : where + " " + what;
}

constexpr std::array<AnnotationLevel, 3> kLevels = {
    AnnotationLevel::kError, AnnotationLevel::kWarning, AnnotationLevel::kNotice};

// The annotations of one level, the one that explains the failure first.
std::vector<const Annotation*> of_level(const std::vector<Annotation>& pending,
                                        AnnotationLevel level) {
  std::vector<const Annotation*> ordered;
  for (const auto& a : pending)
    if (a.level == level && a.explains_failure) ordered.push_back(&a);
  for (const auto& a : pending)
    if (a.level == level && !a.explains_failure) ordered.push_back(&a);
  return ordered;
}

}  // namespace

std::string format_terminal_annotation(const Annotation& annotation) {
  std::vector<std::string> parts;
  std::string where = annotation.file;
  if (!where.empty() && annotation.line && *annotation.line > 0) {
    where += ":" + std::to_string(*annotation.line);
    if (annotation.column && *annotation.column > 0)
      where += ":" + std::to_string(*annotation.column);
  }
  if (!where.empty()) parts.push_back(where);
  if (!annotation.title.empty()) parts.push_back(annotation.title);
  auto lines = runner_lines(util::valid_utf8(annotation.message));
  if (!lines.empty()) parts.push_back(lines.front());
  std::string text = std::string(level_name(annotation.level)) + ": " + util::join(parts, ": ");
  for (std::size_t i = 1; i < lines.size(); ++i) text += "\n  " + lines[i];
  return text;
}

Audience audience_from(const char* github_actions) {
  return github_actions != nullptr && std::string_view(github_actions) == "true"
             ? Audience::kRunner
             : Audience::kTerminal;
}

std::vector<Annotation> plan_annotations(const std::vector<Annotation>& pending) {
  std::vector<Annotation> planned;
  for (auto level : kLevels) {
    auto ordered = of_level(pending, level);
    if (ordered.size() <= kMaxAnnotationsPerLevel) {
      for (const auto* a : ordered) planned.push_back(*a);
      continue;
    }
    const std::size_t shown = kMaxAnnotationsPerLevel - 1;
    for (std::size_t i = 0; i < shown; ++i) planned.push_back(*ordered[i]);
    const std::size_t more = ordered.size() - shown;
    Annotation fold;
    fold.level = level;
    fold.title = "bicepgate: " + std::to_string(more) + " more " + level_name(level) + "s";
    fold.message = std::to_string(more) + " more " + level_name(level) +
                   "s than GitHub shows as annotations of one step (" +
                   std::to_string(kMaxAnnotationsPerLevel) +
                   " per type); the job summary lists them all:";
    for (std::size_t i = shown; i < ordered.size(); ++i) fold.message += "\n" + brief(*ordered[i]);
    planned.push_back(std::move(fold));
  }
  return planned;
}

WorkflowCommands::~WorkflowCommands() {
  flush_annotations();
}

void WorkflowCommands::annotate(const Annotation& annotation) {
  std::lock_guard<std::mutex> lock(mutex_);
  // The same note twice (a preview compiles the template the run compiled) would spend two of
  // the runner's 10 per level on one finding.
  auto same = [&](const Annotation& a) {
    return a.level == annotation.level && a.file == annotation.file && a.line == annotation.line &&
           a.column == annotation.column && a.title == annotation.title &&
           a.message == annotation.message;
  };
  if (std::any_of(pending_.begin(), pending_.end(), same)) return;
  pending_.push_back(annotation);
}

void WorkflowCommands::flush_annotations() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (pending_.empty()) return;
  if (audience_ == Audience::kTerminal) {
    // A terminal has no limit per level: every annotation, as a line for people.
    for (auto level : kLevels)
      for (const auto* a : of_level(pending_, level))
        write_log_locked(format_terminal_annotation(*a));
    pending_.clear();
    return;
  }
  // Redacted now, not when noted: a mask added since covers them too.
  for (auto safe : plan_annotations(pending_)) {
    safe.message = masks_.redact(safe.message);
    safe.title = masks_.redact(safe.title);
    safe.file = masks_.redact(safe.file);
    out_ << format_annotation(safe) << '\n';
  }
  pending_.clear();
  out_ << std::flush;
}

void WorkflowCommands::add_mask(const std::string& secret) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto forms = masks_.add(secret);
  if (audience_ == Audience::kTerminal) return;
  for (const auto& form : forms) out_ << "::add-mask::" << escape_data(form) << '\n';
  out_ << std::flush;
}

void WorkflowCommands::begin_group(const std::string& title) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (audience_ == Audience::kTerminal) {
    write_log_locked("==> " + title);
    return;
  }
  out_ << "::group::" << escape_data(masks_.redact(title)) << '\n' << std::flush;
}

void WorkflowCommands::end_group() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (audience_ == Audience::kTerminal) return;
  out_ << "::endgroup::\n" << std::flush;
}

void WorkflowCommands::debug(const std::string& message) {
  std::lock_guard<std::mutex> lock(mutex_);
  // Like ::debug:: without step debugging, hidden on a terminal (spdlog's debug level shows more).
  if (audience_ == Audience::kTerminal) return;
  out_ << "::debug::" << escape_data(masks_.redact(message)) << '\n' << std::flush;
}

void WorkflowCommands::write_log_locked(const std::string& text) {
  std::string safe;
  for (const auto& line : runner_lines(masks_.redact(text))) {
    safe += neutralise_line(line);
    safe += '\n';
  }
  if (safe.empty()) safe = "\n";
  log_ << safe << std::flush;
}

void WorkflowCommands::log(const std::string& text) {
  std::lock_guard<std::mutex> lock(mutex_);
  write_log_locked(text);
}

void WorkflowCommands::log_raw(const std::string& text) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::string masked = masks_.redact(text);
  if (&log_ != &out_ || audience_ == Audience::kTerminal) {
    log_ << masked << (masked.empty() || masked.back() != '\n' ? "\n" : "") << std::flush;
    return;
  }
  // The token is masked by the runner itself (ActionCommandManager, tokens over 6 characters)
  // and cannot occur in the text: 128 bits from the kernel.
  const auto token = stop_token();
  out_ << "::stop-commands::" << token << '\n';
  for (const auto& line : runner_lines(masked)) out_ << line << '\n';
  out_ << "::" << token << "::\n" << std::flush;
}

std::string WorkflowCommands::redact(const std::string& text) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return masks_.redact(text);
}

void WorkflowCommands::redact(nlohmann::json& doc) const {
  std::lock_guard<std::mutex> lock(mutex_);
  masks_.redact(doc);
}

std::string stop_token() {
  std::array<unsigned char, 16> bytes{};
  std::size_t filled = 0;
  while (filled < bytes.size()) {
    auto n = getrandom(bytes.data() + filled, bytes.size() - filled, 0);
    if (n <= 0) break;
    filled += static_cast<std::size_t>(n);
  }
  if (filled < bytes.size()) {
    std::random_device device("/dev/urandom");
    for (auto& b : bytes) b = static_cast<unsigned char>(device() & 0xFFU);
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string token;
  for (auto b : bytes) {
    token += kHex[b >> 4U];
    token += kHex[b & 0xFU];
  }
  return token;
}

WorkflowCommands& process_commands() {
  // Under Actions one stream, since the runner reads stdout and stderr on separate pipes and
  // loses their order; elsewhere stderr, where people read diagnostics.
  static WorkflowCommands channel =
      audience_from(std::getenv("GITHUB_ACTIONS")) == Audience::kRunner
          ? WorkflowCommands(std::cout)
          : WorkflowCommands(std::cerr, Audience::kTerminal);
  return channel;
}

}  // namespace bicepgate::github
