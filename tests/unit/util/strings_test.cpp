#include "util/strings.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

TEST_CASE("text from outside becomes valid UTF-8, valid text stays as it is") {
  using bicepgate::util::valid_utf8;
  CHECK(valid_utf8("plain ascii") == "plain ascii");
  CHECK(valid_utf8("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80") ==
        "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80");
  CHECK(valid_utf8("a\xFFz") == "a\xEF\xBF\xBDz");                              // never a lead byte
  CHECK(valid_utf8("\xC0\xAF") == "\xEF\xBF\xBD\xEF\xBF\xBD");                  // overlong '/'
  CHECK(valid_utf8("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
  CHECK(valid_utf8("\xF4\x90\x80\x80").find("\xEF\xBF\xBD") == 0);              // past U+10FFFF
  CHECK(valid_utf8("end\xE2\x82") == "end\xEF\xBF\xBD\xEF\xBF\xBD");            // cut off
  auto fixed = valid_utf8("ERROR: {'code': 'X\xFE'}");
  CHECK_NOTHROW(nlohmann::json(fixed).dump());
}

TEST_CASE("comparing ignoring case agrees with comparing the lowered texts, byte for byte") {
  for (int a = 0; a < 256; ++a) {
    for (int b = 0; b < 256; ++b) {
      const std::string x(1, static_cast<char>(a));
      const std::string y(1, static_cast<char>(b));
      REQUIRE(bicepgate::util::equals_ignoring_case(x, y) ==
              (bicepgate::util::to_lower(x) == bicepgate::util::to_lower(y)));
    }
  }
  CHECK(bicepgate::util::equals_ignoring_case("Microsoft.Network/publicIPAddresses",
                                              "microsoft.network/PUBLICIPADDRESSES"));
  CHECK_FALSE(bicepgate::util::equals_ignoring_case("providers", "provider"));
}
