#include "util/time.hpp"

#include <ctime>

namespace bicepgate::util {

std::string format_utc(std::chrono::system_clock::time_point at, const char* format) {
  std::time_t t = std::chrono::system_clock::to_time_t(at);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[64];
  std::size_t n = std::strftime(buffer, sizeof(buffer), format, &tm);
  return std::string(buffer, n);
}

std::string format_minutes(std::chrono::milliseconds duration) {
  auto seconds = std::chrono::duration_cast<std::chrono::seconds>(duration).count();
  if (seconds < 120) return std::to_string(seconds) + " s";
  return std::to_string((seconds + 30) / 60) + " min";
}

}  // namespace bicepgate::util
