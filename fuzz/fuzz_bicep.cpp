// Fuzz target: the Bicep diagnostics parser (compiler stderr) and the source locator that maps a
// resource type to its declaring line.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "bicep/diagnostics.hpp"
#include "bicep/source_locator.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto diagnostics = bicepgate::bicep::parse_diagnostics(text);
  for (const auto& d : diagnostics) (void)bicepgate::bicep::to_string(d.severity);
  (void)bicepgate::bicep::locate_resource(text, "Microsoft.Storage/storageAccounts");
  (void)bicepgate::bicep::locate_resource(text, "Microsoft.Web/sites/config");
  return 0;
}
