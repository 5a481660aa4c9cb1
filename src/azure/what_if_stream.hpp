#pragma once
// The what-if result read as a stream: only what the plan shows is kept (ids, change types, the
// flattened delta, a few watched body values), never the resources' whole before/after bodies,
// which are most of az's output. A 20,000-change plan then costs a fraction of its text in memory
// where a parsed document costs about ten times it (bench/whatif_render.py).

#include <istream>
#include <string_view>

#include "azure/what_if.hpp"
#include "util/result.hpp"

namespace bicepgate::azure {

// Pure. Equal to parse_what_if on the same text, errors' codes and messages included.
Result<WhatIfResult> read_what_if(std::string_view text);
Result<WhatIfResult> read_what_if(std::istream& in);

}  // namespace bicepgate::azure
