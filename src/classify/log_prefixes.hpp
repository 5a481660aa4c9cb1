#pragma once
// What shells, pipelines, SDKs and people put around an error before bicepgate reads it: runner
// timestamps, "##[error]", PowerShell's cmdlet and clock prefixes and error view, Markdown
// quotes, ANSI colours, and braces GitHub masked as "***".

#include <string>
#include <string_view>

namespace bicepgate::classify {

// Pure. The text line by line without those prefixes (every line ends in "\n").
std::string strip_log_prefixes(std::string_view output);

}  // namespace bicepgate::classify
