#pragma once
// The what-if as a plain-text table for a terminal (`bicepgate whatif FILE`): changes that
// matter first, one aligned row per resource that changes, unchanged ones counted.

#include <string>

#include "azure/what_if.hpp"

namespace bicepgate::report {

// Pure. Outside text is printed as it is: the caller defuses lines that could read as commands.
std::string render_what_if_text(const azure::WhatIfResult& what_if);

}  // namespace bicepgate::report
