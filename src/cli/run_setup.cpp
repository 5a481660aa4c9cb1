#include "cli/run_setup.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <iostream>

#include "azure/az_runner.hpp"
#include "git/repository.hpp"
#include "pipeline/run.hpp"
#include "util/files.hpp"

namespace bicepgate::cli {

std::filesystem::path workspace_of(const github::EnvironmentMap& env) {
  if (auto ws = github::lookup(env, "GITHUB_WORKSPACE"); ws && !ws->empty()) return *ws;
  return std::filesystem::current_path();
}

std::string commit_of(const github::EnvironmentMap& env, const std::filesystem::path& workspace) {
  if (auto sha = github::lookup(env, "GITHUB_SHA"); sha && !sha->empty()) return *sha;
  auto repo = git::Repository::open(workspace);
  if (!repo) return {};
  auto head = repo->head_sha();
  return head ? *head : std::string{};
}

std::filesystem::path fresh_work_dir(const github::EnvironmentMap& env) {
  std::filesystem::path base = std::filesystem::temp_directory_path();
  if (auto temp = github::lookup(env, "RUNNER_TEMP"); temp && !temp->empty()) base = *temp;
  auto dir = base / ("bicepgate-" + util::random_hex(6));
  std::filesystem::create_directories(dir);
  return dir;
}

void configure_logging(const github::EnvironmentMap& env) {
  // People read stderr; stdout is reserved for workflow commands and command results.
  auto logger = spdlog::stderr_color_mt("bicepgate");
  logger->set_pattern("%^[%l]%$ %v");
  spdlog::set_default_logger(logger);
  auto level = github::lookup(env, "BICEPGATE_LOG_LEVEL").value_or("info");
  spdlog::set_level(spdlog::level::from_str(level));
  if (github::lookup(env, "RUNNER_DEBUG").value_or("") == "1") spdlog::set_level(spdlog::level::debug);
}

int run_pipeline(pipeline::RunSettings settings, github::EventContext event,
                 const github::EnvironmentMap& env) {
  github::WorkflowCommands commands(std::cout);
  github::RunnerFiles files(env);
  azure::ProcessAzRunner az;
  pipeline::RunContext ctx{std::move(settings), std::move(event), commands, files, az, {}, {}, {}, {}, {}, {}, {}, {}};
  int code = pipeline::execute(ctx);
  std::error_code ec;
  std::filesystem::remove_all(ctx.settings.work_dir, ec);
  return code;
}

}  // namespace bicepgate::cli
