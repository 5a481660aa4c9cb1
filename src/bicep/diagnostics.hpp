#pragma once
// bicep/: the Bicep compiler seen from outside: its diagnostics, and the compile step that
// runs it once per run.

#include <string>
#include <string_view>
#include <vector>

namespace bicepgate::bicep {

enum class Severity { kError, kWarning, kInfo };
std::string to_string(Severity severity);

struct Diagnostic {
  std::string file;  // as printed: absolute, relative, Windows or POSIX
  int line = 0;
  int column = 0;
  Severity severity = Severity::kError;
  std::string code;     // BCP037, no-unused-params, "Bicep Linter Configuration"
  std::string message;  // continuation lines joined with '\n'
  std::string link;     // the [https://aka.ms/…] documentation link, if printed
};

// Pure. Finds every `path(line,col) : Severity CODE: message` in compiler output, whatever
// log prefixes (timestamps, tool names, "stderr: ") precede it; lines that follow a
// diagnostic and are not diagnostics themselves continue its message.
std::vector<Diagnostic> parse_diagnostics(std::string_view output);

}  // namespace bicepgate::bicep
