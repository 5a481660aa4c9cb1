#include <iomanip>
#include <iostream>
#include <optional>
#include <sstream>

#include "audit/store.hpp"
#include "audit/sync.hpp"
#include "azure/az_runner.hpp"
#include "azure/blob_store.hpp"
#include "cli/commands.hpp"
#include "cli/run_setup.hpp"
#include "github/command_output.hpp"
#include "util/files.hpp"

namespace bicepgate::cli {
namespace {

struct AuditOptions {
  std::string dir;
  std::string db;
  bool json = false;
  audit::ListFilter filter;
  std::string id;
  std::string store;           // audit sync: the container's URL
  std::string auth = "login";  // audit sync: login or key
};

Result<audit::Store> open_store(const AuditOptions& options) {
  auto where = audit_location(options.dir, options.db, std::filesystem::current_path());
  std::error_code ec;
  if (!std::filesystem::exists(where.db, ec)) {
    // A new or empty directory is not an error: there is simply nothing recorded yet.
    return fail("", "audit.empty");
  }
  return audit::Store::open(where.db);
}

// The filtered records and the store they came from; no store when nothing is recorded yet.
struct Listing {
  std::optional<audit::Store> store;
  std::vector<audit::DeploymentRecord> records;
};

Result<Listing> list_records(const AuditOptions& options) {
  auto store = open_store(options);
  Listing listing;
  if (!store) {
    if (store.error().code == "audit.empty") return listing;
    return fail(store.error());
  }
  auto found = store->list(options.filter);
  if (!found) return fail(found.error());
  listing.records = std::move(*found);
  listing.store = std::move(*store);
  return listing;
}

int list(const AuditOptions& options) {
  auto listing = list_records(options);
  if (!listing) {
    std::cerr << github::command_safe_text(std::string("bicepgate audit: ") +
                                           listing.error().message + "\n");
    return 1;
  }
  const auto& records = listing->records;
  if (options.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& r : records) out.push_back(audit::to_json(r));
    std::cout << github::command_safe_json(out) << "\n";
    return 0;
  }
  std::cout << std::left << std::setw(14) << "ID" << std::setw(26) << "STARTED" << std::setw(12)
            << "ENV" << std::setw(13) << "STATE" << std::setw(10) << "SHA"
            << "DEPLOYMENT\n";
  for (const auto& r : records) {
    std::cout << std::setw(14) << r.id.substr(0, 12) << std::setw(26) << r.started << std::setw(12)
              << r.environment << std::setw(13) << r.final_state << std::setw(10)
              << r.git_sha.substr(0, 8) << r.deployment_name << "\n";
  }
  if (records.empty()) std::cout << "(no deployments recorded)\n";
  return 0;
}

nlohmann::json full_record(const audit::Store& store, const audit::DeploymentRecord& r) {
  auto out = audit::to_json(r);
  nlohmann::json events = nlohmann::json::array();
  if (auto found = store.events(r.id)) {
    for (const auto& e : *found) {
      events.push_back({{"at", e.at},
                        {"kind", e.kind},
                        {"from", e.from_state},
                        {"to", e.to_state},
                        {"argv", e.argv},
                        {"exit_code", e.exit_code},
                        {"duration_ms", e.duration_ms},
                        {"note", e.note}});
    }
  }
  out["events"] = events;
  nlohmann::json resources = nlohmann::json::array();
  if (auto found = store.resources(r.id)) {
    for (const auto& x : *found) {
      resources.push_back(audit::to_json(x));
    }
  }
  out["resources"] = resources;
  return out;
}

int show(const AuditOptions& options) {
  auto store = open_store(options);
  if (!store) {
    std::cerr << github::command_safe_text(
        std::string("bicepgate audit: ") +
        (store.error().code == "audit.empty"
             ? "no audit database in " +
                   audit_location(options.dir, options.db, std::filesystem::current_path())
                       .dir.string()
             : store.error().message) +
        "\n");
    return 1;
  }
  auto record = store->get(options.id);
  if (!record) {
    std::cerr << github::command_safe_text(std::string("bicepgate audit: ") +
                                           record.error().message + "\n");
    return 1;
  }
  auto full = full_record(*store, *record);
  if (options.json) {
    std::cout << github::command_safe_json(full) << "\n";
    return 0;
  }
  // Messages and az arguments are outside text: no line of them may read as a command.
  std::ostringstream shown;
  shown << "run " << record->id << "\n  environment " << record->environment << "\n  commit      "
        << record->git_sha << "\n  state       " << record->final_state << "\n  started     "
        << record->started << "\n  finished    " << record->finished << "\n  deployment  "
        << record->deployment_name << "\n";
  if (!record->failure_class.empty()) {
    shown << "  failure     " << record->failure_class << " " << record->failure_code << ": "
          << record->message << "\n";
  }
  if (record->final_state == "cancelled") {
    shown << "  cancelled   " << record->message << "\n";
    if (record->details.contains("hint") && record->details["hint"].is_string())
      shown << "  what to do  " << record->details["hint"].get<std::string>() << "\n";
  }
  for (const auto& e : full["events"]) {
    shown << "  " << e["at"].get<std::string>() << "  ";
    if (e["kind"] == "transition") {
      shown << e["from"].get<std::string>() << " -> " << e["to"].get<std::string>() << "\n";
    } else {
      shown << "az";
      for (const auto& a : e["argv"]) shown << " " << a.get<std::string>();
      shown << "  (exit " << e["exit_code"] << ", " << e["duration_ms"] << " ms)\n";
    }
  }
  for (const auto& x : full["resources"]) {
    shown << "  " << x["health_status"].get<std::string>() << "  "
          << x["resource_id"].get<std::string>() << "\n";
  }
  std::cout << github::command_safe_text(shown.str());
  return 0;
}

int export_all(const AuditOptions& options) {
  auto listing = list_records(options);
  if (!listing) {
    std::cerr << github::command_safe_text(std::string("bicepgate audit: ") +
                                           listing.error().message + "\n");
    return 1;
  }
  nlohmann::json out = nlohmann::json::array();
  for (const auto& r : listing->records) out.push_back(full_record(*listing->store, r));
  std::cout << github::command_safe_json(out) << "\n";
  return 0;
}

// The team store's records into the local index: added, updated, unchanged, and every bad
// record by name (skipped, not fatal). Fails when the store cannot be listed.
int sync_store(const AuditOptions& options) {
  auto say_error = [](const std::string& message) {
    std::cerr << github::command_safe_text("bicepgate audit sync: " + message + "\n");
    return 1;
  };
  auto container = azure::parse_container_url(options.store, "--store");
  if (!container) return say_error(container.error().message);
  auto where = audit_location(options.dir, options.db, std::filesystem::current_path());
  auto db = audit::Store::open(where.db);
  if (!db) return say_error(db.error().message);
  azure::ProcessAzRunner az;
  azure::BlobStore blobs(az, *container,
                         options.auth == "key" ? azure::BlobAuth::kKey : azure::BlobAuth::kLogin,
                         "audit sync");
  std::error_code ec;
  auto scratch =
      std::filesystem::temp_directory_path(ec) / ("bicepgate-sync-" + util::random_hex(8));
  auto report = audit::sync(blobs, *db, scratch);
  std::filesystem::remove_all(scratch, ec);
  if (!report) return say_error(report.error().message);
  std::ostringstream said;
  for (const auto& skipped : report->skipped) said << "skipped " << skipped << "\n";
  std::cerr << github::command_safe_text(said.str());
  std::cout << github::command_safe_text(
      "synced " + std::to_string(report->listed) + " record(s) from " + container->url() +
      " into " + where.db.string() + ": " + std::to_string(report->added) + " added, " +
      std::to_string(report->updated) + " updated, " + std::to_string(report->unchanged) +
      " unchanged, " + std::to_string(report->skipped.size()) + " skipped\n");
  return 0;
}

void common_options(CLI::App* cmd, AuditOptions& options) {
  cmd->add_option("--audit-dir", options.dir, "Audit directory (default .bicepgate/audit)");
  cmd->add_option("--audit-db", options.db, "Audit database (default <audit-dir>/audit.db)");
  cmd->add_flag("--json", options.json, "JSON for tools instead of a table for people");
}

void filter_options(CLI::App* cmd, AuditOptions& options) {
  cmd->add_option("--environment", options.filter.environment, "Only this environment");
  cmd->add_option("--sha", options.filter.sha, "Only commits starting with this");
  cmd->add_option("--state", options.filter.state,
                  "Only runs that ended so: completed, failed, skipped, interrupted");
}

}  // namespace

