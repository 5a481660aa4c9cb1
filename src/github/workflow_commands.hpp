#pragma once
// Workflow commands (`::error file=…::message`, `::add-mask::`, groups) with the runner's
// escaping, so no data we print can start a command of its own.

#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace bicepgate::github {

// Data: % \r \n. Properties additionally : and ,.
std::string escape_data(const std::string& text);
std::string escape_property(const std::string& text);

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
};

std::string format_annotation(const Annotation& annotation);

// Writes commands to one stream (stdout in a run) and remembers masked values, so text we
// print ourselves is redacted too, not only what the runner sees.
class WorkflowCommands {
 public:
  explicit WorkflowCommands(std::ostream& out) : out_(out) {}

  void annotate(const Annotation& annotation);
  void add_mask(const std::string& secret);
  void begin_group(const std::string& title);
  void end_group();
  void debug(const std::string& message);
  // Plain log text for people, with every masked value replaced by ***.
  void log(const std::string& text);
  std::string redact(std::string text) const;

 private:
  std::ostream& out_;
  std::vector<std::string> masks_;
};

}  // namespace bicepgate::github
