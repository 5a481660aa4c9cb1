#include "azure/resources.hpp"

#include <nlohmann/json.hpp>

#include "azure/what_if.hpp"
#include "util/json.hpp"
#include "util/strings.hpp"

namespace bicepgate::azure {

std::vector<std::string> resource_list_args(const Place& place) {
  std::vector<std::string> args = {"resource", "list"};
  if (place.scope == "resourceGroup")
    args.insert(args.end(), {"--resource-group", place.resource_group});
  args.insert(args.end(), {"--output", "json", "--only-show-errors"});
  return args;
}

Result<std::map<std::string, std::string>> parse_resource_states(const std::string& text) {
  auto parsed = util::parse_json(text, "az resource list output");
  if (!parsed) return fail(parsed.error());
  const auto& doc = *parsed;
  if (!doc.is_array())
    return fail("az printed a resource list that is not a JSON array", "az.output");
  std::map<std::string, std::string> states;
  for (const auto& item : doc) {
    if (!item.is_object() || !item.contains("id") || !item["id"].is_string()) continue;
    std::string state;
    if (item.contains("provisioningState") && item["provisioningState"].is_string()) {
      state = item["provisioningState"].get<std::string>();
    } else if (item.contains("properties") && item["properties"].is_object()) {
      state = util::text_member(item["properties"], "provisioningState");
    }
    states[util::to_lower(item["id"].get<std::string>())] = state;
  }
  return states;
}

bool in_subscription(const std::string& resource_id) {
  return util::starts_with(util::to_lower(resource_id), "/subscriptions/");
}

std::vector<std::string> group_list_args() {
  return {"group", "list", "--output", "json", "--only-show-errors"};
}

bool is_resource_group(const std::string& resource_id) {
  auto parts = util::split(resource_id, '/');
  return parts.size() == 5 && parts[0].empty() && util::to_lower(parts[1]) == "subscriptions" &&
         util::to_lower(parts[3]) == "resourcegroups" && !parts[4].empty();
}

bool is_child_resource(const std::string& resource_id) {
  auto [type, name] = type_and_name_of(resource_id);
  return std::count(type.begin(), type.end(), '/') > 1;
}

bool is_extension_resource(const std::string& resource_id) {
  const auto lower = util::to_lower(resource_id);
  const auto first = lower.find("/providers/");
  return first != std::string::npos && lower.find("/providers/", first + 1) != std::string::npos;
}

}  // namespace bicepgate::azure