void add_audit(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<AuditOptions>();
  auto* cmd = app.add_subcommand(
      "audit", "Read the audit trail: which commit deployed what, where, and how it ended.");
  cmd->require_subcommand(1);
  auto* list_cmd = cmd->add_subcommand("list", "List recorded runs, newest first");
  common_options(list_cmd, *options);
  filter_options(list_cmd, *options);
  list_cmd->callback([options, &exit_code] { exit_code = list(*options); });
  auto* show_cmd =
      cmd->add_subcommand("show", "Show one run with its transitions, az calls and resources");
  common_options(show_cmd, *options);
  show_cmd->add_option("id", options->id, "Run id (or a unique prefix)")->required();
  show_cmd->callback([options, &exit_code] { exit_code = show(*options); });
  auto* export_cmd =
      cmd->add_subcommand("export", "Export every run, with events and resources, as JSON");
  common_options(export_cmd, *options);
  filter_options(export_cmd, *options);
  export_cmd->callback([options, &exit_code] { exit_code = export_all(*options); });
  auto* sync_cmd = cmd->add_subcommand(
      "sync", "Read the team store's records (input audit-store) into the local database");
  sync_cmd->add_option("--audit-dir", options->dir, "Audit directory (default .bicepgate/audit)");
  sync_cmd->add_option("--audit-db", options->db, "Audit database (default <audit-dir>/audit.db)");
  sync_cmd->add_option("--db", options->db, "Same as --audit-db");
  sync_cmd
      ->add_option("--store", options->store,
                   "The blob container's URL: https://<account>.blob.core.windows.net/<container>")
      ->required();
  sync_cmd
      ->add_option("--auth", options->auth,
                   "login: az's signed-in identity (default); key: the key or connection string "
                   "az reads from AZURE_STORAGE_CONNECTION_STRING / AZURE_STORAGE_KEY")
      ->check(CLI::IsMember({"login", "key"}));
  sync_cmd->callback([options, &exit_code] { exit_code = sync_store(*options); });
}

}  // namespace bicepgate::cli
