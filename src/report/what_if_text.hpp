#pragma once
// The what-if as a plain-text table for a terminal (`bicepgate whatif FILE`): changes that
// matter first, one aligned row per resource that changes, unchanged ones counted.

#include <string>

#include "azure/what_if.hpp"

namespace bicepgate::report {

// Plain text, or with ANSI SGR colours for a terminal that wants them: each change type in its
// colour (Delete red, Create green, Modify yellow…), the headings bold.
enum class TextStyle { kPlain, kColour };

// Pure. Outside text is printed as it is, less its control characters (an ESC in a resource
// name cannot colour or move the terminal): the caller defuses lines that could read as
// commands.
std::string render_what_if_text(const azure::WhatIfResult& what_if,
                                TextStyle style = TextStyle::kPlain);

}  // namespace bicepgate::report
