#include "report/what_if_table.hpp"

#include <algorithm>
#include <sstream>

#include "report/markdown.hpp"

namespace bicepgate::report {
namespace {

// Changes that matter first; the order a reviewer reads them in.
int rank(const std::string& change_type) {
  static const char* kOrder[] = {"Delete",      "Modify", "Create",  "Deploy",
                                 "Unsupported", "Ignore", "NoChange"};
  for (int i = 0; i < 7; ++i) {
    if (change_type == kOrder[i]) return i;
  }
  return 7;
}

std::string row(const azure::WhatIfChange& change, const Redact& redact) {
  auto properties = change.changed_properties();
  std::string shown;
  for (std::size_t i = 0; i < properties.size() && i < 6; ++i)
    shown += (i ? ", " : "") + markdown_code_in_cell(redact(properties[i]));
  if (properties.size() > 6) shown += ", … (" + std::to_string(properties.size() - 6) + " more)";
  if (!change.unsupported_reason.empty())
    shown += (shown.empty() ? "" : " ") + markdown_text(redact(change.unsupported_reason));
  return "| " + markdown_text(redact(change.resource_type)) + " | " +
         markdown_text(redact(change.resource_name)) + " | " + markdown_text(change.change_type) +
         " | " + shown + " |\n";
}

}  // namespace

std::string render_what_if(const azure::WhatIfResult& what_if, std::size_t collapse_after,
                           std::size_t max_bytes, const Redact& redact_or_none) {
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
  std::vector<const azure::WhatIfChange*> changed;
  std::size_t unchanged = 0;
  for (const auto& change : what_if.changes) {
    if (change.change_type == "NoChange") {
      ++unchanged;
    } else {
      changed.push_back(&change);
    }
  }
  std::stable_sort(changed.begin(), changed.end(), [](const auto* a, const auto* b) {
    return rank(a->change_type) < rank(b->change_type);
  });
  if (!changed.empty()) {
    const std::string header =
        "| Resource type | Name | Change | Changed properties |\n|---|---|---|---|\n";
    md << header;
    for (std::size_t i = 0; i < changed.size() && i < collapse_after; ++i) {
      if (auto text = row(*changed[i], redact); fits(text)) md << text;
    }
    if (changed.size() > collapse_after && omitted == 0) {
      md << "\n<details><summary>" << changed.size() - collapse_after
         << " more changes</summary>\n\n"
         << header;
      for (std::size_t i = collapse_after; i < changed.size(); ++i) {
        if (auto text = row(*changed[i], redact); fits(text)) md << text;
      }
      md << "\n</details>\n";
    } else if (changed.size() > collapse_after) {
      omitted += changed.size() - collapse_after;
    }
    if (omitted > 0) {
      md << "\n… " << omitted
         << " more what-if changes omitted, as GitHub limits the size of this text; the audit "
            "record (output `audit-record`) lists every change.\n";
    }
  }
  if (unchanged > 0) md << "\n" << unchanged << " resource(s) unchanged.\n";
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
