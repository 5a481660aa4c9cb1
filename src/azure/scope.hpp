#pragma once
// Where a deployment goes: ARM's four deployment scopes, and how az names each of them in
// `az deployment group|sub|mg|tenant …` and `az deployment operation group|sub|mg|tenant …`
// (azure-cli src/azure-cli/azure/cli/command_modules/resource/commands.py, the command groups
// deployment group, deployment sub, deployment mg and deployment tenant).

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace bicepgate::azure {

// The scopes as Bicep's `targetScope` and bicepgate's config spell them.
inline constexpr std::array<std::string_view, 4> kScopes = {"resourceGroup", "subscription",
                                                            "managementGroup", "tenant"};
// Pure. Whether `scope` is one of kScopes, spelled as there.
bool is_scope(std::string_view scope);
// "resourceGroup, subscription, managementGroup or tenant", for errors.
std::string scope_choices();

// A deployment's place: the scope, and the resource group or management group it names.
struct Place {
  std::string scope = "resourceGroup";
  std::string resource_group;    // resourceGroup scope
  std::string management_group;  // managementGroup scope: the group's id (its name), not a path
};

// Pure. az's word for the scope: group, sub, mg or tenant.
std::string scope_command(std::string_view scope);
// Pure. The arguments that name the place after the verb: `--resource-group RG`,
// `--management-group-id MG`, or none (subscription: the login's; tenant: the login's).
std::vector<std::string> place_args(const Place& place);
// Pure. Every scope but resourceGroup stores the deployment's metadata in a region and needs
// `--location` (az deployment sub|mg|tenant create: "--location -l [Required]").
bool needs_location(std::string_view scope);
// Pure. Complete mode exists at resource-group scope only: `az deployment sub|mg|tenant create`
// have no --mode (ARM: "the deployment mode … Complete is only supported for resource group
// deployments").
bool has_mode(std::string_view scope);
// Pure. "resource group 'rg'", "the subscription", "management group 'mg'", "the tenant".
std::string describe(const Place& place);

}  // namespace bicepgate::azure
