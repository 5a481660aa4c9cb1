#include "bicep/source_locator.hpp"

#include <algorithm>

#include "util/strings.hpp"

namespace bicepgate::bicep {

std::optional<SourceLine> locate_resource(std::string_view source,
                                          const std::string& resource_type) {
  if (resource_type.empty()) return std::nullopt;
  const std::string wanted = util::to_lower(resource_type) + "@";
  auto lines = util::split_lines(source);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    auto trimmed = util::trim(lines[i]);
    if (!util::starts_with(trimmed, "resource ")) continue;
    auto quote = lines[i].find('\'');
    if (quote == std::string::npos) continue;
    if (util::to_lower(lines[i].substr(quote + 1, wanted.size())) == wanted) {
      return SourceLine{static_cast<int>(i + 1), static_cast<int>(lines[i].find("resource ") + 1)};
    }
  }
  // A child type may be declared inside its parent; point at the parent then.
  auto slash = resource_type.rfind('/');
  if (slash != std::string::npos &&
      std::count(resource_type.begin(), resource_type.end(), '/') > 1) {
    return locate_resource(source, resource_type.substr(0, slash));
  }
  return std::nullopt;
}

}  // namespace bicepgate::bicep
