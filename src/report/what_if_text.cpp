#include "report/what_if_text.hpp"

#include <algorithm>
#include <array>
#include <string_view>
#include <vector>

#include "report/blast_radius.hpp"
#include "report/what_if_table.hpp"
#include "report/what_if_values.hpp"
#include "util/strings.hpp"

namespace bicepgate::report {
namespace {

// Columns line up in characters, not bytes.
std::size_t width(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U;
  }));
}

// One line per value: a line break inside one would start a line of its own.
std::string one_line(std::string text) {
  for (auto& c : text)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = ' ';
  return text;
}

// sku.tier: Dynamic → ElasticPremium
std::string property_line(const azure::PropertyChange& change) {
  auto values = describe_change(change, {});
  std::string text = one_line(change.path);
  switch (values.kind) {
    case ValueChange::Kind::kModify:
      return text + ": " + one_line(values.before) + " → " + one_line(values.after);
    case ValueChange::Kind::kAdded: return text + ": added " + one_line(values.after);
    case ValueChange::Kind::kRemoved:
      return text + ": removed (was " + one_line(values.before) + ")";
    case ValueChange::Kind::kOther: break;
  }
  return text;
}

// The lines of the PROPERTIES column: one per changed property, at most kShown.
std::vector<std::string> properties_of(const azure::WhatIfChange& change) {
  constexpr std::size_t kShown = 6;
  std::vector<std::string> lines;
  std::size_t count = 0;
  for (const auto& d : change.delta) {
    if (d.change_type == "NoEffect") continue;
    if (++count <= kShown) lines.push_back(property_line(d));
  }
  if (count > kShown) lines.push_back("… (" + std::to_string(count - kShown) + " more)");
  if (!change.unsupported_reason.empty()) lines.push_back(one_line(change.unsupported_reason));
  if (lines.empty()) lines.emplace_back();
  return lines;
}

// ECMA-48 SGR parameters per change type, as az's own what-if colours them (red deletes,
// green creates, purple modifies, blue deploys); anything else is left uncoloured.
std::string_view colour_of(std::string_view change_type) {
  if (change_type == "Delete") return "31";
  if (change_type == "Create") return "32";
  if (change_type == "Modify") return "35";
  if (change_type == "Deploy") return "34";
  if (change_type == "Unsupported") return "33";
  return {};
}

std::string painted(std::string_view text, std::string_view sgr, TextStyle style) {
  if (style == TextStyle::kPlain || sgr.empty() || text.empty()) return std::string(text);
  return "\x1b[" + std::string(sgr) + "m" + std::string(text) + "\x1b[0m";
}

}  // namespace

std::string render_what_if_text(const azure::WhatIfResult& what_if, TextStyle style) {
  std::vector<std::string> counts;
  for (const auto& [type, count] : what_if.counts)
    counts.push_back(type + " " + std::to_string(count));
  const auto hidden = hidden_changes_line(what_if);
  std::string out = painted("What-if:", "1", style) + " " +
                    (!counts.empty()  ? util::join(counts, ", ")
                     : hidden.empty() ? std::string("no resources")
                                      : std::string("none shown")) +
                    "\n";
  if (!hidden.empty()) out += hidden + "; the delete gate still counts them.\n";
  const PlanRisks risks(what_if);
  if (what_if.has_changes()) out += render_blast_radius_text(assess_blast_radius(what_if, risks));
  const auto order = review_order(what_if, risks);
  const auto& changed = order.changed;
  const std::size_t unchanged = order.unchanged;
  const std::size_t ignored = order.ignored;
  if (!changed.empty()) {
    struct Row {
      std::array<std::string, 3> cells;
      std::vector<std::string> properties;
    };
    std::vector<Row> rows = {{{"CHANGE", "TYPE", "NAME"}, {"PROPERTIES (BEFORE → AFTER)"}}};
    for (const auto* change : changed)
      rows.push_back({{one_line(change->change_type), one_line(change->resource_type),
                       one_line(change->resource_name)},
                      properties_of(*change)});
    std::array<std::size_t, 3> widths{};
    for (const auto& row : rows)
      for (std::size_t i = 0; i < widths.size(); ++i)
        widths[i] = std::max(widths[i], width(row.cells[i]));
    std::size_t indent = 0;
    for (auto w : widths) indent += w + 2;
    out += "\n";
    for (std::size_t r = 0; r < rows.size(); ++r) {
      const auto& row = rows[r];
      std::string line;
      for (std::size_t i = 0; i < widths.size(); ++i) {
        // Padding is counted on the plain text: the colour codes take no columns.
        const std::string_view sgr = r == 0 ? "1" : i == 0 ? colour_of(row.cells[0]) : "";
        line += painted(row.cells[i], sgr, style) +
                std::string(widths[i] - width(row.cells[i]) + 2, ' ');
      }
      for (std::size_t p = 0; p < row.properties.size(); ++p) {
        if (p > 0) line = std::string(indent, ' ');
        line += row.properties[p];
        while (!line.empty() && line.back() == ' ') line.pop_back();
        out += line + "\n";
      }
    }
  }
  if (unchanged > 0) out += "\n" + std::to_string(unchanged) + " resource(s) unchanged.\n";
  if (ignored > 0)
    out += (unchanged > 0 ? "" : "\n") + std::to_string(ignored) +
           " resource(s) ignored (in the resource group, not in the template).\n";
  return out;
}

}  // namespace bicepgate::report
