#include "audit/sync.hpp"

#include <algorithm>

#include "util/files.hpp"

namespace bicepgate::audit {
namespace {

// A string field, or "" when absent or null; an error when it is there with another type.
Status read_text(const nlohmann::json& doc, const char* key, std::string& into) {
  auto it = doc.find(key);
  if (it == doc.end() || it->is_null()) return {};
  if (!it->is_string()) return fail(std::string("field '") + key + "' is not a string");
  into = it->get<std::string>();
  return {};
}

bool hex_id(const std::string& id) {
  return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  });
}

Result<AuditEvent> event_from_json(const nlohmann::json& e) {
  if (!e.is_object()) return fail("an event is not an object");
  AuditEvent out;
  for (auto [key, field] :
       {std::pair{"at", &out.at}, std::pair{"kind", &out.kind}, std::pair{"from", &out.from_state},
        std::pair{"to", &out.to_state}, std::pair{"note", &out.note}}) {
    if (auto ok = read_text(e, key, *field); !ok) return fail("event: " + ok.error().message);
  }
  if (out.at.empty() || out.kind.empty()) return fail("an event has no 'at' or no 'kind'");
  if (auto argv = e.find("argv"); argv != e.end()) {
    if (!argv->is_array()) return fail("event: field 'argv' is not a list");
    for (const auto& a : *argv) {
      if (!a.is_string()) return fail("event: field 'argv' holds a non-string");
      out.argv.push_back(a.get<std::string>());
    }
  }
  if (auto code = e.find("exit_code"); code != e.end() && code->is_number_integer())
    out.exit_code = code->get<int>();
  if (auto ms = e.find("duration_ms"); ms != e.end() && ms->is_number_integer())
    out.duration_ms = ms->get<long long>();
  return out;
}

// The end of a run's blob name (team_store.hpp blob_name): "/<id>.json".
std::string blob_tail(const std::string& id) {
  return "/" + id + ".json";
}

}  // namespace

Result<RecordDocument> record_from_json(const nlohmann::json& doc) {
  if (!doc.is_object()) return fail("not a JSON object");
  RecordDocument out;
  auto& r = out.record;
  const std::pair<const char*, std::string*> fields[] = {{"id", &r.id},
                                                         {"git_sha", &r.git_sha},
                                                         {"ref", &r.ref},
                                                         {"environment", &r.environment},
                                                         {"resource_group", &r.resource_group},
                                                         {"template", &r.template_file},
                                                         {"parameters", &r.parameters_file},
                                                         {"deployment_name", &r.deployment_name},
                                                         {"content_hash", &r.content_hash},
                                                         {"started", &r.started},
                                                         {"finished", &r.finished},
                                                         {"final_state", &r.final_state},
                                                         {"failure_class", &r.failure_class},
                                                         {"failure_code", &r.failure_code},
                                                         {"message", &r.message}};
  for (const auto& [key, field] : fields) {
    if (auto ok = read_text(doc, key, *field); !ok) return fail(ok.error());
  }
  if (!hex_id(r.id)) return fail("field 'id' is not a run id (hex digits)");
  if (r.started.empty()) return fail("field 'started' is missing");
  if (r.final_state.empty()) return fail("field 'final_state' is missing");
  if (auto details = doc.find("details"); details != doc.end() && !details->is_null()) {
    if (!details->is_object()) return fail("field 'details' is not an object");
    r.details = *details;
  }
  if (auto events = doc.find("events"); events != doc.end() && !events->is_null()) {
    if (!events->is_array()) return fail("field 'events' is not a list");
    for (const auto& e : *events) {
      auto event = event_from_json(e);
      if (!event) return fail(event.error());
      out.events.push_back(std::move(*event));
    }
  }
  if (auto resources = doc.find("resources"); resources != doc.end() && !resources->is_null()) {
    if (!resources->is_array()) return fail("field 'resources' is not a list");
    for (const auto& x : *resources) {
      if (!x.is_object()) return fail("a resource is not an object");
      ResourceHealth health;
      for (auto [key, field] :
           {std::pair{"resource_id", &health.resource_id}, std::pair{"type", &health.type},
            std::pair{"health_status", &health.health_status},
            std::pair{"details", &health.details}}) {
        if (auto ok = read_text(x, key, *field); !ok)
          return fail("resource: " + ok.error().message);
      }
      out.resources.push_back(std::move(health));
    }
  }
  return out;
}

