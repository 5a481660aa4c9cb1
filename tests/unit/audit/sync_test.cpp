#include "audit/sync.hpp"

#include <map>

#include <catch2/catch.hpp>

#include "support.hpp"
#include "util/files.hpp"

using namespace bicepgate;
using bicepgate::testing::TempDir;

namespace {

// A container behind the az seam: `storage blob list` pages through the names (two a page,
// the marker being the last name given, as az prints it), `storage blob download` writes the
// blob's text to --file.
class FakeContainer final : public azure::AzRunner {
 public:
  std::map<std::string, std::string> blobs;
  int lists = 0;
  int downloads = 0;

  Result<azure::AzResult> run(const azure::AzCall& call) override {
    auto arg = [&](const std::string& flag) {
      for (std::size_t i = 0; i + 1 < call.args.size(); ++i) {
        if (call.args[i] == flag) return call.args[i + 1];
      }
      return std::string();
    };
    azure::AzResult result;
    if (call.args.at(2) == "list") {
      ++lists;
      const auto marker = arg("--marker");
      const auto size = static_cast<std::size_t>(std::stoi(arg("--num-results")));
      nlohmann::json page = nlohmann::json::array();
      auto it = marker.empty() ? blobs.begin() : blobs.upper_bound(marker);
      std::string last;
      for (; it != blobs.end() && page.size() < size; ++it) {
        page.push_back({{"name", it->first}, {"properties", {{"etag", "0x1"}}}});
        last = it->first;
      }
      page.push_back({{"nextMarker", it == blobs.end() ? nlohmann::json() : nlohmann::json(last)}});
      result.out = page.dump();
    } else if (call.args.at(2) == "download") {
      ++downloads;
      auto found = blobs.find(arg("--name"));
      if (found == blobs.end()) {
        result.exit_code = 1;
        result.err = "ERROR: The specified blob does not exist.\nErrorCode:BlobNotFound\n";
      } else {
        (void)util::write_file_atomic(arg("--file"), found->second);
      }
    } else {
      return fail("unexpected az call", "test.unscripted");
    }
    return result;
  }
};

nlohmann::json record(const std::string& id, const std::string& environment, bool closed) {
  nlohmann::json doc = {
      {"id", id},
      {"git_sha", "4b825dc642cb6eb9a060e54bf8d69288fbee4904"},
      {"ref", "refs/heads/main"},
      {"environment", environment},
      {"resource_group", "rg-" + environment},
      {"template", "main.bicep"},
      {"parameters", ""},
      {"deployment_name", closed ? "bicepgate-" + environment + "-abc" : ""},
      {"content_hash", closed ? "abc" : ""},
      {"started", "2026-12-05T10:00:00.000Z"},
      {"finished", closed ? nlohmann::json("2026-12-05T10:05:00.000Z") : nlohmann::json()},
      {"final_state", closed ? "completed" : "running"},
      {"failure_class", ""},
      {"failure_code", ""},
      {"message", ""},
      {"details", {{"event", "push"}}},
      {"events",
       {{{"at", "2026-12-05T10:00:01.000Z"},
         {"kind", "transition"},
         {"from", "pending"},
         {"to", "validating_parameters"}}}}};
  if (closed) {
    doc["events"].push_back({{"at", "2026-12-05T10:01:00.000Z"},
                             {"kind", "az"},
                             {"argv", {"deployment", "group", "create"}},
                             {"exit_code", 0},
                             {"duration_ms", 1200},
                             {"note", "deploy"}});
    doc["resources"] = {{{"resource_id", "/subscriptions/x/rg/y"},
                         {"type", "Microsoft.Storage/storageAccounts"},
                         {"health_status", "healthy"},
                         {"details", ""}}};
  }
  return doc;
}

const std::string kA = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const std::string kB = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
const std::string kC = "cccccccccccccccccccccccccccccccc";

struct Fixture {
  TempDir dir;
  FakeContainer az;
  azure::BlobStore blobs{
      az, *azure::parse_container_url("https://acct.blob.core.windows.net/audit", "--store"),
      azure::BlobAuth::kLogin, "audit sync"};
  audit::Store db = audit::Store::open(dir / "audit.db").value();
  audit::SyncLimits limits() const {
    audit::SyncLimits l;
    l.page_size = 2;
    return l;
  }
  audit::SyncReport sync() {
    auto report = audit::sync(blobs, db, dir / "scratch", limits());
    INFO((report ? "" : report.error().message));
    REQUIRE(report);
    return *report;
  }
};

}  // namespace

TEST_CASE("a record reads back as the trail wrote it", "[sync]") {
  auto doc = audit::record_from_json(record(kA, "prod", true));
  REQUIRE(doc);
  CHECK(doc->record.id == kA);
  CHECK(doc->record.environment == "prod");
  CHECK(doc->record.finished == "2026-12-05T10:05:00.000Z");
  CHECK(doc->record.final_state == "completed");
  CHECK(doc->record.details["event"] == "push");
  REQUIRE(doc->events.size() == 2);
  CHECK(doc->events[0].to_state == "validating_parameters");
  CHECK(doc->events[1].argv == std::vector<std::string>{"deployment", "group", "create"});
  CHECK(doc->events[1].duration_ms == 1200);
  REQUIRE(doc->resources.size() == 1);
  CHECK(doc->resources[0].health_status == "healthy");
  // An open record has no finish.
  auto open = audit::record_from_json(record(kA, "prod", false));
  REQUIRE(open);
  CHECK(open->record.finished.empty());
}

