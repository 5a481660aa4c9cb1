#include "report/previews.hpp"

#include <algorithm>
#include <numeric>
#include <sstream>

#include "report/markdown.hpp"
#include "util/strings.hpp"

namespace bicepgate::report {
namespace {

// Outside text bounded in bytes, cut on a character boundary.
std::string bounded(const std::string& text, std::size_t max_bytes) {
  std::string raw = util::valid_utf8(text);
  if (raw.size() <= max_bytes) return raw;
  std::size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(raw[end]) & 0xC0U) == 0x80U) --end;
  return raw.substr(0, end) + " …";
}

std::string state_words(const model::PreviewResult& p, const Redact& redact) {
  if (p.planned()) return "planned (what-if only, nothing deployed)";
  if (!p.not_planned.empty()) return "not planned";
  const auto stage = markdown_text(redact(model::describe_stage(p.outcome.stage)));
  if (p.state == model::State::kCancelled) return "cancelled during " + stage;
  return "could not be planned (" + markdown_text(model::class_name(p.outcome)) + " at " + stage +
         ")";
}

}  // namespace

PreviewOrder preview_order(const model::RunContext& ctx) {
  PreviewOrder order;
  const bool own_is_production = ctx.settings.target.production;
  for (const auto& p : ctx.record.previews) {
    (p.target.production && !own_is_production ? order.before : order.after).push_back(&p);
  }
  return order;
}

PreviewParts preview_parts(const model::PreviewResult& p, const Redact& redact,
                           const std::string& heading_level) {
  auto cell = [&](const std::string& raw) { return markdown_text(bounded(redact(raw), 2000)); };
  PreviewParts parts;
  parts.preview = &p;
  std::ostringstream md;
  md << "\n"
     << heading_level << " Preview · " << cell(p.target.name)
     << (p.target.production ? " (production)" : "") << ": " << state_words(p, redact) << "\n\n";
  if (p.target.scope == "subscription") {
    md << "Subscription scope, " << cell(p.target.location);
  } else if (p.target.scope == "tenant") {
    md << "Tenant scope, " << cell(p.target.location);
  } else if (p.target.scope == "managementGroup") {
    md << "Management group " << markdown_code(bounded(redact(p.target.management_group), 300))
       << ", " << cell(p.target.location);
  } else {
    md << "Resource group " << markdown_code(bounded(redact(p.target.resource_group), 300));
  }
  if (!p.deployment_name.empty())
    md << " · deployment " << markdown_code(bounded(redact(p.deployment_name), 300));
  md << "\n\n";
  if (!p.not_planned.empty()) md << "**Not planned:** " << cell(p.not_planned) << ".\n";
  if (!p.planned() && p.not_planned.empty()) {
    const auto& out = p.outcome;
    md << "**Cause:** "
       << (out.code.empty() ? std::string() : markdown_code(bounded(redact(out.code), 200)) + " ")
       << cell(out.message) << "\n";
    if (!out.hint.empty()) md << "\n**What to do:** " << cell(out.hint) << "\n";
  }
  for (std::size_t i = 0; i < p.region_warnings.size() && i < 3; ++i)
    md << "\n> ⚠️ " << cell(p.region_warnings[i]) << "\n";
  if (p.planned()) {
    md << "**Delete gate:** ";
    if (p.destructive.empty()) {
      md << "no destructive changes; the deploying run would not stop.\n";
    } else {
      md << (p.gate_stops ? "the deploying run would stop here: " : "it would pass: ")
         << cell(p.gate_reason) << ".\n\n**" << p.destructive.size()
         << " destructive change(s)**\n\n";
    }
    for (const auto& d : p.destructive) {
      parts.destructive_rows.push_back("- **" + cell(d.resource_type) + " " +
                                       cell(d.resource_name) + "**: " + cell(d.why) + "\n");
    }
  }
  parts.essentials = md.str();
  if (!p.what_if.changes.empty() || !p.what_if.counts.empty())
    parts.heading_of_what_if =
        "\n" + heading_level + "# What-if of " + cell(p.target.name) + "\n\n";
  return parts;
}

std::vector<std::size_t> share_budget(const std::vector<std::size_t>& wanted, std::size_t budget) {
  std::vector<std::size_t> order(wanted.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  // Smallest first: what a small table leaves of its share goes to the larger ones.
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return wanted[a] < wanted[b]; });
  std::vector<std::size_t> out(wanted.size(), 0);
  std::size_t left = budget;
  for (std::size_t k = 0; k < order.size(); ++k) {
    const std::size_t share = left / (order.size() - k);
    out[order[k]] = std::min(wanted[order[k]], share);
    left -= out[order[k]];
  }
  return out;
}

std::string render_preview_summaries(const std::vector<const model::PreviewResult*>& previews,
                                     std::size_t max_bytes, const Redact& redact) {
  std::ostringstream md;
  for (std::size_t i = 0; i < previews.size(); ++i) {
    const auto& p = *previews[i];
    auto parts = preview_parts(p, redact, "##");
    md << parts.essentials;
    std::size_t used = static_cast<std::size_t>(md.tellp());
    // Each preview gets an equal share of what is left; the summary's limit is far away.
    const std::size_t share = used >= max_bytes ? 0 : (max_bytes - used) / (previews.size() - i);
    std::size_t shown = 0;
    for (const auto& row : parts.destructive_rows) {
      if (row.size() + 512 > share / 2) break;
      md << row;
      ++shown;
    }
    if (shown < parts.destructive_rows.size())
      md << "\n… " << parts.destructive_rows.size() - shown
         << " more destructive changes omitted; the audit record lists them all.\n";
    used = static_cast<std::size_t>(md.tellp());
    if (!parts.heading_of_what_if.empty() && used < max_bytes) {
      const std::size_t table = (max_bytes - used) / (previews.size() - i);
      if (table > 1024) {
        md << parts.heading_of_what_if
           << render_what_if(p.what_if, 15, table - parts.heading_of_what_if.size(), redact);
      }
    }
  }
  return md.str();
}

}  // namespace bicepgate::report
