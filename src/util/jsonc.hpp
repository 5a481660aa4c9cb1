#pragma once
// JSON with the leniency az gives a parameters file (`--parameters @file.json`): a UTF-8 byte
// order mark, // and /* */ comments, control characters inside strings, and trailing commas
// where az's fallback takes them. Pure: text in, JSON or an error with line and column out.

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "util/result.hpp"

namespace bicepgate::util {

// Pure. Plain JSON text with the same values as `text` read as az reads a parameters file.
// Errors (code "json.invalid") carry line and column (1-based, columns in characters) in
// `line`/`column` and say what was expected; they never quote the text, which may hold secrets.
Result<std::string> jsonc_to_json(std::string_view text);

// Pure. `text` read as az reads a parameters file, parsed. `name` (a path) starts the message:
// "bicep/main.parameters.json:3:14: expected ',' or '}'"; the error's file/line/column are set.
Result<nlohmann::json> parse_jsonc(std::string_view text, const std::string& name);

}  // namespace bicepgate::util
