#include "classify/log_prefixes.hpp"

#include "util/regex.hpp"
#include "util/strings.hpp"

namespace bicepgate::classify {
namespace {

// GitHub masks a secret equal to "{" as "***" (the log of https://github.com/Azure/azure-cli/
// issues/19846 shows it): where "***" opens a JSON object, put the brace back. A masked value
// stays masked ("***" between quotes).
std::string unmask_braces(std::string line) {
  for (auto at = line.find("***"); at != std::string::npos; at = line.find("***", at + 1)) {
    char before = at == 0 ? ' ' : line[at - 1];
    char after = at + 3 < line.size() ? line[at + 3] : ' ';
    bool opens = after == '\\' || (after == '"' && before != '"' && before != '\'');
    // One '{' by count and char: GCC 12 at -O2 reports a false -Wrestrict overlap for the
    // same replace with a "{" literal (GCC bug 105329).
    if (opens) line.replace(at, 3, 1, '{');
  }
  return line;
}

// One line without what shells, pipelines and people put before it.
std::string clean_line(std::string line) {
  // ANSI colours, with or without the escape byte a paste loses (az leaves "[0m" behind:
  // https://github.com/Azure/azure-cli/issues/9903).
  static const util::Regex kAnsi("\x1b\\[[0-9;?]*[A-Za-z]|\\[(?:[0-9]{1,3};)*[0-9]{1,3}m");
  // Runner timestamps, Azure DevOps' "##[error]", Terraform's box, PowerShell 7's "     | "
  // error view (https://github.com/microsoft/healthkit-on-fhir/issues/15), Markdown quotes.
  static const util::Regex kTimestamp(R"(^\d{4}-\d\d-\d\dT[\d:.]+Z\s?)");
  static const util::Regex kBox(R"(^(?:\s*\d*\s*\|(?=\s)|│|>(?=\s|$))\s?)");
  // A PowerShell cmdlet's name and its clock: "New-AzResourceGroupDeployment: 5:16:30 PM - ",
  // "New-AzureRMRoleAssignment : " (https://github.com/MicrosoftDocs/azure-docs/issues/24423,
  // https://github.com/Azure/azure-powershell/issues/598).
  static const util::Regex kCmdlet(R"(^[A-Z][a-z]+-[A-Z][A-Za-z]+ ?: )");
  static const util::Regex kClock(R"(^\d{1,2}:\d\d:\d\d ?(?:AM|PM)? - )");
  line = kAnsi.erase(line);
  line = kTimestamp.erase(line);
  for (const char* prefix : {"##[error]", "##[warning]"}) {
    if (util::starts_with(line, prefix)) line = line.substr(std::string_view(prefix).size());
  }
  line = kBox.erase(line, /*every=*/false);
  line = kCmdlet.erase(line);
  line = kClock.erase(line);
  return unmask_braces(std::move(line));
}

}  // namespace

std::string strip_log_prefixes(std::string_view output) {
  std::string out;
  for (auto line : util::split_lines(output)) {
    out += clean_line(std::move(line));
    out += '\n';
  }
  return out;
}

}  // namespace bicepgate::classify
