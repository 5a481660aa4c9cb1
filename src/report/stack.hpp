#pragma once
// The job summary's Stack row for a type: stack environment: the stack, its settings, and what
// its update or delete did (or, stopped before, would do).

#include <string>

#include "model/record.hpp"
#include "model/settings.hpp"

namespace bicepgate::report {

// Pure. The row's Markdown cell; "" for an environment that is no stack.
std::string stack_cell(const model::RunSettings& settings, const model::RunRecord& record);

}  // namespace bicepgate::report
