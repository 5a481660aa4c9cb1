#include "azure/regions.hpp"

#include <fnmatch.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <regex>

#include "util/json.hpp"
#include "util/strings.hpp"
#include "util/yaml.hpp"

namespace bicepgate::azure {
namespace {

using nlohmann::json;

bool glob_match(const std::string& pattern, const std::string& text) {
  return ::fnmatch(pattern.c_str(), text.c_str(), FNM_CASEFOLD) == 0;
}

// The value of an ARM expression we can know without Azure: a literal, or [parameters('x')].
json resolve(const json& value, const json& parameters) {
  if (!value.is_string()) return value;
  const auto& text = value.get_ref<const std::string&>();
  if (text.size() < 2 || text.front() != '[' || text.back() != ']') return value;
  if (text.rfind("[[", 0) == 0) return text.substr(1);  // escaped literal
  static const std::regex kParameter(R"(^\[\s*parameters\(\s*'([^']+)'\s*\)\s*\]$)");
  std::smatch m;
  if (std::regex_match(text, m, kParameter)) {
    auto found = parameters.find(m[1].str());
    if (found != parameters.end()) return *found;
  }
  return nullptr;  // unknown until Azure evaluates it
}

// Parameter values in a template's scope: its defaults (when literal), then the values given.
json scope_parameters(const json& arm_template, const json& given) {
  json values = json::object();
  if (arm_template.contains("parameters") && arm_template["parameters"].is_object()) {
    for (const auto& [name, spec] : arm_template["parameters"].items()) {
      if (spec.is_object() && spec.contains("defaultValue")) {
        auto value = resolve(spec["defaultValue"], json::object());
        if (!value.is_null()) values[name] = value;
      }
    }
  }
  if (given.is_object()) {
    for (const auto& [name, value] : given.items()) values[name] = value;
  }
  return values;
}

void walk(const json& arm_template, const json& given, const RegionTable& table,
          std::vector<Need>& needs, int depth) {
  if (depth > 8 || !arm_template.is_object() || !arm_template.contains("resources")) return;
  const json parameters = scope_parameters(arm_template, given);
  std::vector<const json*> resources;
  const auto& listed = arm_template["resources"];
  if (listed.is_array() || listed.is_object()) {
    for (const auto& r : listed) resources.push_back(&r);
  }
  for (const json* r : resources) {
    if (!r->is_object()) continue;
    if (r->contains("condition")) {
      auto condition = resolve((*r)["condition"], parameters);
      if (condition.is_boolean() && !condition.get<bool>()) continue;
    }
    // A compiled template is input like any other: a type that is not a string, or properties
    // that are not an object, describe no capability we could check.
    const std::string type = util::text_member(*r, "type");
    if (util::to_lower(type) == "microsoft.resources/deployments" && r->contains("properties")) {
      const auto& props = (*r)["properties"];
      if (!props.is_object() || !props.contains("template")) continue;
      json inner = json::object();
      if (props.contains("parameters") && props["parameters"].is_object()) {
        for (const auto& [name, spec] : props["parameters"].items()) {
          if (!spec.is_object() || !spec.contains("value")) continue;
          auto value = resolve(spec["value"], parameters);
          if (!value.is_null()) inner[name] = value;
        }
      }
      walk(props["template"], inner, table, needs, depth + 1);
      continue;
    }
    std::vector<std::string> skus;
    if (r->contains("sku") && (*r)["sku"].is_object()) {
      for (const char* key : {"name", "tier"}) {
        if (!(*r)["sku"].contains(key)) continue;
        auto value = resolve((*r)["sku"][key], parameters);
        if (value.is_string()) skus.push_back(value.get<std::string>());
      }
    }
    std::string location;
    if (r->contains("location")) {
      auto value = resolve((*r)["location"], parameters);
      if (value.is_string()) location = normalize_region(value.get<std::string>());
    }
    auto name = resolve(r->value("name", json("")), parameters);
    for (const auto& capability : table.capabilities) {
      if (util::to_lower(capability.resource_type) != util::to_lower(type)) continue;
      bool sku_matches = capability.sku.empty();
      for (const auto& pattern : capability.sku) {
        for (const auto& sku : skus) sku_matches = sku_matches || glob_match(pattern, sku);
      }
      if (!sku_matches) continue;
      needs.push_back(
          {&capability,
           type + " " + (name.is_string() ? name.get<std::string>() : "(computed name)"),
           location == "global" ? std::string() : location});
    }
  }
}

}  // namespace

std::string normalize_region(const std::string& name) {
  std::string out;
  for (char c : name) {
    if (c != ' ' && c != '-' && c != '_')
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

const std::vector<std::string> kTopKeys = {"tier1", "capabilities"};
const std::vector<std::string> kCapabilityKeys = {"name", "description", "resource-type",
                                                  "sku",  "if-missing",  "regions"};

static Result<Capability> parse_capability(const util::YamlReader& r, const YAML::Node& node) {
  if (auto ok = r.expect(node, YAML::NodeType::Map, "each capability"); !ok)
    return fail(ok.error());
  if (auto ok = r.check_keys(node, kCapabilityKeys, "a capability"); !ok) return fail(ok.error());
  Capability capability;
  for (auto [key, into] :
       {std::pair{"name", &capability.name}, std::pair{"description", &capability.description},
        std::pair{"resource-type", &capability.resource_type},
        std::pair{"if-missing", &capability.if_missing}}) {
    auto value = r.required(node, key, "a capability");
    if (!value) return fail(value.error());
    auto text = r.scalar(*value, std::string("'") + key + "'");
    if (!text) return fail(text.error());
    if (text->empty()) return r.error_at(*value, std::string("'") + key + "' must not be empty");
    *into = *text;
  }
  if (node["sku"]) {
    auto sku = r.non_empty_list(node["sku"], "sku of " + capability.name);
    if (!sku) return fail(sku.error());
    capability.sku = *sku;
  }
  auto listed = r.required(node, "regions", "capability " + capability.name);
  if (!listed) return fail(listed.error());
  auto regions = r.non_empty_list(*listed, "regions of " + capability.name);
  if (!regions) return fail(regions.error());
  for (auto& region : *regions) capability.regions.push_back(normalize_region(region));
  return capability;
}

static Result<RegionTable> parse_checked(const util::YamlReader& r, const std::string& text) {
  auto root = r.document(text, YAML::NodeType::Map, "a map with tier1 and capabilities");
  if (!root) return fail(root.error());
  if (auto ok = r.check_keys(*root, kTopKeys, "the top level"); !ok) return fail(ok.error());
  RegionTable table;
  auto listed = r.required(*root, "tier1", "the region table");
  if (!listed) return fail(listed.error());
  auto tier1 = r.non_empty_list(*listed, "tier1");
  if (!tier1) return fail(tier1.error());
  for (auto& region : *tier1) table.tier1.push_back(normalize_region(region));
  auto capabilities = r.required(*root, "capabilities", "the region table");
  if (!capabilities) return fail(capabilities.error());
  if (auto ok = r.expect(*capabilities, YAML::NodeType::Sequence, "capabilities"); !ok)
    return fail(ok.error());
  for (const auto& node : *capabilities) {
    auto capability = parse_capability(r, node);
    if (!capability) return fail(capability.error());
    table.capabilities.push_back(std::move(*capability));
  }
  return table;
}

Result<RegionTable> RegionTable::load(const std::string& path) {
  auto text = util::YamlReader::read_file(path, "regions");
  if (!text) return fail(text.error());
  return parse(*text, path);
}

bool RegionTable::offers(const std::string& region, const Capability& capability) const {
  auto wanted = normalize_region(region);
  return std::find(capability.regions.begin(), capability.regions.end(), wanted) !=
         capability.regions.end();
}

std::vector<Need> needed_capabilities(const json& arm_template, const json& parameters,
                                      const RegionTable& table) {
  std::vector<Need> needs;
  walk(arm_template, parameters, table, needs, 0);
  return needs;
}

std::optional<std::string> choose_region(const std::vector<Need>& needs, const RegionTable& table) {
  for (const auto& region : table.tier1) {
    bool all = std::all_of(needs.begin(), needs.end(), [&](const Need& need) {
      return table.offers(region, *need.capability);
    });
    if (all) return region;
  }
  return std::nullopt;
}

std::optional<std::vector<std::string>> provider_locations(const json& provider,
                                                           const std::string& resource_type) {
  if (!provider.is_object() || !provider.contains("resourceTypes")) return std::nullopt;
  if (!provider["resourceTypes"].is_array()) return std::nullopt;
  for (const auto& type : provider["resourceTypes"]) {
    if (util::to_lower(util::text_member(type, "resourceType")) != util::to_lower(resource_type))
      continue;
    std::vector<std::string> out;
    if (type.contains("locations") && type["locations"].is_array()) {
      for (const auto& location : type["locations"]) {
        if (location.is_string()) out.push_back(normalize_region(location.get<std::string>()));
      }
    }
    return out;
  }
  return std::nullopt;
}

Result<RegionTable> RegionTable::parse(const std::string& text, const std::string& source) {
  const util::YamlReader reader(source, "regions");
  return reader.guard([&] { return parse_checked(reader, text); });
}

}  // namespace bicepgate::azure
