#include "azure/what_if.hpp"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "util/json.hpp"
#include "util/strings.hpp"

namespace bicepgate::azure {
namespace {

// A change without a path (null) stands for its parent itself: in an array of arrays, the inner
// Array change under element "0" has none, and its children are that element's elements
// (azure-cli's formatter prints such a change as a bare "[" under its parent; its test
// test_nested_array_changes has the shape). So compositeIndexes[0][1].order, not [0].[1].
std::string join_path(const std::string& parent, const std::string& child) {
  if (child.empty() || parent.empty()) return parent + child;
  const bool index = std::all_of(child.begin(), child.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c));
  });
  return index ? parent + "[" + child + "]" : parent + "." + child;
}

void collect_delta(const nlohmann::json& delta, const std::string& parent,
                   std::vector<PropertyChange>& out, int depth) {
  if (!delta.is_array() || depth > 32) return;
  for (const auto& item : delta) {
    if (!item.is_object()) continue;
    std::string path = join_path(parent, item.contains("path") && item["path"].is_string()
                                             ? item["path"].get<std::string>()
                                             : std::string());
    if (item.contains("children") && item["children"].is_array() && !item["children"].empty()) {
      collect_delta(item["children"], path, out, depth + 1);
      continue;
    }
    PropertyChange change;
    change.path = path;
    change.change_type = util::text_member(item, "propertyChangeType");
    if (item.contains("before")) change.before = item["before"];
    if (item.contains("after")) change.after = item["after"];
    out.push_back(std::move(change));
  }
}

}  // namespace

std::vector<PropertyChange> flatten_delta(const nlohmann::json& delta) {
  std::vector<PropertyChange> out;
  collect_delta(delta, "", out, 0);
  return out;
}

void drop_unread_facts(WhatIfChange& change) {
  const auto& type = change.change_type;
  if (type != "Create" && type != "Modify" && type != "Deploy") {
    change.before_facts.clear();
    change.after_facts.clear();
  }
}

std::map<std::string, nlohmann::json> body_facts(const nlohmann::json& body) {
  std::map<std::string, nlohmann::json> facts;
  for (const char* path : kWatchedBodyPaths) {
    const nlohmann::json* node = &body;
    for (const auto& key : util::split(path, '.')) {
      if (!node->is_object()) {
        node = nullptr;
        break;
      }
      auto found = node->find(key);
      if (found == node->end()) {
        node = nullptr;
        break;
      }
      node = &*found;
    }
    if (node != nullptr) facts[path] = *node;
  }
  return facts;
}

std::vector<std::string> WhatIfChange::changed_properties() const {
  std::vector<std::string> paths;
  for (const auto& change : delta) {
    if (change.change_type != "NoEffect") paths.push_back(change.path);
  }
  return paths;
}

void WhatIfResult::recount() {
  counts.clear();
  for (const auto& change : changes) ++counts[change.change_type];
}

const std::vector<std::string>& change_types() {
  static const std::vector<std::string> kTypes = {"Create", "Delete",   "Deploy",     "Ignore",
                                                  "Modify", "NoChange", "Unsupported"};
  return kTypes;
}

std::string canonical_change_type(const std::string& value) {
  const auto wanted = util::to_lower(value);
  for (const auto& type : change_types()) {
    if (util::to_lower(type) == wanted) return type;
  }
  return {};
}

WhatIfResult without_change_types(const WhatIfResult& what_if,
                                  const std::vector<std::string>& types) {
  WhatIfResult shown = what_if;
  if (types.empty()) return shown;
  auto excluded = [&types](const std::string& type) {
    return std::find(types.begin(), types.end(), canonical_change_type(type)) != types.end();
  };
  std::erase_if(shown.changes, [&](const WhatIfChange& c) { return excluded(c.change_type); });
  for (auto it = shown.counts.begin(); it != shown.counts.end();) {
    if (!excluded(it->first)) {
      ++it;
      continue;
    }
    if (it->second > 0) shown.hidden[canonical_change_type(it->first)] += it->second;
    it = shown.counts.erase(it);
  }
  return shown;
}

bool WhatIfResult::has_changes() const {
  for (const auto& [type, count] : counts) {
    if (count > 0 && type != "NoChange" && type != "Ignore") return true;
  }
  return false;
}

std::pair<std::string, std::string> type_and_name_of(const std::string& resource_id) {
  // The id's '/'-separated segments as views: this runs for every change of a plan.
  std::vector<std::string_view> parts;
  for (std::string_view rest = resource_id;;) {
    const auto slash = rest.find('/');
    parts.push_back(rest.substr(0, slash));
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }
  std::size_t providers = 0;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (util::equals_ignoring_case(parts[i], "providers")) providers = i;  // the last one wins
  }
  if (providers == 0 || providers + 2 >= parts.size()) return {"", resource_id};
  std::string type(parts[providers + 1]);
  std::string name;
  for (std::size_t i = providers + 2; i + 1 < parts.size(); i += 2) {
    type += '/';
    type += parts[i];
    if (!name.empty()) name += '/';
    name += parts[i + 1];
  }
  return {type, name};
}

Result<WhatIfResult> parse_what_if(const std::string& text) {
  auto parsed =
      util::parse_json(text, "what-if output (was --no-pretty-print --output json passed?)");
  if (!parsed) return fail(parsed.error());
  const auto& doc = *parsed;
  if (!doc.is_object()) return fail("what-if output is not a JSON object", "whatif.json");
  // The REST shape nests changes under properties; az flattens them. Accept both.
  const nlohmann::json* changes = nullptr;
  if (doc.contains("changes")) {
    changes = &doc["changes"];
  } else if (doc.contains("properties") && doc["properties"].is_object() &&
             doc["properties"].contains("changes")) {
    changes = &doc["properties"]["changes"];
  }
  WhatIfResult result;
  result.status = util::text_member(doc, "status");
  if (changes == nullptr || changes->is_null()) {
    if (doc.contains("error") && !doc["error"].is_null()) {
      return fail("what-if reported an error: " + doc["error"].dump(), "whatif.error");
    }
    return result;
  }
  if (!changes->is_array()) return fail("what-if 'changes' is not a list", "whatif.json");
  result.changes.reserve(changes->size());
  for (const auto& item : *changes) {
    if (!item.is_object()) return fail("what-if change is not an object", "whatif.json");
    WhatIfChange change;
    change.resource_id = util::text_member(item, "resourceId");
    change.change_type = util::text_member(item, "changeType");
    if (change.change_type.empty())
      return fail("what-if change without 'changeType'", "whatif.json");
    auto [type, name] = type_and_name_of(change.resource_id);
    change.resource_type = std::move(type);
    change.resource_name = std::move(name);
    if (item.contains("delta")) change.delta = flatten_delta(item["delta"]);
    if (item.contains("before")) change.before_facts = body_facts(item["before"]);
    if (item.contains("after")) change.after_facts = body_facts(item["after"]);
    drop_unread_facts(change);
    if (item.contains("unsupportedReason") && item["unsupportedReason"].is_string()) {
      change.unsupported_reason = item["unsupportedReason"].get<std::string>();
    }
    result.changes.push_back(std::move(change));
  }
  result.recount();
  return result;
}

}  // namespace bicepgate::azure
