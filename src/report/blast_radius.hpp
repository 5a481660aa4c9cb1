#pragma once
// How far a plan reaches, counted before the table so a reviewer sees it first: what it deletes,
// replaces, grants, opens to the network and resizes, and who approves each. Pure.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "azure/what_if.hpp"
#include "report/what_if_values.hpp"

namespace bicepgate::report {

enum class Risk { kReplacement, kRoleAssignment, kNetworkExposure, kSku };

// Points into the WhatIfResult it came from, which must outlive it.
struct RiskFinding {
  Risk risk;
  const azure::WhatIfChange* change;
  const azure::PropertyChange* property;  // the delta that shows it, if one does
  std::string note;                       // our words: "location changes: recreated"
};

struct BlastRadius {
  std::size_t destructive = 0;  // the gate's list: deletes and resources left unmanaged
  std::size_t deletes = 0;      // of those, resources what-if deletes
  std::size_t replacements = 0;
  std::size_t role_assignments = 0;
  std::size_t network_exposure = 0;
  std::size_t sku_changes = 0;
  std::vector<RiskFinding> findings;  // in plan order

  // {"destructive":1,"deletes":1,"replacements":0,...}: the action output `blast-radius`.
  nlohmann::json counts() const;
};

// What one change risks (a Delete is counted by the gate, not here).
std::vector<RiskFinding> risks_of(const azure::WhatIfChange& change);

// risks_of for every change of a plan, worked out once: the blast radius, the review order and
// the table's rows all read them. Points into the WhatIfResult, which must outlive it.
class PlanRisks {
 public:
  explicit PlanRisks(const azure::WhatIfResult& what_if);
  // `change` is one of the plan's changes.
  const std::vector<RiskFinding>& of(const azure::WhatIfChange& change) const;

 private:
  const azure::WhatIfChange* first_;
  std::vector<std::vector<RiskFinding>> by_change_;  // in plan order
};

// `destructive_count`: the gate's destructive changes (stages/gate find_destructive); without
// it (a laptop reading a file), the plan's deletes.
BlastRadius assess_blast_radius(const azure::WhatIfResult& what_if,
                                std::optional<std::size_t> destructive_count = std::nullopt);
BlastRadius assess_blast_radius(const azure::WhatIfResult& what_if, const PlanRisks& risks,
                                std::optional<std::size_t> destructive_count = std::nullopt);

// The header above the what-if table: one line per category that is not zero, saying what
// approves it. `approval_label` names the pull-request label that approves deletes.
std::string render_blast_radius(const BlastRadius& radius, const std::string& approval_label,
                                const Redact& redact = {});

// The same for a terminal.
std::string render_blast_radius_text(const BlastRadius& radius);

}  // namespace bicepgate::report
