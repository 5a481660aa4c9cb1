// Fuzz target: the region reader, which walks a compiled ARM template (the repository's, after
// Bicep) for the capabilities it needs of its region, and reads `az provider show` answers.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "azure/regions.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto table = bicepgate::azure::RegionTable::load(BICEPGATE_DATA_DIR "/regions.yml");
  if (!table) return 0;
  std::string text(reinterpret_cast<const char*>(data), size);
  auto doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_discarded()) return 0;
  auto parameters =
      doc.is_object() && doc.contains("parameters") ? doc["parameters"] : nlohmann::json::object();
  auto needs = bicepgate::azure::needed_capabilities(doc, parameters, *table);
  (void)bicepgate::azure::choose_region(needs, *table);
  (void)bicepgate::azure::provider_locations(doc, "namespaces");
  return 0;
}
