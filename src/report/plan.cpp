#include "report/plan.hpp"

#include "report/blast_radius.hpp"
#include "report/markdown.hpp"
#include "report/what_if_table.hpp"

namespace bicepgate::report {

std::string render_plan(const azure::WhatIfResult& what_if, const std::string& title,
                        std::optional<std::size_t> destructive_count,
                        const std::string& approval_label, const Redact& redact_or_none) {
  const Redact redact = redact_or_none ? redact_or_none : [](const std::string& t) { return t; };
  const PlanRisks risks(what_if);
  return "# " + markdown_text(redact(title)) + "\n\n" +
         render_blast_radius(assess_blast_radius(what_if, risks, destructive_count), approval_label,
                             redact) +
         "\n" + render_what_if(what_if, risks, std::string::npos, std::string::npos, redact);
}

std::string full_plan_note(const std::string& plan_file_output) {
  if (plan_file_output.empty()) return {};
  return "\nThe full plan, every change with its values, is in " + markdown_code(plan_file_output) +
         " (output `plan-file`; the sample workflow uploads it as an artifact).\n";
}

}  // namespace bicepgate::report
