#include "bicep/template_parameters.hpp"

#include <catch2/catch.hpp>

using namespace bicepgate;

namespace {

using Names = std::vector<std::string>;

Names names_of(const std::vector<bicep::UndeclaredParameter>& found) {
  Names out;
  for (const auto& p : found) out.push_back(p.name + ">" + p.suggestion);
  return out;
}

}  // namespace

TEST_CASE("the declared parameters are listed sorted, as az lists the allowed ones") {
  CHECK(bicep::declared_parameters(
            R"({"parameters": {"storageSku": {"type": "string"}, "location": {"type": "string"},
                "adminPassword": {"type": "securestring"}}})") ==
        Names{"adminPassword", "location", "storageSku"});
  CHECK(bicep::declared_parameters(R"({"resources": []})").empty());
  CHECK(bicep::declared_parameters("not json").empty());
}

TEST_CASE("a name the template does not declare comes with the closest declared one") {
  const Names declared = {"location", "storageSku"};
  CHECK(names_of(bicep::undeclared_parameters({"storgeSku", "location", "zzz"}, declared, true)) ==
        Names{"storgeSku>storageSku", "zzz>"});
}

TEST_CASE("overrides are matched exactly as az does; a parameters file's names in any case") {
  const Names declared = {"location", "storageSku"};
  CHECK(names_of(bicep::undeclared_parameters({"StorageSku"}, declared, true)) ==
        Names{"StorageSku>storageSku"});
  CHECK(bicep::undeclared_parameters({"StorageSku"}, declared, false).empty());
}

TEST_CASE("a parameters file gives the names under 'parameters', or at its top level") {
  CHECK(bicep::parameters_file_names(
            R"({"$schema": "x", "contentVersion": "1.0.0.0",
                // az reads comments
                "parameters": {"location": {"value": "westeurope"}, "storgeSku": {"value": "a"}}})") ==
        Names{"location", "storgeSku"});
  CHECK(bicep::parameters_file_names(R"({"$schema": "x", "location": {"value": "w"}})") ==
        Names{"location"});
  CHECK(bicep::parameters_file_names("[1]").empty());
}

TEST_CASE("a key's line is where it appears as a key, not as a value") {
  const std::string text =
      "{\n  \"parameters\": {\n    \"a\": {\"value\": \"storgeSku\"},\n"
      "    \"storgeSku\" : {\"value\": 1}\n  }\n}\n";
  CHECK(bicep::key_line(text, "storgeSku") == 4);
  CHECK(bicep::key_line(text, "missing") == 0);
}
