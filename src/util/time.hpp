#pragma once
// Time as text, always UTC.

#include <chrono>
#include <string>

namespace bicepgate::util {

// strftime in UTC: "%Y-%m-%dT%H:%M:%SZ", "%H:%M:%SZ"…
std::string format_utc(std::chrono::system_clock::time_point at, const char* format);

// For people: "45 s" below two minutes, else whole minutes ("12 min").
std::string format_minutes(std::chrono::milliseconds duration);

}  // namespace bicepgate::util
