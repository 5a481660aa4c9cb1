#include "azure/scope.hpp"

#include <algorithm>

namespace bicepgate::azure {

bool is_scope(std::string_view scope) {
  return std::find(kScopes.begin(), kScopes.end(), scope) != kScopes.end();
}

std::string scope_choices() {
  return "resourceGroup, subscription, managementGroup or tenant";
}

std::string scope_command(std::string_view scope) {
  if (scope == "subscription") return "sub";
  if (scope == "managementGroup") return "mg";
  if (scope == "tenant") return "tenant";
  return "group";
}

std::vector<std::string> place_args(const Place& place) {
  if (place.scope == "subscription" || place.scope == "tenant") return {};
  if (place.scope == "managementGroup") return {"--management-group-id", place.management_group};
  return {"--resource-group", place.resource_group};
}

bool needs_location(std::string_view scope) {
  return is_scope(scope) && scope != "resourceGroup";
}

bool has_mode(std::string_view scope) {
  return !needs_location(scope);
}

std::string describe(const Place& place) {
  if (place.scope == "subscription") return "the subscription";
  if (place.scope == "tenant") return "the tenant";
  if (place.scope == "managementGroup") return "management group '" + place.management_group + "'";
  return "resource group '" + place.resource_group + "'";
}

}  // namespace bicepgate::azure
