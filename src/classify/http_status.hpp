#pragma once
// The HTTP status a failure output mentions, in the shapes the Azure clients print it: the last
// resort of classification when no error code decides.

#include <optional>
#include <string_view>

namespace bicepgate::classify {

// Pure. The first 4xx/5xx status the text names, if any.
std::optional<int> http_status(std::string_view output);

}  // namespace bicepgate::classify
