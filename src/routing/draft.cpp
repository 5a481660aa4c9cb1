#include "routing/draft.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "util/strings.hpp"

namespace bicepgate::routing {
namespace {

// Environment words and the environment each stands for, in promotion order.
const std::vector<std::pair<std::string, std::string>> kEnvironmentWords = {
    {"dev", "dev"},         {"development", "dev"}, {"test", "test"},       {"qa", "test"},
    {"staging", "staging"}, {"stage", "staging"},   {"stg", "staging"},     {"uat", "staging"},
    {"preprod", "staging"}, {"prod", "prod"},       {"production", "prod"}, {"prd", "prod"}};
const std::vector<std::string> kOrder = {"dev", "test", "staging", "prod"};

std::string directory_of(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos ? std::string() : path.substr(0, slash);
}

// `relative` as written in a Bicep file (module path, `using`), from the file at `from`.
std::string resolve(const std::string& from, const std::string& relative) {
  std::filesystem::path joined = std::filesystem::path(directory_of(from)) / relative;
  return joined.lexically_normal().generic_string();
}

// The words of a file name, split on anything not a letter or digit: main.prod.bicepparam →
// main, prod, bicepparam.
std::vector<std::string> name_words(const std::string& path) {
  auto name = path.substr(path.rfind('/') == std::string::npos ? 0 : path.rfind('/') + 1);
  std::vector<std::string> words;
  std::string word;
  for (char c : name) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (!word.empty()) {
      words.push_back(word);
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(word);
  return words;
}

std::string environment_of(const std::string& path) {
  for (const auto& word : name_words(path)) {
    for (const auto& [spelled, environment] : kEnvironmentWords) {
      if (word == spelled) return environment;
    }
  }
  return {};
}

}  // namespace

Draft draft_layout(const std::vector<BicepSource>& sources,
                   const std::vector<BicepSource>& parameter_files) {
  static const std::regex kModule(R"(^\s*module\s+\w+\s+'([^']+\.bicep)')", std::regex::multiline);
  static const std::regex kUsing(R"(^\s*using\s+'([^']+)')", std::regex::multiline);
  std::set<std::string> referenced;
  for (const auto& source : sources) {
    for (std::sregex_iterator it(source.text.begin(), source.text.end(), kModule), end; it != end;
         ++it) {
      referenced.insert(resolve(source.path, (*it)[1].str()));
    }
  }
  std::vector<std::string> entries;
  for (const auto& source : sources) {
    if (referenced.count(source.path) == 0) entries.push_back(source.path);
  }
  // main.bicep nearest the root first, then the shallowest, then by name.
  std::sort(entries.begin(), entries.end(), [](const std::string& a, const std::string& b) {
    auto rank = [](const std::string& p) {
      auto words = name_words(p);
      const bool exact = p == "main.bicep" || p.ends_with("/main.bicep");
      return std::make_tuple(!exact, words.empty() || words.front() != "main",
                             std::count(p.begin(), p.end(), '/'), p);
    };
    return rank(a) < rank(b);
  });
  Draft draft;
  if (entries.empty()) return draft;
  draft.template_file = entries.front();
  draft.other_entries.assign(entries.begin() + 1, entries.end());

  std::map<std::string, std::string> chosen;  // environment -> parameters file
  for (const auto& file : parameter_files) {
    const bool bicepparam = file.path.size() > 11 && file.path.ends_with(".bicepparam");
    if (bicepparam) {
      std::smatch m;
      // A .bicepparam names its template; one for another template is not ours.
      if (!std::regex_search(file.text, m, kUsing) ||
          resolve(file.path, m[1].str()) != draft.template_file)
        continue;
    } else if (file.text.find("deploymentParameters.json") == std::string::npos &&
               file.text.find("\"parameters\"") == std::string::npos) {
      continue;  // some other JSON
    }
    auto environment = environment_of(file.path);
    if (environment.empty()) {
      draft.unmatched_parameters.push_back(file.path);
      continue;
    }
    // A .bicepparam wins over a .json for the same environment (it is checked against the
    // template at compile time); otherwise the first by path.
    auto found = chosen.find(environment);
    if (found == chosen.end() || (bicepparam && !found->second.ends_with(".bicepparam")))
      chosen[environment] = file.path;
  }
  for (const auto& environment : kOrder) {
    if (auto found = chosen.find(environment); found != chosen.end())
      draft.environments.push_back({environment, found->second});
  }
  if (draft.environments.empty()) draft.environments.push_back({"dev", ""});
  return draft;
}

std::string render_draft(const Draft& draft, const std::string& name, const std::string& location) {
  std::ostringstream out;
  out << "# Written by `bicepgate init`. Check every resource group and location; then commit.\n"
      << "# Reference: the README's Routing section.\n";
  if (!draft.other_entries.empty()) {
    out << "# Other templates no module references (not routed):";
    for (const auto& other : draft.other_entries) out << " " << other;
    out << "\n";
  }
  if (!draft.unmatched_parameters.empty()) {
    out << "# Parameter files whose name says no environment (not routed):";
    for (const auto& other : draft.unmatched_parameters) out << " " << other;
    out << "\n";
  }
  // Quoted as YAML single-quoted scalars: a path may hold ':' or '#'.
  auto quoted = [](const std::string& text) {
    std::string escaped;
    for (char c : text) escaped += c == '\'' ? std::string("''") : std::string(1, c);
    return "'" + escaped + "'";
  };
  out << "environments:\n";
  bool has_prod = false;
  for (const auto& environment : draft.environments) {
    out << "  " << environment.name << ":\n"
        << "    resource-group: " << quoted("rg-" + name + "-" + environment.name) << "\n"
        << "    location: " << quoted(location) << "\n"
        << "    template: " << quoted(draft.template_file) << "\n";
    if (!environment.parameters_file.empty())
      out << "    parameters: " << quoted(environment.parameters_file) << "\n";
    if (environment.name == "prod") {
      has_prod = true;
      out << "    production: true\n    delete-policy: require-approval\n";
    } else {
      out << "    delete-policy: " << (environment.name == "dev" ? "allow" : "require-approval")
          << "\n";
    }
  }
  const auto& first = draft.environments.front().name;
  const auto& last = draft.environments.back().name;
  // Pull requests plan the environment before production (or the only one), read-only.
  std::string planned = first;
  for (const auto& environment : draft.environments) {
    if (environment.name != "prod") planned = environment.name;
  }
  out << "routes:\n";
  if (draft.environments.size() > 1 && first != last) {
    out << "  - event: push\n    branch: develop\n    environment: " << first << "\n";
  }
  if (planned == "prod") {
    // No config may route a pull request to production, not even to plan: with production
    // alone there is nothing to plan a pull request against.
    out << "  # Pull requests: add a non-production environment to plan them against, with\n"
        << "  # preview: [prod] to show production's what-if too.\n";
  } else {
    out << "  - event: pull_request\n    base: main\n    environment: " << planned << "\n";
    if (has_prod) out << "    preview: [prod]\n";
    out << "    plan-only: true\n";
  }
  out << "  - event: push\n    branch: main\n    environment: " << last << "\n";
  return out.str();
}

}  // namespace bicepgate::routing
