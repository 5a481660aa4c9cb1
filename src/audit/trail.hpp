#pragma once
// One run's audit trail: the row opened at start, every transition and az call as it happens,
// and at the end the closed row plus one JSON record written atomically.

#include <filesystem>
#include <optional>
#include <string>

#include "audit/store.hpp"
#include "azure/az_runner.hpp"
#include "github/event_context.hpp"
#include "github/workflow_commands.hpp"
#include "model/record.hpp"
#include "model/settings.hpp"

namespace bicepgate::audit {

// Where the trail lives: input audit-dir (default .bicepgate/audit in the workspace) and
// audit-db (default <audit-dir>/audit.db).
struct Location {
  std::filesystem::path dir;
  std::filesystem::path db;
};

// Secrets never reach the trail: --parameters KEY=VALUE overrides keep only their key;
// --federated-token, --password/-p and --client-secret lose their value.
std::vector<std::string> redact_arguments(const std::vector<std::string>& args);

// A new run's record, before anything has happened: a fresh id, the commit, the ref, the
// environment, the start time, and the event that started it.
DeploymentRecord new_record(const github::EventContext& event, const std::string& git_sha,
                            const std::string& environment);

class Trail {
 public:
  // Opens the row in the database. A database that cannot be used (corrupt, locked, newer
  // schema) does not lose the run: the trail keeps going with the JSON record alone and
  // database_problem() says why; the caller decides whether to go on.
  static Trail open(const Location& where, DeploymentRecord record);
  const std::string& database_problem() const { return database_problem_; }

  void transition(const model::Transition& t);
  void az_call(const azure::AzCallRecord& call);
  // Closes the row from the run's record and writes the JSON record, every string through
  // `commands`' masks; returns its path.
  Result<std::filesystem::path> finish(const model::RunSettings& settings,
                                       const model::RunRecord& run,
                                       const github::WorkflowCommands& commands);
  // For runs that stop before the pipeline (bad input, refused route).
  Result<std::filesystem::path> finish_early(const std::string& state,
                                             const std::string& failure_class,
                                             const std::string& message);
  const DeploymentRecord& record() const { return record_; }
  // The record so far with its events, every string through `commands`' masks: what the team
  // store (input audit-store) holds while the run is open.
  nlohmann::json document(const github::WorkflowCommands& commands) const;

 private:
  Trail(std::optional<Store> store, Location where, DeploymentRecord record)
      : store_(std::move(store)), where_(std::move(where)), record_(std::move(record)) {}
  // Every string of the record passes through `commands`' masks when given.
  Result<std::filesystem::path> write_json(const nlohmann::json& extra,
                                           const github::WorkflowCommands* commands = nullptr);

  std::optional<Store> store_;
  std::string database_problem_;
  Location where_;
  DeploymentRecord record_;
  nlohmann::json events_ = nlohmann::json::array();
};

}  // namespace bicepgate::audit
