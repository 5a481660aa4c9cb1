#pragma once
// Resource states in one read: `az resource list` for the whole scope, however many resources
// the deployment produced.

#include <map>
#include <string>
#include <vector>

#include "azure/scope.hpp"
#include "util/result.hpp"

namespace bicepgate::azure {

// The resource group's resources at resourceGroup scope; the login's subscription's at any other.
std::vector<std::string> resource_list_args(const Place& place);

// Pure: lower-cased resource id -> provisioningState.
Result<std::map<std::string, std::string>> parse_resource_states(const std::string& text);

std::vector<std::string> group_list_args();
// "/subscriptions/…/resourceGroups/name" with nothing after it.
bool is_resource_group(const std::string& resource_id);

// Whether the id is under /subscriptions/ (any case): a management group's resources (policy
// definitions, role definitions at /providers/Microsoft.Management/managementGroups/…) and the
// tenant's (/providers/…) are not, and no `az resource list` shows them.
bool in_subscription(const std::string& resource_id);

// A child resource (sites/config, …) has more than one type segment; az resource list omits it.
bool is_child_resource(const std::string& resource_id);

// An extension resource (a role assignment, a lock, diagnostic settings…) lives on another
// resource: its id has a second /providers/ segment, and no resource list of ARM's holds it.
bool is_extension_resource(const std::string& resource_id);

}  // namespace bicepgate::azure
