#pragma once
// Where in the Bicep source a resource is declared, so a runtime error that only names a
// resource still points at a line.

#include <optional>
#include <string>
#include <string_view>

namespace bicepgate::bicep {

struct SourceLine {
  int line = 0;
  int column = 0;
};

// Pure. The `resource sym 'Type@version'` declaration of `resource_type` (case-insensitive;
// for a child type "A/b/c" also its parent's "A/b" declaration with a nested child), or nullopt.
std::optional<SourceLine> locate_resource(std::string_view source,
                                          const std::string& resource_type);

}  // namespace bicepgate::bicep
