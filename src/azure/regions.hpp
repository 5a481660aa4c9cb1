#pragma once
// Regional validation: which capabilities a template needs of its region (Azure ML, Functions
// Premium, Service Bus Premium…), checked against data/regions.yml before what-if, refined by
// `az provider show` when a region looks short, and --auto-region's choice of a better region.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "util/result.hpp"

namespace bicepgate::azure {

struct Capability {
  std::string name;
  std::string description;
  std::string resource_type;
  std::vector<std::string> sku;  // globs on sku.name or sku.tier; empty: any
  std::string if_missing;
  std::vector<std::string> regions;
};

struct RegionTable {
  std::vector<std::string> tier1;
  std::vector<Capability> capabilities;

  // Unknown keys, missing fields and empty lists are errors with file and line.
  static Result<RegionTable> parse(const std::string& text, const std::string& source);
  static Result<RegionTable> load(const std::string& path);
  bool offers(const std::string& region, const Capability& capability) const;
};

// "East US 2" and "eastus2" are the same region.
std::string normalize_region(const std::string& name);

// One resource that needs a capability of the region it lands in.
struct Need {
  const Capability* capability = nullptr;
  std::string resource;  // type/name as written, for people
  std::string location;  // resolved location; empty: the deployment's own location
};

// Pure. Walks the compiled ARM template (resources as array or symbolic-name object, nested
// Microsoft.Resources/deployments included), resolving literal values and
// [parameters('x')] from `parameters` (name → value) and the template's defaults. A resource
// whose condition resolves to false needs nothing.
std::vector<Need> needed_capabilities(const nlohmann::json& arm_template,
                                      const nlohmann::json& parameters, const RegionTable& table);

// Pure. The first tier-1 region that offers every need, if any.
std::optional<std::string> choose_region(const std::vector<Need>& needs, const RegionTable& table);

// Pure. From `az provider show --namespace NS -o json`: the normalized locations of one resource
// type ("workspaces"), or nullopt when the answer does not list it.
std::optional<std::vector<std::string>> provider_locations(const nlohmann::json& provider,
                                                           const std::string& resource_type);

}  // namespace bicepgate::azure
