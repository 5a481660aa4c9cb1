#include "util/hash.hpp"

#include <cstdio>

namespace bicepgate::util {

ContentHash& ContentHash::add(std::string_view bytes) {
  for (unsigned char c : bytes) {
    state_ ^= c;
    state_ *= 0x100000001b3ULL;
  }
  // A separator, so add("ab").add("c") differs from add("a").add("bc").
  state_ ^= 0xffU;
  state_ *= 0x100000001b3ULL;
  return *this;
}

std::string ContentHash::hex() const {
  char buffer[17];
  std::snprintf(buffer, sizeof(buffer), "%016llx", static_cast<unsigned long long>(state_));
  return buffer;
}

}  // namespace bicepgate::util
