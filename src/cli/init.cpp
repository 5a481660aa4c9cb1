// bicepgate init: writes a first .github/bicepgate.yml for the repository it is run in, from the
// templates and parameter files it finds, checked by the same loader every run uses.
#include <iostream>

#include "cli/commands.hpp"
#include "cli/run_setup.hpp"
#include "github/command_output.hpp"
#include "routing/config.hpp"
#include "routing/draft.hpp"
#include "util/files.hpp"
#include "util/paths.hpp"

namespace bicepgate::cli {
namespace {

struct InitOptions {
  std::string output = routing::kDefaultConfigPath;
  std::string location = "eastus";
  std::string name;
  bool force = false;
  bool print = false;
};

// Folders that hold no templates of the repository's own.
bool skipped(const std::filesystem::path& name) {
  static const std::vector<std::string> kSkipped = {".git",  "node_modules", ".bicepgate",
                                                    "build", "bin",          "obj"};
  return std::find(kSkipped.begin(), kSkipped.end(), name.string()) != kSkipped.end();
}

// The .bicep sources and the candidate parameter files, workspace-relative. Bounded: a
// repository of more than kMaxFiles such files is not walked further.
void scan(const std::filesystem::path& workspace, std::vector<routing::BicepSource>& sources,
          std::vector<routing::BicepSource>& parameters) {
  constexpr std::size_t kMaxFiles = 2000;
  std::error_code ec;
  std::filesystem::recursive_directory_iterator it(workspace, ec), end;
  for (; !ec && it != end && sources.size() + parameters.size() < kMaxFiles; it.increment(ec)) {
    if (it->is_directory(ec) && skipped(it->path().filename())) {
      it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file(ec) || it->is_symlink(ec)) continue;
    const auto& path = it->path();
    const auto extension = path.extension().string();
    if (extension != ".bicep" && extension != ".bicepparam" && extension != ".json") continue;
    if (std::filesystem::file_size(path, ec) > std::uintmax_t{4} * 1024 * 1024) continue;
    auto text = util::read_file(path);
    if (!text) continue;
    routing::BicepSource file{path.lexically_relative(workspace).generic_string(),
                              std::move(*text)};
    (extension == ".bicep" ? sources : parameters).push_back(std::move(file));
  }
}

// A resource-group-friendly name from the folder: letters, digits and '-'.
std::string name_of(const std::filesystem::path& workspace) {
  std::string out;
  for (char c : std::filesystem::weakly_canonical(workspace).filename().string()) {
    if (std::isalnum(static_cast<unsigned char>(c)))
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    else if (!out.empty() && out.back() != '-')
      out += '-';
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.empty() ? "app" : out.substr(0, 40);
}

int init(const InitOptions& options) {
  const auto workspace = std::filesystem::current_path();
  auto say = [](const std::string& text) { std::cerr << github::command_safe_text(text + "\n"); };
  std::vector<routing::BicepSource> sources, parameters;
  scan(workspace, sources, parameters);
  auto draft = routing::draft_layout(sources, parameters);
  if (draft.template_file.empty()) {
    say("bicepgate init: no .bicep template under " + workspace.string() +
        "; run it at the root of the repository that holds your templates");
    return 1;
  }
  const auto name = options.name.empty() ? name_of(workspace) : options.name;
  const auto text = routing::render_draft(draft, name, options.location);
  // The loader every run uses decides: what init writes must route as it says.
  if (auto checked = routing::parse_config(text, options.output); !checked) {
    say("bicepgate init: the draft does not validate (a bug; please report it): " +
        checked.error().message);
    return 70;
  }
  if (options.print) {
    std::cout << github::command_safe_text(text);
    return 0;
  }
  auto target = util::contained_path(options.output, {{workspace, "the repository"}}, "--output");
  if (!target) {
    say("bicepgate init: " + target.error().message);
    return 2;
  }
  std::error_code ec;
  if (std::filesystem::exists(*target, ec) && !options.force) {
    say("bicepgate init: " + options.output +
        " exists; --force replaces it, --print shows the draft instead");
    return 1;
  }
  std::filesystem::create_directories(target->parent_path(), ec);
  if (auto written = util::write_file_atomic(*target, text); !written) {
    say("bicepgate init: " + written.error().message);
    return 1;
  }
  say("bicepgate init: wrote " + options.output + " for " + draft.template_file + " with " +
      std::to_string(draft.environments.size()) + " environment(s):");
  for (const auto& environment : draft.environments) {
    say("  " + environment.name + ": rg-" + name + "-" + environment.name +
        (environment.parameters_file.empty() ? "" : ", " + environment.parameters_file));
  }
  say("Check the resource groups and the location, then commit it.");
  return 0;
}

}  // namespace

void add_init(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<InitOptions>();
  auto* cmd = app.add_subcommand(
      "init",
      "Write a first routing config (.github/bicepgate.yml) for the repository in the current "
      "folder: its entry template, one environment per parameter file, routes for develop, "
      "pull requests and main.");
  cmd->add_option("--output", options->output, "Where to write it, inside the repository");
  cmd->add_option("--location", options->location, "The Azure region of every environment");
  cmd->add_option("--name", options->name,
                  "Used in the resource group names rg-NAME-ENV (default: the folder's name)");
  cmd->add_flag("--force", options->force, "Replace an existing file");
  cmd->add_flag("--print", options->print, "Print the draft instead of writing it");
  cmd->callback([options, &exit_code] { exit_code = init(*options); });
}

}  // namespace bicepgate::cli
