#pragma once
// The full plan as one Markdown file: the blast radius and every what-if row with its values, no
// byte budget (the comment and the summary are cut to fit GitHub; this file is where all of it
// is). Written next to the audit record (output `plan-file`) and by `bicepgate whatif --format
// markdown`.

#include <optional>
#include <string>

#include "azure/what_if.hpp"
#include "report/what_if_values.hpp"

namespace bicepgate::report {

// Pure. `destructive_count`: the gate's count, when there is a gate (see assess_blast_radius).
std::string render_plan(const azure::WhatIfResult& what_if, const std::string& title,
                        std::optional<std::size_t> destructive_count,
                        const std::string& approval_label, const Redact& redact = {});

// The sentence the comment and the summary end their what-if with, naming the file.
std::string full_plan_note(const std::string& plan_file_output);

}  // namespace bicepgate::report
