#include "azure/what_if_noise.hpp"

#include <catch2/catch.hpp>

#include "support.hpp"
#include "util/files.hpp"

using namespace bicepgate::azure;

namespace {
WhatIfResult one_modify(const std::string& type,
                        std::vector<std::pair<std::string, std::string>> deltas) {
  WhatIfResult result;
  WhatIfChange change;
  change.resource_type = type;
  change.resource_name = "r";
  change.change_type = "Modify";
  for (const auto& [path, kind] : deltas) change.delta.push_back({path, kind, nullptr, nullptr});
  result.changes.push_back(change);
  result.recount();
  return result;
}
}  // namespace

TEST_CASE("noise rules take a path alone or a type and a path; comments and blanks are skipped") {
  auto rules = parse_noise_rules(
      "# c\n\nproperties.provisioningState\nMicrosoft.Web/* properties.x.*  # why\n", "n.txt");
  REQUIRE(rules);
  REQUIRE(rules->size() == 2);
  CHECK((*rules)[0].type_glob == "*");
  CHECK((*rules)[1].type_glob == "Microsoft.Web/*");
  CHECK((*rules)[1].origin == "n.txt:4");
  auto bad = parse_noise_rules("a b c\n", "n.txt");
  REQUIRE_FALSE(bad);
  CHECK_THAT(bad.error().message, Catch::Contains("n.txt:1"));
}

TEST_CASE("a Modify made only of noise becomes NoChange, and what was filtered is kept") {
  auto rules =
      parse_noise_rules("microsoft.web/sites properties.siteConfig.*\netag\n", "n").value();
  auto result =
      one_modify("Microsoft.Web/sites",
                 {{"properties.siteConfig.netFrameworkVersion", "Modify"}, {"etag", "Modify"}});
  apply_noise_filter(result, rules);
  CHECK(result.changes[0].change_type == "NoChange");
  CHECK(result.changes[0].filtered ==
        std::vector<std::string>{"properties.siteConfig.netFrameworkVersion", "etag"});
  CHECK(result.counts == std::map<std::string, int>{{"NoChange", 1}});
}

TEST_CASE("a real change survives the filter next to the noise") {
  auto rules = parse_noise_rules("etag\n", "n").value();
  auto result = one_modify("Microsoft.Storage/storageAccounts",
                           {{"sku.name", "Modify"}, {"etag", "Modify"}, {"x", "NoEffect"}});
  apply_noise_filter(result, rules);
  CHECK(result.changes[0].change_type == "Modify");
  CHECK(result.changes[0].changed_properties() == std::vector<std::string>{"sku.name"});
  CHECK(result.changes[0].filtered.size() == 2);
}

TEST_CASE("rules for another type leave a change alone") {
  auto rules = parse_noise_rules("Microsoft.Web/sites properties.*\n", "n").value();
  auto result =
      one_modify("Microsoft.Storage/storageAccounts", {{"properties.minimumTlsVersion", "Modify"}});
  apply_noise_filter(result, rules);
  CHECK(result.changes[0].change_type == "Modify");
}

TEST_CASE("the shipped noise list parses") {
  auto text =
      bicepgate::util::read_file(std::string(BICEPGATE_SOURCE_DIR) + "/data/whatif-noise.txt");
  REQUIRE(text);
  auto rules = parse_noise_rules(*text, "whatif-noise.txt");
  REQUIRE(rules);
  CHECK(rules->size() >= 5);
}
