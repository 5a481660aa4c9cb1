#include "util/json.hpp"

namespace bicepgate::util {

Result<nlohmann::json> parse_json(std::string_view text, const std::string& what) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    return fail(what + " is not JSON: " + std::string(e.what()), "json.parse");
  }
}

std::string text_member(const nlohmann::json& node, const char* key) {
  if (!node.is_object()) return {};
  auto found = node.find(key);
  if (found == node.end() || !found->is_string()) return {};
  return found->get<std::string>();
}

}  // namespace bicepgate::util
