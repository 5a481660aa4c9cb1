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
  // Changes a setting hid from what people read (input what-if-exclude-change-types), by change
  // type: neither in `changes` nor in `counts`. Empty in the plan the gate reads.
  std::map<std::string, int> hidden;
  bool has_changes() const;  // anything but NoChange / Ignore
  void recount();
};

// The change types of a what-if, as ARM's ChangeType enum names them (azure-mgmt-resource
// models, _resource_management_client_enums.py: Create, Delete, Ignore, Deploy, NoChange,
// Modify, Unsupported), which `az deployment group what-if --exclude-change-types` takes.
const std::vector<std::string>& change_types();
// Pure. The change type spelled as ARM spells it, matched without case (az matches
// --exclude-change-types so); empty when it is none of them.
std::string canonical_change_type(const std::string& value);

// Pure. The plan as people are shown it: `what_if` less the changes whose type is one of
// `types` (spelled as change_types() spells them), those taken out of `counts` too and counted
// in `hidden`. az's own --exclude-change-types drops them the same way, after ARM answered
// (azure-cli resource/custom.py, _what_if_deploy_arm_template_core), which is why the gate
// never asks az for it: a hidden Delete is still a delete.
WhatIfResult without_change_types(const WhatIfResult& what_if,
                                  const std::vector<std::string>& types);

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
