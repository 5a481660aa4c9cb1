#pragma once
// classify/: what went wrong, from the text az or bicep printed. error_tree.* finds every error
// in any of the shapes the CLI's generations print; rules.* and classifier.* judge them.

#include <string>
#include <string_view>
#include <vector>

#include "classify/log_prefixes.hpp"

namespace bicepgate::classify {

// kHttpStatus, kAzClass and kIdiom name rule kinds only: the last resorts when no code decides.
enum class ErrorKind { kAzure, kBicep, kText, kHttpStatus, kAzClass, kIdiom };

struct ErrorNode {
  std::string code;
  std::string message;
  std::string target;  // resource id or name, when the error names one
  ErrorKind kind = ErrorKind::kAzure;
  int depth = 0;  // nesting: 0 is the outermost error; inner details are deeper
  // Bicep diagnostics only.
  std::string file;
  int line = 0;
  int column = 0;
  std::string severity;
  std::vector<std::string> wrapped_by;  // the codes around this one, outermost first
};

// Pure. Every error found, outermost first, duplicates removed. Never throws; text without
// any recognisable error gives an empty list.
std::vector<ErrorNode> extract_errors(std::string_view output);

}  // namespace bicepgate::classify
