#pragma once
// A stable content hash (FNV-1a, 64 bit) for naming deployments: not a security boundary,
// only a way to recognise the same template and parameters again.

#include <cstdint>
#include <string>
#include <string_view>

namespace bicepgate::util {

class ContentHash {
 public:
  ContentHash& add(std::string_view bytes);
  std::string hex() const;  // 16 lowercase hex digits

 private:
  std::uint64_t state_ = 0xcbf29ce484222325ULL;
};

}  // namespace bicepgate::util
