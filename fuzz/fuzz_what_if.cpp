// Fuzz target: the what-if parser (az deployment … what-if --no-pretty-print -o json), the noise
// filter and the Markdown table built from it.
#include <cstddef>
#include <cstdint>
#include <string>

#include "azure/what_if.hpp"
#include "azure/what_if_noise.hpp"
#include "report/what_if_table.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto parsed = bicepgate::azure::parse_what_if(text);
  if (!parsed) return 0;
  static const auto noise = bicepgate::azure::parse_noise_rules(
      "* properties.provisioningState\nMicrosoft.Web/* properties.siteConfig.*\n", "fuzz");
  if (noise) bicepgate::azure::apply_noise_filter(*parsed, *noise);
  (void)bicepgate::report::render_what_if(*parsed, 3);
  (void)parsed->has_changes();
  return 0;
}
