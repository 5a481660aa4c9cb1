#pragma once
// github/: what the runner reads from us. This file: workflow commands (`::error file=…::`,
// `::add-mask::`, groups) with the runner's escaping, and log lines no outside text can turn
// into a command. The rules follow actions/runner: src/Runner.Common/ActionCommand.cs (parsing),
// src/Runner.Worker/ActionCommandManager.cs (stop-commands, add-mask) and
// src/Runner.Worker/ExecutionContext.cs (annotation limits).

#include <cstddef>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "github/secret_masks.hpp"

namespace bicepgate::github {

// Data: % \r \n. Properties additionally : and , (ActionCommand._escapeDataMappings and
// _escapePropertyMappings, as @actions/core escapes them).
std::string escape_data(const std::string& text);
std::string escape_property(const std::string& text);

// Pure. Whether the runner could read this line as a command: after leading whitespace it
// starts with `::` (ActionCommand.TryParseV2), or it holds `##[` anywhere (the legacy
// ActionCommand.TryParse). The runner compares culture-sensitively, where control and
// zero-width characters are ignorable, so only printable ASCII is looked at.
bool could_be_command(std::string_view line);
// Pure. The line changed just enough that could_be_command is false: a leading `> ` before a
// `::` and a space inside every `##[`.
std::string neutralise_line(std::string_view line);
// Pure. Lines as the runner splits a stream (StreamReader.ReadLine: \n, \r\n and a lone \r).
std::vector<std::string> runner_lines(std::string_view text);

// ExecutionContext._maxCountPerIssueType and _maxIssueMessageLength (UTF-16 code units).
inline constexpr std::size_t kMaxAnnotationsPerLevel = 10;
inline constexpr std::size_t kMaxAnnotationMessage = 4096;

enum class AnnotationLevel { kError, kWarning, kNotice };

struct Annotation {
  AnnotationLevel level = AnnotationLevel::kError;
  std::string message;
  std::string title;
  std::string file;  // relative to the workspace
  std::optional<int> line;
  std::optional<int> end_line;
  std::optional<int> column;
  std::optional<int> end_column;
  // The annotation that says why the run stopped: shown before any other of its level.
  bool explains_failure = false;
};

// Pure. The message within kMaxAnnotationMessage UTF-16 code units, cut at a character
// boundary with a visible marker, so the runner never cuts it silently.
std::string cut_message(const std::string& message);
std::string format_annotation(const Annotation& annotation);
// Pure. What to emit for a step's annotations: per level the failure first, then the others in
// order; past the runner's 10 per level, the 10th folds the rest into one that counts and
// lists them (file:line title).
std::vector<Annotation> plan_annotations(const std::vector<Annotation>& pending);
// Pure. An annotation for a terminal: `error: file:line:col: title: message`, the message's
// further lines indented under it.
std::string format_terminal_annotation(const Annotation& annotation);

// Who reads the channel. Only the Actions runner reads workflow commands; anywhere else
// (a laptop, another CI) `::add-mask::<secret>` would print the secret it means to hide.
enum class Audience { kRunner, kTerminal };
// Pure. The runner sets GITHUB_ACTIONS=true for every step (docs.github.com, "Store information
// in variables", default environment variables); nothing else counts.
Audience audience_from(const char* github_actions);

// The one channel to the runner: commands to `commands`, log lines for people to `log`.
// Under Actions both are stdout, since the runner reads stdout and stderr on separate pipes
// and loses their order (ProcessInvoker); a laptop keeps log lines on stderr.
// Annotations are held until flush_annotations() (or destruction), so the failure comes first.
// For a terminal no command is written at all: masks still redact everything printed, a group
// is a heading line, an annotation a readable `error: file:line: message` line, all on `out`.
class WorkflowCommands {
 public:
  explicit WorkflowCommands(std::ostream& out, Audience audience = Audience::kRunner)
      : out_(out), log_(out), audience_(audience) {}
  WorkflowCommands(std::ostream& commands, std::ostream& log) : out_(commands), log_(log) {}
  WorkflowCommands(const WorkflowCommands&) = delete;
  WorkflowCommands& operator=(const WorkflowCommands&) = delete;
  ~WorkflowCommands();

  void annotate(const Annotation& annotation);
  void flush_annotations();
  // One ::add-mask:: per line and per encoded form the runner also masks, before returning.
  void add_mask(const std::string& secret);
  void begin_group(const std::string& title);
  void end_group();
  void debug(const std::string& message);
  // Plain text for people: masked values replaced by ***, every line neutralised.
  void log(const std::string& text);
  // Text that must be shown exactly (az output): masked, and on the command stream wrapped in
  // ::stop-commands::<random token> … ::<token>:: so none of it is read as a command.
  void log_raw(const std::string& text);
  std::string redact(const std::string& text) const;
  void redact(nlohmann::json& doc) const;
  Audience audience() const { return audience_; }

 private:
  void write_log_locked(const std::string& text);

  std::ostream& out_;
  std::ostream& log_;
  Audience audience_ = Audience::kRunner;
  mutable std::mutex mutex_;
  SecretMasks masks_;
  std::vector<Annotation> pending_;
};

// Pure of I/O but the kernel's CSPRNG: 32 hex characters for ::stop-commands::.
std::string stop_token();

// The process's channel: under Actions commands and log lines on stdout; elsewhere a terminal
// channel on stderr that writes no command.
WorkflowCommands& process_commands();

}  // namespace bicepgate::github
