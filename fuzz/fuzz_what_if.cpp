// Fuzz target: the what-if parser (and the streamed counter and reader, which must agree with it)
// (az deployment … what-if --no-pretty-print -o json), the noise filter and the Markdown table
// built from it.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>

#include "azure/what_if.hpp"
#include "azure/what_if_counts.hpp"
#include "azure/what_if_noise.hpp"
#include "azure/what_if_stream.hpp"
#include "report/what_if_table.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto parsed = bicepgate::azure::parse_what_if(text);
  // The streamed counter (whatif --summarize) must agree with the parser, errors included.
  std::istringstream in(text);
  auto streamed = bicepgate::azure::count_what_if_changes(in);
  if (static_cast<bool>(streamed) != static_cast<bool>(parsed)) std::abort();
  if (parsed && *streamed != parsed->counts) std::abort();
  if (!parsed && streamed.error().code != parsed.error().code) std::abort();
  // So must the streamed reader, whose skimmed bodies (util/json_skim) must refuse exactly what
  // nlohmann refuses, with its message.
  auto read = bicepgate::azure::read_what_if(std::string_view(text));
  if (static_cast<bool>(read) != static_cast<bool>(parsed)) std::abort();
  if (!parsed && read.error().message != parsed.error().message) std::abort();
  if (parsed && (read->changes.size() != parsed->changes.size() || read->counts != parsed->counts))
    std::abort();
  if (!parsed) return 0;
  static const auto noise = bicepgate::azure::parse_noise_rules(
      "* properties.provisioningState\nMicrosoft.Web/* properties.siteConfig.*\n", "fuzz");
  if (noise) bicepgate::azure::apply_noise_filter(*parsed, *noise);
  (void)bicepgate::report::render_what_if(*parsed, 3);
  (void)parsed->has_changes();
  return 0;
}
