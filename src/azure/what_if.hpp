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
  // The few values of the resource's whole body (before/after) the blast radius reads, by
  // dotted path (kWatchedBodyPaths); the rest of the body is not kept.
  std::map<std::string, nlohmann::json> before_facts;
  std::map<std::string, nlohmann::json> after_facts;

  std::vector<std::string> changed_properties() const;
};

struct WhatIfResult {
  std::string status;
  std::vector<WhatIfChange> changes;
  std::map<std::string, int> counts;  // change type -> number of resources
  bool has_changes() const;           // anything but NoChange / Ignore
  void recount();
};

// Paths in a resource body whose whole value is kept as a fact: what says a change widens
// network access, grants a role or changes a SKU or region (report/blast_radius reads them).
inline constexpr const char* kWatchedBodyPaths[] = {
    "location",
    "sku",
    "properties.publicNetworkAccess",
    "properties.networkAcls.defaultAction",
    "properties.allowBlobPublicAccess",
    "properties.securityRules",
    "properties.access",
    "properties.direction",
    "properties.sourceAddressPrefix",
    "properties.sourceAddressPrefixes",
    "properties.startIpAddress",
    "properties.endIpAddress",
    "properties.roleDefinitionId",
    "properties.principalId",
};

// Pure: the JSON text in, the changes out. Builds the whole document: the reference that
// read_what_if (azure/what_if_stream) must agree with.
Result<WhatIfResult> parse_what_if(const std::string& text);

// Pure: a change's "delta" list flattened to one PropertyChange per leaf.
std::vector<PropertyChange> flatten_delta(const nlohmann::json& delta);

// Facts are read only for what is created, changed or redeployed: the others' are dropped, so
// a plan of many unchanged resources keeps none (both parsers call this once a change is read).
void drop_unread_facts(WhatIfChange& change);

// Pure: the watched values of one resource body.
std::map<std::string, nlohmann::json> body_facts(const nlohmann::json& body);

// "Microsoft.Web/sites/config" and "site/web" from an ARM resource id.
std::pair<std::string, std::string> type_and_name_of(const std::string& resource_id);

}  // namespace bicepgate::azure
