#pragma once
// The what-if result as `az deployment … what-if --no-pretty-print --output json` prints it.

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "util/result.hpp"

namespace bicepgate::azure {

// One property-level difference; nested deltas are flattened to dotted paths ("a.b[0].c").
struct PropertyChange {
  std::string path;
  std::string change_type;  // Create, Delete, Modify, Array, NoEffect
  nlohmann::json before;
  nlohmann::json after;
};

struct WhatIfChange {
  std::string resource_id;
  std::string change_type;  // Create, Delete, Modify, Deploy, NoChange, Ignore, Unsupported
  std::string resource_type;
  std::string resource_name;
  std::vector<PropertyChange> delta;
  std::vector<std::string> filtered;  // delta paths the noise filter removed
  std::string unsupported_reason;

  std::vector<std::string> changed_properties() const;
};

struct WhatIfResult {
  std::string status;
  std::vector<WhatIfChange> changes;
  std::map<std::string, int> counts;  // change type -> number of resources
  bool has_changes() const;           // anything but NoChange / Ignore
  void recount();
};

// Pure: the JSON text in, the changes out.
Result<WhatIfResult> parse_what_if(const std::string& text);

// "Microsoft.Web/sites/config" and "site/web" from an ARM resource id.
std::pair<std::string, std::string> type_and_name_of(const std::string& resource_id);

}  // namespace bicepgate::azure
