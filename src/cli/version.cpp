#include <git2.h>
#include <spdlog/version.h>
#include <sqlite3.h>
#include <yaml-cpp/yaml.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "version.hpp"

namespace bicepgate::cli {

void add_version(CLI::App& app, int& exit_code) {
  auto json = std::make_shared<bool>(false);
  auto* cmd =
      app.add_subcommand("version", "Print bicepgate's version (and its libraries' with --json).");
  cmd->add_flag("--json", *json, "Print JSON with library versions");
  cmd->callback([json, &exit_code] {
    if (!*json) {
      std::cout << "bicepgate " << kVersion << "\n";
    } else {
      int major = 0, minor = 0, rev = 0;
      git_libgit2_version(&major, &minor, &rev);
      nlohmann::json out = {
          {"bicepgate", kVersion},
          {"libgit2",
           std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(rev)},
          {"sqlite", sqlite3_libversion()},
          {"spdlog", std::to_string(SPDLOG_VER_MAJOR) + "." + std::to_string(SPDLOG_VER_MINOR) +
                         "." + std::to_string(SPDLOG_VER_PATCH)},
          {"nlohmann_json", std::to_string(NLOHMANN_JSON_VERSION_MAJOR) + "." +
                                std::to_string(NLOHMANN_JSON_VERSION_MINOR) + "." +
                                std::to_string(NLOHMANN_JSON_VERSION_PATCH)}};
      std::cout << out.dump(2) << "\n";
    }
    exit_code = 0;
  });
}

}  // namespace bicepgate::cli
