#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <nlohmann/json.hpp>

#include "azure/what_if.hpp"
#include "azure/what_if_counts.hpp"
#include "azure/what_if_stream.hpp"
#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "github/command_output.hpp"
#include "github/environment.hpp"
#include "report/plan.hpp"
#include "report/what_if_text.hpp"
#include "util/files.hpp"

namespace bicepgate::cli {
namespace {

// The file in one allocation of its size (util::read_file's stream copy peaks at twice it); a
// pipe or FIFO (`bicepgate whatif <(az ...)`) has no size and is read as a stream.
Result<std::string> read_whole(const std::string& path) {
  std::error_code ec;
  const bool sized = std::filesystem::is_regular_file(path, ec);
  std::ifstream in(path, sized ? std::ios::binary | std::ios::ate : std::ios::binary);
  if (!in) return fail("cannot read " + path + ": " + std::strerror(errno), "io.read");
  if (!sized) return std::string(std::istreambuf_iterator<char>(in), {});
  std::string text(static_cast<std::size_t>(in.tellg()), '\0');
  in.seekg(0);
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  return text;
}

struct WhatIfOptions {
  std::string file;
  bool summarize = false;
  std::string format = "table";
  std::string colour = "auto";
};

// Counts only: streamed, so memory stays flat however large the plan (bench/whatif_summarize.py).
int summarize(const WhatIfOptions& options) {
  std::ifstream file;
  if (options.file != "-") {
    file.open(options.file, std::ios::binary);
    if (!file) {
      std::cerr << github::command_safe_text("bicepgate whatif: cannot open " + options.file +
                                             ": " + std::strerror(errno) + "\n");
      return 1;
    }
  }
  auto counts = azure::count_what_if_changes(options.file == "-" ? std::cin : file);
  if (!counts) {
    std::cerr << github::command_safe_text(std::string("bicepgate whatif: ") + options.file + ": " +
                                           counts.error().message + "\n");
    return 1;
  }
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [type, count] : *counts) out[type] = count;
  std::cout << github::command_safe_json(out, -1) << "\n";
  return 0;
}

int what_if_command(const WhatIfOptions& options) {
  if (options.summarize) return summarize(options);
  // The text whole, then streamed, as the run holds az's output: only what is shown is kept
  // beside it (bench/whatif_render.py measures this path).
  auto text = options.file == "-"
                  ? Result<std::string>(std::string(std::istreambuf_iterator<char>(std::cin), {}))
                  : read_whole(options.file);
  if (!text) {
    std::cerr << github::command_safe_text(std::string("bicepgate whatif: ") +
                                           text.error().message + "\n");
    return 1;
  }
  auto parsed = azure::read_what_if(std::string_view(*text));
  if (!parsed) {
    std::cerr << github::command_safe_text(std::string("bicepgate whatif: ") + options.file + ": " +
                                           parsed.error().message + "\n");
    return 1;
  }
  // Names come from the file: no line of them may read as a workflow command.
  if (options.format == "markdown") {
    std::cout << github::command_safe_text(
        report::render_plan(*parsed, "bicepgate plan: " + options.file, std::nullopt, ""));
  } else {
    const auto style = wants_colour(github::current_environment(), STDOUT_FILENO, options.colour)
                           ? report::TextStyle::kColour
                           : report::TextStyle::kPlain;
    std::cout << github::command_safe_text(report::render_what_if_text(*parsed, style));
  }
  return 0;
}

}  // namespace

void add_whatif(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<WhatIfOptions>();
  auto* cmd = app.add_subcommand("whatif",
                                 "Read a what-if result (az deployment … what-if --no-pretty-print "
                                 "--output json) and print it as a table of changes.");
  cmd->add_option("file", options->file, "The what-if JSON file, or - for stdin")->required();
  cmd->add_flag("--summarize", options->summarize,
                "Print one JSON object: change type -> number of resources, e.g. "
                "{\"Create\":3,\"NoChange\":12}");
  cmd->add_option("--format", options->format,
                  "table (for a terminal) or markdown (the full plan, as the plan file)")
      ->check(CLI::IsMember({"table", "markdown"}));
  cmd->add_option("--color", options->colour,
                  "Colour the table: auto (a terminal without NO_COLOR), always or never")
      ->check(one_of({"auto", "always", "never"}))
      ->capture_default_str();
  cmd->callback([options, &exit_code] { exit_code = what_if_command(*options); });
}

}  // namespace bicepgate::cli
