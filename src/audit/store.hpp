#pragma once
// audit/: the audit trail. store.* is the SQLite database (WAL, versioned schema); record.*
// the one JSON file per run. A run's row is opened at start and closed at the end, so a run
// that crashed or was killed leaves an open row that later reads report as interrupted.

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "util/result.hpp"

struct sqlite3;

namespace bicepgate::audit {

inline constexpr int kSchemaVersion = 1;

struct DeploymentRecord {
  std::string id;  // this run's id
  std::string git_sha;
  std::string ref;
  std::string environment;
  std::string resource_group;
  std::string template_file;
  std::string parameters_file;
  std::string deployment_name;
  std::string content_hash;
  std::string started;      // ISO 8601 UTC
  std::string finished;     // empty while running
  std::string final_state;  // running | completed | skipped | failed | cancelled |
                            // interrupted (derived)
  std::string failure_class;
  std::string failure_code;
  std::string message;
  nlohmann::json details = nlohmann::json::object();
};

struct AuditEvent {
  std::string at;
  std::string kind;  // transition | az
  std::string from_state;
  std::string to_state;
  std::vector<std::string> argv;  // az calls, secrets already removed
  int exit_code = 0;
  long long duration_ms = 0;
  std::string note;
};

struct ResourceHealth {
  std::string resource_id;
  std::string type;
  std::string health_status;  // healthy | unhealthy | unchecked
  std::string details;
};

struct ListFilter {
  std::string environment;
  std::string sha;  // prefix
  std::string state;
};

class Store {
 public:
  // Creates the file and its folder if needed, and migrates an older schema.
  static Result<Store> open(const std::filesystem::path& path);

  Status begin(const DeploymentRecord& record);
  Status add_event(const std::string& deployment_id, const AuditEvent& event);
  Status add_resource(const std::string& deployment_id, const ResourceHealth& resource);
  Status finish(const DeploymentRecord& record);
  // A whole record from elsewhere (audit sync): the row, its events and its resources replace
  // whatever this database held under its id, in one transaction.
  Status replace(const DeploymentRecord& record, const std::vector<AuditEvent>& events,
                 const std::vector<ResourceHealth>& resources);
  // The row under exactly this id as stored (an open row reads running); none when absent.
  Result<std::optional<DeploymentRecord>> find(const std::string& id) const;

  // Newest first. An open row of a run other than `current_id` reads as interrupted.
  Result<std::vector<DeploymentRecord>> list(const ListFilter& filter,
                                             const std::string& current_id = {}) const;
  // By id or unique id prefix.
  Result<DeploymentRecord> get(const std::string& id) const;
  Result<std::vector<AuditEvent>> events(const std::string& deployment_id) const;
  Result<std::vector<ResourceHealth>> resources(const std::string& deployment_id) const;
  int schema_version() const;

 private:
  struct Closer {
    void operator()(sqlite3* db) const;
  };
  explicit Store(sqlite3* db, std::filesystem::path path) : db_(db), path_(std::move(path)) {}
  Status exec(const std::string& sql) const;
  std::unique_ptr<sqlite3, Closer> db_;
  std::filesystem::path path_;
};

std::string now_iso8601();
nlohmann::json to_json(const ResourceHealth& resource);
nlohmann::json to_json(const DeploymentRecord& record);

}  // namespace bicepgate::audit
