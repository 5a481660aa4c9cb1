#pragma once
// audit sync: the team store's records (input audit-store, one blob per run) read back into a
// local SQLite index, so that audit list and audit show answer for the whole team. Idempotent:
// a second sync of the same store changes nothing.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "audit/store.hpp"
#include "azure/blob_store.hpp"
#include "util/result.hpp"

namespace bicepgate::audit {

// One run's JSON record as Trail writes it (to the workspace and to the store), read back.
struct RecordDocument {
  DeploymentRecord record;
  std::vector<AuditEvent> events;
  std::vector<ResourceHealth> resources;
};

// Refused with what is wrong: not an object, no id, an id other than hex digits, no start time,
// no state, a field of the wrong type.
Result<RecordDocument> record_from_json(const nlohmann::json& doc);

// What sync does with a record it read, given the row the database holds under its id.
enum class MergeAction { kInsert, kReplace, kKeep };
// A closed record is never replaced by an open one (a run whose close did not reach the store
// is not made to look unfinished); otherwise a record that differs from the row replaces it.
MergeAction merge_action(const std::optional<DeploymentRecord>& held, std::size_t held_events,
                         const RecordDocument& incoming);

struct SyncReport {
  int listed = 0;
  int added = 0;
  int updated = 0;
  int unchanged = 0;
  std::vector<std::string> skipped;  // "<blob name>: why", one per bad record
};

struct SyncLimits {
  int page_size = 500;
  int max_pages = 2000;  // a million records; a store past that is cut off, said in an error
  std::uintmax_t max_record_bytes = 64U << 20U;
};

// Lists every blob ending in .json, downloads each into `scratch` and merges it into `db`.
// A record that cannot be read is skipped and named in the report; a store that cannot be
// listed fails the whole sync.
Result<SyncReport> sync(azure::BlobStore& blobs, Store& db, const std::filesystem::path& scratch,
                        const SyncLimits& limits = {});

}  // namespace bicepgate::audit
