#pragma once
// The what-if as Markdown, for the job summary and the pull-request comment: one row per
// resource that changes, unchanged ones folded away, long lists collapsed.

#include <functional>
#include <string>

#include "azure/what_if.hpp"

namespace bicepgate::report {

// Masks secrets in outside text before it is escaped: once escaped, a secret with Markdown
// punctuation in it no longer matches its mask.
using Redact = std::function<std::string(const std::string&)>;

// Rows above `collapse_after` go into a <details> section. Rows that would take the table past
// `max_bytes` are left out and counted in a closing line that says where the full list is.
std::string render_what_if(const azure::WhatIfResult& what_if, std::size_t collapse_after = 15,
                           std::size_t max_bytes = std::string::npos, const Redact& redact = {});

}  // namespace bicepgate::report
