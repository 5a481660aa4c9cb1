#pragma once
// The previews (other environments planned read-only after the run's own, routing `preview:`)
// in the job summary and the pull-request comment: one section each, production first, with
// the state, the delete gate's verdict for the deploying run, why it could not be planned, the
// destructive changes and the what-if.

#include <cstddef>
#include <string>
#include <vector>

#include "model/run_context.hpp"
#include "report/what_if_table.hpp"

namespace bicepgate::report {

// Pure. The previews to show above the run's own environment (production ones, when the run's
// own is not production) and below it, each in the config's order.
struct PreviewOrder {
  std::vector<const model::PreviewResult*> before;
  std::vector<const model::PreviewResult*> after;
};
PreviewOrder preview_order(const model::RunContext& ctx);

// One preview's Markdown in the parts the comment's budget takes one by one: the essentials
// (heading, state, delete gate, failure with its cause and hint) always, then the destructive
// rows while they fit, then the what-if table with its share.
struct PreviewParts {
  const model::PreviewResult* preview = nullptr;
  std::string essentials;
  std::vector<std::string> destructive_rows;
  std::string heading_of_what_if;  // empty when the preview has no what-if to show
};
PreviewParts preview_parts(const model::PreviewResult& preview, const Redact& redact,
                           const std::string& heading_level);

// Pure. `budget` shared among tables whose whole sizes are `wanted`: a table that fits in an
// equal share of what is left gets its whole size, the others share the rest equally.
std::vector<std::size_t> share_budget(const std::vector<std::size_t>& wanted, std::size_t budget);

// The previews' sections for the job summary, each table within its share of `max_bytes`.
std::string render_preview_summaries(const std::vector<const model::PreviewResult*>& previews,
                                     std::size_t max_bytes, const Redact& redact);

}  // namespace bicepgate::report
