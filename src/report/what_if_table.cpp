#include "report/what_if_table.hpp"

#include <algorithm>
#include <sstream>

#include "report/blast_radius.hpp"
#include "report/markdown.hpp"

namespace bicepgate::report {
namespace {

constexpr std::size_t kPropertiesShown = 6;

const char* risk_name(Risk risk) {
  switch (risk) {
    case Risk::kReplacement: return "replacement";
    case Risk::kRoleAssignment: return "role assignment";
    case Risk::kNetworkExposure: return "network exposure";
    case Risk::kSku: return "SKU";
  }
  return "";
}

// `sku.tier`: `Dynamic` → `ElasticPremium`; masked, then escaped for a table cell.
std::string property_cell(const azure::PropertyChange& change, const Redact& redact) {
  auto code = [](const std::string& text) { return markdown_code_in_cell(text); };
  std::string text = code(redact(change.path));
  auto values = describe_change(change, redact);
  switch (values.kind) {
    case ValueChange::Kind::kModify:
      return text + ": " + code(values.before) + " → " + code(values.after);
    case ValueChange::Kind::kAdded: return text + ": added " + code(values.after);
    case ValueChange::Kind::kRemoved: return text + ": removed (was " + code(values.before) + ")";
    case ValueChange::Kind::kOther: break;
  }
  return text;
}

std::string row(const azure::WhatIfChange& change, const std::vector<RiskFinding>& change_risks,
                const Redact& redact) {
  std::vector<const azure::PropertyChange*> properties;
  for (const auto& d : change.delta)
    if (d.change_type != "NoEffect") properties.push_back(&d);
  std::string shown;
  for (std::size_t i = 0; i < properties.size() && i < kPropertiesShown; ++i)
    shown += (i ? "<br>" : "") + property_cell(*properties[i], redact);
  if (properties.size() > kPropertiesShown)
    shown += "<br>… (" + std::to_string(properties.size() - kPropertiesShown) + " more)";
  if (!change.unsupported_reason.empty())
    shown += (shown.empty() ? "" : " ") + markdown_text(redact(change.unsupported_reason));
  std::string kind = markdown_text(change.change_type);
  std::vector<std::string> risks;
  for (const auto& finding : change_risks) {
    std::string name = risk_name(finding.risk);
    if (std::find(risks.begin(), risks.end(), name) == risks.end()) risks.push_back(name);
  }
  for (std::size_t i = 0; i < risks.size(); ++i)
    kind += (i ? ", " : " (**") + risks[i] + (i + 1 == risks.size() ? "**)" : "");
  return "| " + markdown_text(redact(change.resource_type)) + " | " +
         markdown_text(redact(change.resource_name)) + " | " + kind + " | " + shown + " |\n";
}

}  // namespace

int review_rank(const azure::WhatIfChange& change) {
  return review_rank(change, risks_of(change));
}

int review_rank(const azure::WhatIfChange& change, const std::vector<RiskFinding>& risks) {
  const auto& type = change.change_type;
  if (type == "Delete") return 0;
  const bool risky = (type == "Modify" || type == "Create" || type == "Deploy") && !risks.empty();
  if (risky) return type == "Modify" ? 1 : 2;
  static constexpr const char* kOrder[] = {"Modify",      "Create", "Deploy",
                                           "Unsupported", "Ignore", "NoChange"};
  for (int i = 0; i < 6; ++i) {
    if (type == kOrder[i]) return 3 + i;
  }
  return 9;
}

ReviewOrder review_order(const azure::WhatIfResult& what_if) {
  return review_order(what_if, PlanRisks(what_if));
}

ReviewOrder review_order(const azure::WhatIfResult& what_if, const PlanRisks& risks) {
  std::vector<std::pair<int, const azure::WhatIfChange*>> ranked;
  ReviewOrder order;
  for (const auto& change : what_if.changes) {
    if (change.change_type == "NoChange") {
      ++order.unchanged;
    } else if (change.change_type == "Ignore") {
      ++order.ignored;
    } else {
      ranked.emplace_back(review_rank(change, risks.of(change)), &change);
    }
  }
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  order.changed.reserve(ranked.size());
  for (const auto& entry : ranked) order.changed.push_back(entry.second);
  return order;
}

std::string render_what_if(const azure::WhatIfResult& what_if, std::size_t collapse_after,
                           std::size_t max_bytes, const Redact& redact) {
  return render_what_if(what_if, PlanRisks(what_if), collapse_after, max_bytes, redact);
}

std::string render_what_if(const azure::WhatIfResult& what_if, const PlanRisks& risks,
                           std::size_t collapse_after, std::size_t max_bytes,
                           const Redact& redact_or_none) {
  const Redact redact =
      redact_or_none ? redact_or_none : [](const std::string& text) { return text; };
  std::ostringstream md;
  // Room kept for the closing lines (omitted count, unchanged count, </details>).
  constexpr std::size_t kReserve = 512;
  std::size_t omitted = 0;
  auto fits = [&](const std::string& text) {
    if (omitted == 0 &&
        (max_bytes == std::string::npos ||
         static_cast<std::size_t>(md.tellp()) + text.size() + kReserve <= max_bytes))
      return true;
    ++omitted;
    return false;
  };
  std::string counts;
  for (const auto& [type, count] : what_if.counts) {
    counts += (counts.empty() ? "" : " · ") + markdown_text(type) + " " + std::to_string(count);
  }
  md << "**What-if:** " << (counts.empty() ? "no resources" : counts) << "\n\n";
  const auto order = review_order(what_if, risks);
  const auto& changed = order.changed;
  const std::size_t unchanged = order.unchanged;
  const std::size_t ignored = order.ignored;
  if (!changed.empty()) {
    const std::string header =
        "| Resource type | Name | Change | Changed properties (before → after) "
        "|\n|---|---|---|---|\n";
    md << header;
    for (std::size_t i = 0; i < changed.size() && i < collapse_after; ++i) {
      if (auto text = row(*changed[i], risks.of(*changed[i]), redact); fits(text)) md << text;
    }
    if (changed.size() > collapse_after && omitted == 0) {
      md << "\n<details><summary>" << changed.size() - collapse_after
         << " more changes</summary>\n\n"
         << header;
      for (std::size_t i = collapse_after; i < changed.size(); ++i) {
        if (auto text = row(*changed[i], risks.of(*changed[i]), redact); fits(text)) md << text;
      }
      md << "\n</details>\n";
    } else if (changed.size() > collapse_after) {
      omitted += changed.size() - collapse_after;
    }
    if (omitted > 0) {
      md << "\n… " << omitted
         << " more what-if changes omitted, as GitHub limits the size of this text; the "
            "plan file (output `plan-file`) and the audit record (output `audit-record`) list "
            "every "
            "change.\n";
    }
  }
  if (unchanged > 0) md << "\n" << unchanged << " resource(s) unchanged.\n";
  // Ignore: in Azure but not in the template; Incremental mode leaves them as they are.
  if (ignored > 0)
    md << "\n"
       << ignored
       << " resource(s) ignored (in Azure at this scope but not in the template; left as they "
          "are).\n";
  std::vector<std::string> filtered;
  for (const auto& change : what_if.changes) {
    for (const auto& path : change.filtered)
      filtered.push_back(markdown_text(redact(change.resource_name)) + ": " +
                         markdown_code(redact(path)));
  }
  if (!filtered.empty()) {
    md << "\n<details><summary>" << filtered.size()
       << " property change(s) filtered as known what-if noise</summary>\n\n";
    std::size_t shown = 0;
    for (const auto& f : filtered) {
      auto text = "- " + f + "\n";
      if (max_bytes != std::string::npos &&
          static_cast<std::size_t>(md.tellp()) + text.size() + kReserve > max_bytes)
        break;
      md << text;
      ++shown;
    }
    if (shown < filtered.size()) md << "- … " << filtered.size() - shown << " more omitted\n";
    md << "\n</details>\n";
  }
  return md.str();
}

}  // namespace bicepgate::report
