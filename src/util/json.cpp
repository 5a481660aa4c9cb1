#include "util/json.hpp"

namespace bicepgate::util {

Result<nlohmann::json> parse_json(std::string_view text, const std::string& what) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    return fail(what + " is not JSON: " + std::string(e.what()), "json.parse");
  }
}

}  // namespace bicepgate::util
