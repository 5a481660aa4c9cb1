// Fuzz target: the error parser (every shape of az/ARM/Bicep error text) and the classifier
// with the shipped rules.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "classify/classifier.hpp"
#include "classify/error_tree.hpp"

namespace {

const bicepgate::classify::RuleTable& rules() {
  static const auto table =
      bicepgate::classify::RuleTable::load(std::string(BICEPGATE_DATA_DIR) + "/error-rules.yml");
  if (!table) __builtin_trap();
  return *table;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)bicepgate::classify::strip_log_prefixes(text);
  auto errors = bicepgate::classify::extract_errors(text);
  auto verdict = bicepgate::classify::classify(text, rules());
  (void)bicepgate::classify::to_json(verdict).dump();
  (void)errors;
  return 0;
}
