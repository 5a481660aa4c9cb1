#include "report/blast_radius.hpp"

#include <algorithm>
#include <map>

#include "report/markdown.hpp"
#include "util/strings.hpp"

namespace bicepgate::report {
namespace {

using nlohmann::json;

bool same(std::string_view a, std::string_view b) {
  return util::equals_ignoring_case(a, b);
}

bool type_ends_with(const azure::WhatIfChange& change, std::string_view suffix) {
  const std::string_view type = change.resource_type;
  return type.size() >= suffix.size() && same(type.substr(type.size() - suffix.size()), suffix);
}

// A change holds a few facts at most (azure::kWatchedBodyPaths): a walk, where a find would
// build a std::string of the path for each look-up.
const json* fact(const std::map<std::string, json>& facts, std::string_view path) {
  for (const auto& [held, value] : facts)
    if (held == path) return &value;
  return nullptr;
}

bool string_is(const json* value, std::string_view expected) {
  return value != nullptr && value->is_string() &&
         same(value->get_ref<const std::string&>(), expected);
}

const json* member(const json& object, const char* key) {
  if (!object.is_object()) return nullptr;
  auto found = object.find(key);
  return found == object.end() ? nullptr : &*found;
}

// A source that matches any address: "*" and "Internet" (SecurityRule.SourceAddressPrefix,
// https://learn.microsoft.com/dotnet/api/microsoft.azure.management.network.models.securityrule.sourceaddressprefix:
// "Asterisk '*' can also be used to match all source IPs. Default tags such as ... 'Internet'"),
// and the all-addresses CIDRs.
bool open_source(const json* prefix) {
  if (prefix == nullptr || !prefix->is_string()) return false;
  const auto& text = prefix->get_ref<const std::string&>();
  return text == "*" || same(text, "internet") || same(text, "any") || text == "0.0.0.0/0" ||
         text == "::/0";
}

// An inbound Allow rule from anywhere, given its "properties" object.
bool rule_opens(const json* access, const json* direction, const json* prefix,
                const json* prefixes) {
  if (!string_is(access, "Allow") || !string_is(direction, "Inbound")) return false;
  if (open_source(prefix)) return true;
  if (prefixes != nullptr && prefixes->is_array())
    return std::any_of(prefixes->begin(), prefixes->end(),
                       [](const json& p) { return open_source(&p); });
  return false;
}

bool rule_resource_opens(const std::map<std::string, json>& facts) {
  return rule_opens(fact(facts, "properties.access"), fact(facts, "properties.direction"),
                    fact(facts, "properties.sourceAddressPrefix"),
                    fact(facts, "properties.sourceAddressPrefixes"));
}

// An NSG's inline rules (properties.securityRules[].properties) that open to anywhere.
std::size_t open_inline_rules(const std::map<std::string, json>& facts) {
  const json* rules = fact(facts, "properties.securityRules");
  if (rules == nullptr || !rules->is_array()) return 0;
  return static_cast<std::size_t>(std::count_if(rules->begin(), rules->end(), [](const json& r) {
    const json* p = member(r, "properties");
    if (p == nullptr) return false;
    return rule_opens(member(*p, "access"), member(*p, "direction"),
                      member(*p, "sourceAddressPrefix"), member(*p, "sourceAddressPrefixes"));
  }));
}

// A server firewall rule from 0.0.0.0 to 255.255.255.255 admits every address (a rule of
// 0.0.0.0 to 0.0.0.0 means Azure services only: sp_set_firewall_rule,
// https://learn.microsoft.com/sql/relational-databases/system-stored-procedures/sp-set-firewall-rule-azure-sql-database).
bool firewall_opens(const std::map<std::string, json>& facts) {
  return string_is(fact(facts, "properties.startIpAddress"), "0.0.0.0") &&
         string_is(fact(facts, "properties.endIpAddress"), "255.255.255.255");
}

// The delta entry at `path`, if any.
const azure::PropertyChange* delta_at(const azure::WhatIfChange& change, std::string_view path) {
  for (const auto& d : change.delta)
    if (same(d.path, path)) return &d;
  return nullptr;
}

// A segment named sku (an index after it allowed: sku[0]), or a last one named tier or skuName.
bool is_sku_path(std::string_view path) {
  std::string_view segment;
  for (std::string_view rest = path;; rest.remove_prefix(segment.size() + 1)) {
    segment = rest.substr(0, rest.find('.'));
    if (same(segment.substr(0, segment.find('[')), "sku")) return true;
    if (segment.size() == rest.size()) break;
  }
  return same(segment, "tier") || same(segment, "skuname");
}

void exposure(const azure::WhatIfChange& change, std::vector<RiskFinding>& out) {
  const auto& after = change.after_facts;
  const auto& before = change.before_facts;
  auto add = [&](std::string note, std::string_view path = {}) {
    out.push_back({Risk::kNetworkExposure, &change, delta_at(change, path), std::move(note)});
  };
  auto turned = [&](const char* path, std::string_view value) {
    return string_is(fact(after, path), value) && !string_is(fact(before, path), value);
  };
  // publicNetworkAccess "Enabled" admits the public endpoint (storage, Key Vault, SQL, …).
  if (turned("properties.publicNetworkAccess", "Enabled"))
    add("public network access enabled", "properties.publicNetworkAccess");
  if (turned("properties.networkAcls.defaultAction", "Allow"))
    add("network ACL default action Allow", "properties.networkAcls.defaultAction");
  if (const json* v = fact(after, "properties.allowBlobPublicAccess");
      v != nullptr && *v == true &&
      !(fact(before, "properties.allowBlobPublicAccess") != nullptr &&
        *fact(before, "properties.allowBlobPublicAccess") == true))
    add("anonymous blob access allowed", "properties.allowBlobPublicAccess");
  if (type_ends_with(change, "networkSecurityGroups/securityRules") && rule_resource_opens(after) &&
      !rule_resource_opens(before))
    add("inbound rule allows any source", "properties.sourceAddressPrefix");
  if (type_ends_with(change, "Microsoft.Network/networkSecurityGroups") &&
      open_inline_rules(after) > open_inline_rules(before))
    add("inbound rule allows any source");
  if (type_ends_with(change, "/firewallRules") && firewall_opens(after) && !firewall_opens(before))
    add("firewall rule admits every address (0.0.0.0 to 255.255.255.255)");
  if (change.change_type == "Create" &&
      same(change.resource_type, "Microsoft.Network/publicIPAddresses"))
    add("public IP address created");
}

}  // namespace

json BlastRadius::counts() const {
  return {{"destructive", destructive},
          {"deletes", deletes},
          {"unmanaged", destructive - std::min(destructive, deletes)},
          {"replacements", replacements},
          {"roleAssignments", role_assignments},
          {"networkExposure", network_exposure},
          {"skuChanges", sku_changes}};
}

std::vector<RiskFinding> risks_of(const azure::WhatIfChange& change) {
  std::vector<RiskFinding> out;
  const auto& type = change.change_type;
  if (type == "NoChange" || type == "Ignore" || type == "Unsupported") return out;
  // Role assignments grant access whichever way they change.
  if (same(change.resource_type, "Microsoft.Authorization/roleAssignments") &&
      (type == "Create" || type == "Modify" || type == "Delete")) {
    std::string note = type == "Create" ? "granted" : type == "Delete" ? "revoked" : "changed";
    out.push_back(
        {Risk::kRoleAssignment, &change, delta_at(change, "properties.roleDefinitionId"), note});
  }
  if (type == "Delete") return out;
  // What-if has no "replace" change type (WhatIfChangeType: Create, Delete, Ignore, Deploy,
  // NoChange, Modify, Unsupported;
  // https://learn.microsoft.com/javascript/api/@azure/arm-resources/changetype). A region cannot
  // change in place ("The geo region of a resource cannot be changed once it is created":
  // StorageAccountCreateOrUpdateContent.Location,
  // https://learn.microsoft.com/dotnet/api/azure.resourcemanager.storage.models.storageaccountcreateorupdatecontent.location),
  // so a location change means the resource must be deleted and created again.
  if (const auto* location = delta_at(change, "location");
      location != nullptr && location->change_type == "Modify")
    out.push_back({Risk::kReplacement, &change, location, "location changes: recreated"});
  for (const auto& d : change.delta) {
    if (d.change_type != "NoEffect" && is_sku_path(d.path)) {
      out.push_back({Risk::kSku, &change, &d, "SKU changes"});
      break;
    }
  }
  exposure(change, out);
  return out;
}

PlanRisks::PlanRisks(const azure::WhatIfResult& what_if) : first_(what_if.changes.data()) {
  by_change_.reserve(what_if.changes.size());
  for (const auto& change : what_if.changes) by_change_.push_back(risks_of(change));
}

const std::vector<RiskFinding>& PlanRisks::of(const azure::WhatIfChange& change) const {
  return by_change_.at(static_cast<std::size_t>(&change - first_));
}

BlastRadius assess_blast_radius(const azure::WhatIfResult& what_if,
                                std::optional<std::size_t> destructive_count) {
  return assess_blast_radius(what_if, PlanRisks(what_if), destructive_count);
}

BlastRadius assess_blast_radius(const azure::WhatIfResult& what_if, const PlanRisks& risks,
                                std::optional<std::size_t> destructive_count) {
  BlastRadius radius;
  std::map<std::string, const azure::WhatIfChange*> deleted;  // type/name -> the Delete
  for (const auto& change : what_if.changes) {
    if (change.change_type != "Delete") continue;
    ++radius.deletes;
    deleted[util::to_lower(change.resource_type + "/" + change.resource_name)] = &change;
  }
  radius.destructive = destructive_count.value_or(radius.deletes);
  for (const auto& change : what_if.changes) {
    auto found = risks.of(change);
    // The same type and name deleted under one id and created under another: a replacement.
    if (change.change_type == "Create") {
      auto twin = deleted.find(util::to_lower(change.resource_type + "/" + change.resource_name));
      if (twin != deleted.end() && !same(twin->second->resource_id, change.resource_id))
        found.push_back({Risk::kReplacement, &change, nullptr, "deleted and created elsewhere"});
    }
    for (auto& finding : found) {
      switch (finding.risk) {
        case Risk::kReplacement: ++radius.replacements; break;
        case Risk::kRoleAssignment: ++radius.role_assignments; break;
        case Risk::kNetworkExposure: ++radius.network_exposure; break;
        case Risk::kSku: ++radius.sku_changes; break;
      }
      radius.findings.push_back(std::move(finding));
    }
  }
  return radius;
}

namespace {

struct Category {
  Risk risk;
  std::size_t count;
  const char* one;
  const char* many;
};

std::vector<Category> categories(const BlastRadius& r) {
  return {{Risk::kReplacement, r.replacements, "replacement", "replacements"},
          {Risk::kRoleAssignment, r.role_assignments, "role assignment change",
           "role assignment changes"},
          {Risk::kNetworkExposure, r.network_exposure, "network exposure", "network exposures"},
          {Risk::kSku, r.sku_changes, "SKU change", "SKU changes"}};
}

constexpr std::size_t kExamples = 3;

std::string example_markdown(const RiskFinding& f, const Redact& redact) {
  std::string text =
      markdown_code(redact(f.change->resource_type + " " + f.change->resource_name)) + " (" +
      f.note;
  if (f.property != nullptr) {
    auto values = describe_change(*f.property, redact);
    text += ": " + markdown_code(redact(f.property->path));
    if (values.kind == ValueChange::Kind::kModify)
      text += " " + markdown_code(values.before) + " → " + markdown_code(values.after);
    else if (values.kind == ValueChange::Kind::kAdded)
      text += " " + markdown_code(values.after);
  }
  return text + ")";
}

}  // namespace

std::string render_blast_radius(const BlastRadius& radius, const std::string& approval_label,
                                const Redact& redact_or_none) {
  const Redact redact = redact_or_none ? redact_or_none : [](const std::string& t) { return t; };
  std::string md = "**Blast radius:**";
  bool any = false;
  if (radius.destructive > 0) {
    any = true;
    const auto unmanaged = radius.destructive - std::min(radius.destructive, radius.deletes);
    md += "\n- **" + std::to_string(radius.destructive) + " destructive** (" +
          std::to_string(radius.deletes) + " deleted, " + std::to_string(unmanaged) +
          " left unmanaged): approved by " +
          (approval_label.empty() ? std::string("the delete-approval label")
                                  : "the label " + markdown_code(redact(approval_label))) +
          ", input `allow-deletes: true`, or the environment's `delete-policy: allow`";
  }
  for (const auto& category : categories(radius)) {
    if (category.count == 0) continue;
    any = true;
    md += "\n- **" + std::to_string(category.count) + " " +
          (category.count == 1 ? category.one : category.many) + "**: the reviewer approves; ";
    std::size_t shown = 0;
    for (const auto& f : radius.findings) {
      if (f.risk != category.risk || shown == kExamples) continue;
      md += (shown++ ? ", " : "") + example_markdown(f, redact);
    }
    if (category.count > shown) md += ", … " + std::to_string(category.count - shown) + " more";
  }
  if (!any) md += " nothing deleted, replaced, granted, opened to the network or resized.";
  return md + "\n";
}

std::string render_blast_radius_text(const BlastRadius& radius) {
  std::string out = "Blast radius:";
  bool any = false;
  if (radius.destructive > 0) {
    any = true;
    out += "\n  " + std::to_string(radius.destructive) + " destructive (" +
           std::to_string(radius.deletes) +
           " deleted): need the delete approval (label, "
           "allow-deletes or delete-policy)";
  }
  for (const auto& category : categories(radius)) {
    if (category.count == 0) continue;
    any = true;
    out += "\n  " + std::to_string(category.count) + " " +
           (category.count == 1 ? category.one : category.many) + ": for the reviewer";
    std::size_t shown = 0;
    for (const auto& f : radius.findings) {
      if (f.risk != category.risk || shown == kExamples) continue;
      out += std::string(shown++ ? ", " : "; ") + f.change->resource_name + " (" + f.note + ")";
    }
  }
  if (!any) out += " nothing deleted, replaced, granted, opened to the network or resized.";
  return out + "\n";
}

}  // namespace bicepgate::report
