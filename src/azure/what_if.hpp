#pragma once
// The what-if result as `az deployment … what-if --no-pretty-print --output json` prints it.

#include <map>
#include <string>
#include <vector>

#include "util/result.hpp"

namespace bicepgate::azure {

struct WhatIfChange {
  std::string resource_id;
  std::string change_type;  // Create, Delete, Modify, Deploy, NoChange, Ignore, Unsupported
  std::string resource_type;
  std::string resource_name;
  std::vector<std::string> changed_properties;  // delta paths
};

struct WhatIfResult {
  std::string status;
  std::vector<WhatIfChange> changes;
  std::map<std::string, int> counts;  // change type -> number of resources
  bool has_changes() const;           // anything but NoChange / Ignore
};

// Pure: the JSON text in, the changes out.
Result<WhatIfResult> parse_what_if(const std::string& text);

// "Microsoft.Web/sites/config" and "site/web" from an ARM resource id.
std::pair<std::string, std::string> type_and_name_of(const std::string& resource_id);

}  // namespace bicepgate::azure
