#include "report/what_if_text.hpp"

#include <algorithm>
#include <array>
#include <string_view>
#include <vector>

#include "util/strings.hpp"

namespace bicepgate::report {
namespace {

// The order a reviewer reads them in: what removes or rewrites first.
std::size_t rank(const std::string& change_type) {
  static constexpr std::array<std::string_view, 6> kOrder = {"Delete", "Modify",      "Create",
                                                             "Deploy", "Unsupported", "Ignore"};
  return static_cast<std::size_t>(std::find(kOrder.begin(), kOrder.end(), change_type) -
                                  kOrder.begin());
}

// Columns line up in characters, not bytes.
std::size_t width(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U;
  }));
}

std::string properties_of(const azure::WhatIfChange& change) {
  constexpr std::size_t kShown = 6;
  auto properties = change.changed_properties();
  std::vector<std::string> shown(properties.begin(),
                                 properties.begin() + std::min(properties.size(), kShown));
  std::string text = util::join(shown, ", ");
  if (properties.size() > kShown)
    text += ", … (" + std::to_string(properties.size() - kShown) + " more)";
  if (!change.unsupported_reason.empty())
    text += (text.empty() ? "" : " ") + change.unsupported_reason;
  return text;
}

}  // namespace

std::string render_what_if_text(const azure::WhatIfResult& what_if) {
  std::vector<std::string> counts;
  for (const auto& [type, count] : what_if.counts)
    counts.push_back(type + " " + std::to_string(count));
  std::string out =
      "What-if: " + (counts.empty() ? "no resources" : util::join(counts, ", ")) + "\n";
  std::vector<const azure::WhatIfChange*> changed;
  for (const auto& change : what_if.changes)
    if (change.change_type != "NoChange") changed.push_back(&change);
  std::stable_sort(changed.begin(), changed.end(), [](const auto* a, const auto* b) {
    return rank(a->change_type) < rank(b->change_type);
  });
  if (!changed.empty()) {
    std::vector<std::array<std::string, 4>> rows = {{"CHANGE", "TYPE", "NAME", "PROPERTIES"}};
    for (const auto* change : changed)
      rows.push_back({change->change_type, change->resource_type, change->resource_name,
                      properties_of(*change)});
    std::array<std::size_t, 3> widths{};
    for (const auto& row : rows)
      for (std::size_t i = 0; i < widths.size(); ++i)
        widths[i] = std::max(widths[i], width(row[i]));
    out += "\n";
    for (const auto& row : rows) {
      std::string line;
      for (std::size_t i = 0; i < widths.size(); ++i)
        line += row[i] + std::string(widths[i] - width(row[i]) + 2, ' ');
      line += row[3];
      while (!line.empty() && line.back() == ' ') line.pop_back();
      out += line + "\n";
    }
  }
  const auto unchanged = what_if.changes.size() - changed.size();
  if (unchanged > 0) out += "\n" + std::to_string(unchanged) + " resource(s) unchanged.\n";
  return out;
}

}  // namespace bicepgate::report
