#include "cli/run_setup.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>

#include "audit/store.hpp"
#include "azure/az_runner.hpp"
#include "cli/options.hpp"
#include "git/repository.hpp"
#include "github/log_sink.hpp"
#include "pipeline/run.hpp"
#include "util/files.hpp"
#include "version.hpp"

namespace bicepgate::cli {

std::string commit_of(const github::EnvironmentMap& env, const std::filesystem::path& workspace) {
  if (auto sha = github::lookup(env, "GITHUB_SHA"); sha && !sha->empty()) return *sha;
  auto repo = git::Repository::open_workspace(workspace);
  if (!repo) {
    spdlog::debug("git: no commit for the audit record ({})", repo.error().message);
    return {};
  }
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

std::filesystem::path data_dir(const github::EnvironmentMap& env) {
  if (auto dir = github::lookup(env, "BICEPGATE_DATA_DIR"); dir && !dir->empty()) return *dir;
  std::error_code ec;
  if (std::filesystem::is_directory(BICEPGATE_DATA_DIR, ec)) return BICEPGATE_DATA_DIR;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  return exe.parent_path().parent_path() / "share" / "bicepgate";
}

Result<std::vector<azure::NoiseRule>> load_noise_rules(const github::EnvironmentMap& env,
                                                       const std::string& extra) {
  auto path = data_dir(env) / "whatif-noise.txt";
  auto text = util::read_file(path);
  if (!text)
    return fail(text.error().message +
                " (the what-if noise list ships in data/; set BICEPGATE_DATA_DIR)");
  auto rules = azure::parse_noise_rules(*text, path.string());
  if (!rules) return fail(rules.error());
  auto more = azure::parse_noise_rules(extra, "input what-if-noise");
  if (!more) return fail(more.error());
  rules->insert(rules->end(), more->begin(), more->end());
  return rules;
}

namespace {

// A table shipped in data/ (Table::load reads and validates it); the error says where it lives.
template <typename Table>
Result<Table> load_shipped(const github::EnvironmentMap& env, const char* file, const char* what) {
  auto path = data_dir(env) / file;
  auto table = Table::load(path.string());
  if (!table)
    return fail(table.error().message + " (the " + what +
                " ship in data/; set BICEPGATE_DATA_DIR)");
  return table;
}

}  // namespace

Result<classify::RuleTable> load_rules(const github::EnvironmentMap& env) {
  return load_shipped<classify::RuleTable>(env, "error-rules.yml", "classification rules");
}

Result<azure::RegionTable> load_regions(const github::EnvironmentMap& env) {
  return load_shipped<azure::RegionTable>(env, "regions.yml", "region capabilities");
}

void configure_logging(const github::EnvironmentMap& env) {
  // Through the channel: masked and neutralised, and under Actions on stdout with the commands.
  auto logger = github::channel_logger("bicepgate", github::process_commands());
  logger->set_pattern("%^[%l]%$ %v");
  spdlog::set_default_logger(logger);
  auto level = github::lookup(env, "BICEPGATE_LOG_LEVEL").value_or("info");
  spdlog::set_level(spdlog::level::from_str(level));
  if (github::lookup(env, "RUNNER_DEBUG").value_or("") == "1")
    spdlog::set_level(spdlog::level::debug);
}

audit::Location audit_location(const std::string& dir, const std::string& db,
                               const std::filesystem::path& workspace) {
  audit::Location where;
  where.dir = workspace / (dir.empty() ? std::string(kScratchDir) + "/audit" : dir);
  where.db = db.empty() ? where.dir / "audit.db" : workspace / db;
  return where;
}

Result<audit::Location> checked_audit_location(const std::string& dir, const std::string& db,
                                               const std::filesystem::path& workspace,
                                               const github::EnvironmentMap& env) {
  const auto roots = writable_roots(env, workspace);
  const std::string dir_value = dir.empty() ? std::string(kScratchDir) + "/audit" : dir;
  const std::string dir_name = dir.empty() ? "the audit folder" : "input 'audit-dir'";
  audit::Location where;
  auto checked_dir = util::contained_path(dir_value, roots, dir_name);
  if (!checked_dir) return fail(checked_dir.error());
  where.dir = *checked_dir;
  // A link committed inside the folder leads as far as one in its path.
  auto runs =
      util::contained_path((where.dir / "runs").string(), roots, dir_name + " (its runs/ folder)");
  if (!runs) return fail(runs.error());
  const std::string db_value = db.empty() ? (where.dir / "audit.db").string() : db;
  const std::string db_name = db.empty() ? "the audit database" : "input 'audit-db'";
  auto checked_db = util::contained_path(db_value, roots, db_name);
  if (!checked_db) return fail(checked_db.error());
  for (const char* suffix : {"-wal", "-shm", "-journal"}) {
    auto beside = util::contained_path(checked_db->string() + suffix, roots, db_name);
    if (!beside) return fail(beside.error());
  }
  where.db = *checked_db;
  return where;
}

int run_pipeline(model::RunSettings settings, github::EventContext event,
                 const github::EnvironmentMap& env, const audit::Location& audit_at) {
  auto& commands = github::process_commands();
  github::RunnerFiles files(env);
  azure::ProcessAzRunner az;
  auto rules = load_rules(env);
  if (!rules) {
    spdlog::error("{}", rules.error().message);
    return 1;
  }
  if (auto seconds = github::lookup(env, "BICEPGATE_PROGRESS_SECONDS");
      seconds && !seconds->empty()) {
    // For tests and impatient people; the default keeps to at most one poll per 30 s.
    settings.progress_interval =
        std::chrono::seconds(std::clamp(std::atoi(seconds->c_str()), 1, 3600));
  }
  settings.print_plan = commands.audience() == github::Audience::kTerminal;
  settings.colour = settings.print_plan && wants_colour(env, STDERR_FILENO);
  if (!settings.github_token.empty()) commands.add_mask(settings.github_token);
  settings.plan_dir = audit_at.dir;
  settings.plan_dir_shown = path_for_output(audit_at.dir, settings.workspace, env);
  // Resolved: from here on nothing changes the settings.
  const model::RunSettings resolved = std::move(settings);
  model::RunContext ctx(resolved, std::move(event), commands, files, az, *rules);
  const int code = pipeline::run(ctx, audit_at, env);
  std::error_code ec;
  std::filesystem::remove_all(resolved.work_dir, ec);
  return code;
}

}  // namespace bicepgate::cli
