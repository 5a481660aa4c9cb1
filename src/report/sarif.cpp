#include "report/sarif.hpp"

#include <map>

namespace bicepgate::report {
namespace {

const char* level_of(bicep::Severity severity) {
  switch (severity) {
    case bicep::Severity::kWarning: return "warning";
    case bicep::Severity::kInfo: return "note";
    case bicep::Severity::kError: break;
  }
  return "error";
}

std::string uri_of(std::string path) {
  for (auto& c : path) {
    if (c == '\\') c = '/';
  }
  std::string out;
  for (unsigned char c : path) {
    // Percent-encode what a URI reference cannot carry raw.
    if (c == ' ' || c == '%' || c == '#' || c == '?' || c < 0x20) {
      constexpr const char* kHex = "0123456789ABCDEF";
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

}  // namespace

nlohmann::json render_sarif(const std::vector<bicep::Diagnostic>& diagnostics,
                            const std::string& bicep_version,
                            const std::function<std::string(const std::string&)>& relative) {
  using nlohmann::json;
  json rules = json::array();
  std::map<std::string, std::size_t> rule_index;
  json results = json::array();
  for (const auto& d : diagnostics) {
    if (rule_index.count(d.code) == 0) {
      rule_index[d.code] = rules.size();
      json rule = {{"id", d.code}, {"name", d.code}, {"shortDescription", {{"text", d.code}}}};
      if (!d.link.empty()) rule["helpUri"] = d.link;
      rules.push_back(rule);
    }
    json region = {{"startLine", std::max(1, d.line)}, {"startColumn", std::max(1, d.column)}};
    results.push_back(
        {{"ruleId", d.code},
         {"ruleIndex", rule_index[d.code]},
         {"level", level_of(d.severity)},
         {"message", {{"text", d.message.empty() ? d.code : d.message}}},
         {"locations",
          json::array({{{"physicalLocation",
                         {{"artifactLocation",
                           {{"uri", uri_of(relative(d.file))}, {"uriBaseId", "%SRCROOT%"}}},
                          {"region", region}}}}})}});
  }
  json driver = {{"name", "bicep"}, {"informationUri", "https://aka.ms/bicep"}, {"rules", rules}};
  if (!bicep_version.empty()) driver["semanticVersion"] = bicep_version;
  return {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
          {"version", "2.1.0"},
          {"runs", json::array({{{"tool", {{"driver", driver}}}, {"results", results}}})}};
}

}  // namespace bicepgate::report
