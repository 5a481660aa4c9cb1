#include "stages/lint.hpp"

#include <catch2/catch.hpp>

using namespace bicepgate;

namespace {

bicep::Diagnostic diagnostic(bicep::Severity severity, const std::string& code) {
  bicep::Diagnostic d;
  d.file = "bicep/main.bicep";
  d.line = 12;
  d.severity = severity;
  d.code = code;
  return d;
}

std::vector<std::string> codes_of(const std::vector<const bicep::Diagnostic*>& found) {
  std::vector<std::string> out;
  for (const auto* d : found) out.push_back(d->code);
  return out;
}

}  // namespace

TEST_CASE("warnings-as-errors picks the warnings that fail lint, never infos or errors") {
  // What real Bicep 0.49 prints for an unknown property inside `properties:` (BCP037), an
  // unknown resource type (BCP081) and a linter rule.
  const std::vector<bicep::Diagnostic> diagnostics = {
      diagnostic(bicep::Severity::kWarning, "BCP037"),
      diagnostic(bicep::Severity::kWarning, "BCP081"),
      diagnostic(bicep::Severity::kWarning, "no-unused-params"),
      diagnostic(bicep::Severity::kInfo, "use-recent-api-versions"),
      diagnostic(bicep::Severity::kError, "BCP089"),
  };
  CHECK(codes_of(stages::failing_warnings(diagnostics, {true, {}})) ==
        std::vector<std::string>{"BCP037", "BCP081", "no-unused-params"});
  CHECK(stages::failing_warnings(diagnostics, {false, {}}).empty());
  CHECK(codes_of(stages::failing_warnings(diagnostics, {false, {"bcp037", "no-unused-params"}})) ==
        std::vector<std::string>{"BCP037", "no-unused-params"});
  CHECK(stages::failing_warnings(diagnostics, {false, {"use-recent-api-versions"}}).empty());
}

TEST_CASE("the first error decides a failed compile, whatever warnings come before it") {
  const std::vector<bicep::Diagnostic> diagnostics = {
      diagnostic(bicep::Severity::kWarning, "no-unused-params"),
      diagnostic(bicep::Severity::kError, "BCP037"),
      diagnostic(bicep::Severity::kError, "BCP089"),
  };
  REQUIRE(stages::decisive_error(diagnostics) != nullptr);
  CHECK(stages::decisive_error(diagnostics)->code == "BCP037");
  CHECK(stages::decisive_error({diagnostic(bicep::Severity::kWarning, "BCP081")}) == nullptr);
}
