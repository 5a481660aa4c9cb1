#pragma once
// The number of resources per change type of a what-if result, read as a stream: no document
// is built, so a plan of any size costs memory for its counts only (bicepgate whatif
// --summarize). It accepts and refuses exactly what parse_what_if does.

#include <istream>
#include <map>
#include <string>

#include "util/result.hpp"

namespace bicepgate::azure {

// Reads `in` to its end. The counts equal parse_what_if(text)->counts for the same text; so do
// the errors' codes.
Result<std::map<std::string, int>> count_what_if_changes(std::istream& in);

}  // namespace bicepgate::azure