TEST_CASE("a bad record is refused with what is wrong", "[sync]") {
  CHECK_FALSE(audit::record_from_json(nlohmann::json::array()));
  auto no_id = record(kA, "prod", true);
  no_id.erase("id");
  CHECK(audit::record_from_json(no_id).error().message.find("'id'") != std::string::npos);
  auto bad_id = record("../../etc", "prod", true);
  CHECK_FALSE(audit::record_from_json(bad_id));
  auto wrong_type = record(kA, "prod", true);
  wrong_type["environment"] = 3;
  CHECK(audit::record_from_json(wrong_type).error().message.find("'environment'") !=
        std::string::npos);
  auto bad_events = record(kA, "prod", true);
  bad_events["events"] = "none";
  CHECK_FALSE(audit::record_from_json(bad_events));
}

TEST_CASE("the merge never lets an open record replace a closed row", "[sync]") {
  auto closed = *audit::record_from_json(record(kA, "prod", true));
  auto open = *audit::record_from_json(record(kA, "prod", false));
  CHECK(audit::merge_action(std::nullopt, 0, open) == audit::MergeAction::kInsert);
  CHECK(audit::merge_action(closed.record, 2, open) == audit::MergeAction::kKeep);
  CHECK(audit::merge_action(open.record, 1, closed) == audit::MergeAction::kReplace);
  CHECK(audit::merge_action(closed.record, 2, closed) == audit::MergeAction::kKeep);
  // The same closed record with an event more (say, the row missed one) is taken.
  CHECK(audit::merge_action(closed.record, 1, closed) == audit::MergeAction::kReplace);
  auto changed = closed;
  changed.record.final_state = "failed";
  CHECK(audit::merge_action(closed.record, 2, changed) == audit::MergeAction::kReplace);
}

TEST_CASE("sync pages through the store into an empty database, then changes nothing", "[sync]") {
  Fixture f;
  f.az.blobs["dev/" + kA + ".json"] = record(kA, "dev", true).dump();
  f.az.blobs["dev/" + kB + ".json"] = record(kB, "dev", false).dump();
  f.az.blobs["prod/" + kC + ".json"] = record(kC, "prod", true).dump(2);
  auto first = f.sync();
  CHECK(first.listed == 3);
  CHECK(first.added == 3);
  CHECK(first.updated == 0);
  CHECK(first.skipped.empty());
  CHECK(f.az.lists == 2);  // two a page: a full page, then the last one
  auto listed = f.db.list({});
  REQUIRE(listed);
  REQUIRE(listed->size() == 3);
  auto shown = f.db.get(kC.substr(0, 8));
  REQUIRE(shown);
  CHECK(shown->final_state == "completed");
  CHECK(f.db.events(kC)->size() == 2);
  CHECK(f.db.resources(kC)->size() == 1);
  // The open record of a run that never closed reads as interrupted.
  CHECK(f.db.get(kB)->final_state == "interrupted");

  auto second = f.sync();
  CHECK(second.added == 0);
  CHECK(second.updated == 0);
  CHECK(second.unchanged == 3);
  CHECK(f.db.events(kC)->size() == 2);  // not doubled

  // The open run closes in the store: the next sync updates its row.
  f.az.blobs["dev/" + kB + ".json"] = record(kB, "dev", true).dump();
  auto third = f.sync();
  CHECK(third.updated == 1);
  CHECK(third.unchanged == 2);
  CHECK(f.db.get(kB)->final_state == "completed");
  CHECK(f.db.events(kB)->size() == 2);
}

TEST_CASE("bad records are named and skipped, the good ones still land", "[sync]") {
  Fixture f;
  f.az.blobs["dev/" + kA + ".json"] = record(kA, "dev", true).dump();
  f.az.blobs["dev/broken.json"] = "{not json";
  f.az.blobs["dev/" + kC + ".json"] = record(kB, "dev", true).dump();  // another run's record
  f.az.blobs["dev/fields.json"] = R"({"id": "abc"})";
  f.az.blobs["dev/notes.txt"] = "not a record, not listed as one";
  auto report = f.sync();
  CHECK(report.listed == 4);
  CHECK(report.added == 1);
  REQUIRE(report.skipped.size() == 3);
  CHECK(report.skipped[0] == "dev/broken.json: not JSON");
  CHECK(report.skipped[1].find("dev/" + kC + ".json: holds run " + kB) == 0);
  CHECK(report.skipped[2].find("dev/fields.json: field 'started' is missing") == 0);
  CHECK(f.db.list({})->size() == 1);
}

TEST_CASE("a store that cannot be listed fails the sync", "[sync]") {
  class Refusing final : public azure::AzRunner {
   public:
    Result<azure::AzResult> run(const azure::AzCall&) override {
      return azure::AzResult{
          3,
          "",
          "ERROR: The specified container does not exist.\nErrorCode:ContainerNotFound\n",
          {}};
    }
  } az;
  TempDir dir;
  azure::BlobStore blobs(
      az, *azure::parse_container_url("https://acct.blob.core.windows.net/audit", "--store"),
      azure::BlobAuth::kLogin, "audit sync");
  auto db = audit::Store::open(dir / "audit.db");
  REQUIRE(db);
  auto report = audit::sync(blobs, *db, dir / "scratch");
  REQUIRE_FALSE(report);
  CHECK(report.error().code == "blob.not_found");
}
