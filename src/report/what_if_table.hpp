#pragma once
// The what-if as Markdown, for the job summary, the pull-request comment and the plan file: one
// row per resource that changes with its properties' before → after values, destructive and risky
// rows first, unchanged and ignored ones counted.

#include <string>
#include <vector>

#include "azure/what_if.hpp"
#include "report/blast_radius.hpp"
#include "report/what_if_values.hpp"

namespace bicepgate::report {

// The order a reviewer reads changes in: Delete, then Modify and Create rows with a blast-radius
// finding (report/blast_radius), then the rest; Ignore and NoChange last (folded).
int review_rank(const azure::WhatIfChange& change);
// The same given the change's risks_of.
int review_rank(const azure::WhatIfChange& change, const std::vector<RiskFinding>& risks);

// Pure. The changes a reviewer reads, in review_rank order (stable), and the folded ones counted.
struct ReviewOrder {
  std::vector<const azure::WhatIfChange*> changed;
  std::size_t unchanged = 0;  // NoChange
  std::size_t ignored = 0;    // Ignore
};
ReviewOrder review_order(const azure::WhatIfResult& what_if);
ReviewOrder review_order(const azure::WhatIfResult& what_if, const PlanRisks& risks);

// Pure. "3 change(s) hidden by input what-if-exclude-change-types: Delete 1, NoChange 2", or ""
// when the plan hides none (azure::WhatIfResult::hidden). Plain text: the types are ARM's words.
std::string hidden_changes_line(const azure::WhatIfResult& what_if);

// Rows above `collapse_after` go into a <details> section. Rows that would take the table past
// `max_bytes` are left out and counted in a closing line that says where the full list is.
std::string render_what_if(const azure::WhatIfResult& what_if, std::size_t collapse_after = 15,
                           std::size_t max_bytes = std::string::npos, const Redact& redact = {});
// The same with the plan's risks already worked out (report/plan shares them with the blast
// radius).
std::string render_what_if(const azure::WhatIfResult& what_if, const PlanRisks& risks,
                           std::size_t collapse_after, std::size_t max_bytes, const Redact& redact);

}  // namespace bicepgate::report
