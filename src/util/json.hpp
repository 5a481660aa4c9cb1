#pragma once
// Parsing JSON from a tool's output with an error that says whose output it was.

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "util/result.hpp"

namespace bicepgate::util {

// `what` names the text in the error: "az deployment list output".
Result<nlohmann::json> parse_json(std::string_view text, const std::string& what);

// A member of a JSON object from outside, as text: "" when `node` is not an object or the member
// is absent or not a string. (json::value throws on a member of another type.)
std::string text_member(const nlohmann::json& node, const char* key);

}  // namespace bicepgate::util