MergeAction merge_action(const std::optional<DeploymentRecord>& held, std::size_t held_events,
                         const RecordDocument& incoming) {
  if (!held) return MergeAction::kInsert;
  const bool held_closed = !held->finished.empty();
  const bool incoming_closed = !incoming.record.finished.empty();
  if (held_closed && !incoming_closed) return MergeAction::kKeep;
  if (to_json(*held) == to_json(incoming.record) && held_events == incoming.events.size())
    return MergeAction::kKeep;
  return MergeAction::kReplace;
}

Result<SyncReport> sync(azure::BlobStore& blobs, Store& db, const std::filesystem::path& scratch,
                        const SyncLimits& limits) {
  SyncReport report;
  std::string marker;
  std::vector<std::string> names;
  for (int page = 0;; ++page) {
    if (page >= limits.max_pages) {
      return fail("the store holds more than " +
                      std::to_string(limits.max_pages * limits.page_size) +
                      " blobs; sync stopped there",
                  "audit.sync_limit");
    }
    auto listed = blobs.list_page(marker, limits.page_size);
    if (!listed) return fail(listed.error());
    names.insert(names.end(), listed->names.begin(), listed->names.end());
    // A marker that does not move on would list the same page for ever.
    if (listed->next_marker.empty() || listed->next_marker == marker) break;
    marker = listed->next_marker;
  }
  std::error_code ec;
  std::filesystem::create_directories(scratch, ec);
  int index = 0;
  for (const auto& name : names) {
    if (name.size() < 5 || name.compare(name.size() - 5, 5, ".json") != 0) continue;
    ++report.listed;
    auto skip = [&](const std::string& why) { report.skipped.push_back(name + ": " + why); };
    const auto file = scratch / ("record-" + std::to_string(index++) + ".json");
    if (auto got = blobs.download(name, file); !got) {
      skip(got.error().message);
      continue;
    }
    auto size = std::filesystem::file_size(file, ec);
    if (ec || size > limits.max_record_bytes) {
      skip(ec ? "cannot read the download"
              : "larger than " + std::to_string(limits.max_record_bytes >> 20U) + " MiB");
      std::filesystem::remove(file, ec);
      continue;
    }
    auto text = util::read_file(file);
    std::filesystem::remove(file, ec);
    if (!text) {
      skip(text.error().message);
      continue;
    }
    auto doc = nlohmann::json::parse(*text, nullptr, false);
    if (doc.is_discarded()) {
      skip("not JSON");
      continue;
    }
    auto record = record_from_json(doc);
    if (!record) {
      skip(record.error().message);
      continue;
    }
    // The blob's name says whose record it is: a record under another run's name is not taken.
    const std::string expected = blob_tail(record->record.id);
    if (name.size() < expected.size() ||
        name.compare(name.size() - expected.size(), expected.size(), expected) != 0) {
      skip("holds run " + record->record.id + ", not the run its name says");
      continue;
    }
    auto held = db.find(record->record.id);
    if (!held) return fail(held.error());
    std::size_t held_events = 0;
    if (*held) {
      auto events = db.events(record->record.id);
      if (!events) return fail(events.error());
      held_events = events->size();
    }
    switch (merge_action(*held, held_events, *record)) {
      case MergeAction::kKeep: ++report.unchanged; break;
      case MergeAction::kInsert:
      case MergeAction::kReplace: {
        const bool was_there = held->has_value();
        if (auto ok = db.replace(record->record, record->events, record->resources); !ok)
          return fail(ok.error());
        ++(was_there ? report.updated : report.added);
        break;
      }
    }
  }
  return report;
}

}  // namespace bicepgate::audit
