#include "audit/store.hpp"

#include <sqlite3.h>

#include <atomic>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "audit/trail.hpp"
#include "support.hpp"

using namespace bicepgate;
using bicepgate::testing::TempDir;

namespace {
audit::DeploymentRecord record(const std::string& id, const std::string& env,
                               const std::string& sha, const std::string& started) {
  audit::DeploymentRecord r;
  r.id = id;
  r.environment = env;
  r.git_sha = sha;
  r.started = started;
  return r;
}
}  // namespace

TEST_CASE("a run's row is opened, gets events and resources, and is closed") {
  TempDir dir;
  auto store = audit::Store::open(dir / "sub/audit.db");
  REQUIRE(store);
  CHECK(store->schema_version() == audit::kSchemaVersion);
  auto r = record("run1", "prod", "4b825dc6", "2026-11-26T10:00:00.000Z");
  REQUIRE(store->begin(r));
  REQUIRE(store->add_event("run1", {"2026-11-26T10:00:01.000Z",
                                    "az",
                                    "",
                                    "",
                                    {"deployment", "group", "create"},
                                    0,
                                    1234,
                                    "deploying"}));
  REQUIRE(store->add_event(
      "run1",
      {"2026-11-26T10:00:02.000Z", "transition", "deploying", "verifying_health", {}, 0, 0, ""}));
  REQUIRE(store->add_resource(
      "run1", {"/subscriptions/s/x", "A.B/c", "healthy", "provisioningState Succeeded"}));
  r.finished = "2026-11-26T10:01:00.000Z";
  r.final_state = "completed";
  r.deployment_name = "bicepgate-prod-0123";
  REQUIRE(store->finish(r));
  auto shown = store->get("run");
  REQUIRE(shown);
  CHECK(shown->final_state == "completed");
  CHECK(shown->deployment_name == "bicepgate-prod-0123");
  auto events = store->events("run1").value();
  REQUIRE(events.size() == 2);
  CHECK(events[0].argv == std::vector<std::string>{"deployment", "group", "create"});
  CHECK(events[0].duration_ms == 1234);
  CHECK(events[1].to_state == "verifying_health");
  CHECK(store->resources("run1").value().at(0).health_status == "healthy");
}

TEST_CASE("an open row of another run reads as interrupted; the current run's does not") {
  TempDir dir;
  auto store = audit::Store::open(dir / "audit.db").value();
  REQUIRE(store.begin(record("crashed", "prod", "aaa", "2026-11-26T09:00:00.000Z")));
  REQUIRE(store.begin(record("current", "prod", "bbb", "2026-11-26T10:00:00.000Z")));
  auto all = store.list({}, "current").value();
  REQUIRE(all.size() == 2);
  CHECK(all[0].id == "current");
  CHECK(all[0].final_state == "running");
  CHECK(all[1].final_state == "interrupted");
  CHECK(store.get("crashed")->final_state == "interrupted");
  CHECK(store.list({"", "", "interrupted"}, "current")->size() == 1);
}

TEST_CASE("lists filter by environment, sha prefix and state, newest first") {
  TempDir dir;
  auto store = audit::Store::open(dir / "audit.db").value();
  for (auto [id, env, sha, at] : {std::tuple{"a", "dev", "1111", "2026-11-01T00:00:00.000Z"},
                                  std::tuple{"b", "prod", "2222", "2026-11-02T00:00:00.000Z"},
                                  std::tuple{"c", "prod", "2233", "2026-11-03T00:00:00.000Z"}}) {
    auto r = record(id, env, sha, at);
    REQUIRE(store.begin(r));
    r.final_state = std::string(id) == "b" ? "failed" : "completed";
    r.finished = at;
    REQUIRE(store.finish(r));
  }
  auto prod = store.list({"prod", "", ""}).value();
  REQUIRE(prod.size() == 2);
  CHECK(prod[0].id == "c");
  CHECK(store.list({"", "22", ""})->size() == 2);
  CHECK(store.list({"", "", "failed"})->at(0).id == "b");
  CHECK(store.list({"qa", "", ""})->empty());
}

TEST_CASE("ids are found by unique prefix; unknown and ambiguous ones are errors") {
  TempDir dir;
  auto store = audit::Store::open(dir / "audit.db").value();
  REQUIRE(store.begin(record("abc1", "dev", "", "2026-11-01T00:00:00.000Z")));
  REQUIRE(store.begin(record("abc2", "dev", "", "2026-11-01T00:00:01.000Z")));
  CHECK(store.get("abc1"));
  auto ambiguous = store.get("abc");
  REQUIRE_FALSE(ambiguous);
  CHECK_THAT(ambiguous.error().message, Catch::Contains("matches 2"));
  CHECK_FALSE(store.get("zzz"));
}

TEST_CASE("reopening keeps the data; a newer schema is refused with its version") {
  TempDir dir;
  {
    auto store = audit::Store::open(dir / "audit.db").value();
    REQUIRE(store.begin(record("kept", "dev", "", "2026-11-01T00:00:00.000Z")));
  }
  auto again = audit::Store::open(dir / "audit.db");
  REQUIRE(again);
  CHECK(again->get("kept"));
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open((dir / "audit.db").c_str(), &db) == SQLITE_OK);
  REQUIRE(sqlite3_exec(db, "UPDATE schema_version SET version = 99", nullptr, nullptr, nullptr) ==
          SQLITE_OK);
  sqlite3_close(db);
  auto newer = audit::Store::open(dir / "audit.db");
  REQUIRE_FALSE(newer);
  CHECK_THAT(newer.error().message, Catch::Contains("schema version 99"));
}

TEST_CASE("a database from before versioning is migrated") {
  TempDir dir;
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open((dir / "old.db").c_str(), &db) == SQLITE_OK);
  REQUIRE(sqlite3_exec(db, "CREATE TABLE unrelated (x INTEGER)", nullptr, nullptr, nullptr) ==
          SQLITE_OK);
  sqlite3_close(db);
  auto store = audit::Store::open(dir / "old.db");
  REQUIRE(store);
  CHECK(store->schema_version() == audit::kSchemaVersion);
  CHECK(store->list({})->empty());
}

TEST_CASE("concurrent first runs on a fresh audit folder all migrate and keep every row") {
  // Two runners opening the same fresh database used to both read version 0 and both run the
  // migration: one stopped with "table deployments already exists" and lost its row.
  constexpr int kRuns = 8;
  for (int round = 0; round < 20; ++round) {
    TempDir dir;
    const auto db = dir / "audit/audit.db";
    std::atomic<int> ready{0};
    std::vector<std::string> errors(kRuns);
    std::vector<std::thread> runs;
    for (int i = 0; i < kRuns; ++i) {
      runs.emplace_back([&, i] {
        ready.fetch_add(1);
        while (ready.load() < kRuns) std::this_thread::yield();
        auto store = audit::Store::open(db);
        if (!store) {
          errors[i] = store.error().message;
          return;
        }
        auto r = record("run" + std::to_string(i), "dev", "", "2026-11-01T00:00:00.000Z");
        if (auto ok = store->begin(r); !ok) errors[i] = ok.error().message;
      });
    }
    for (auto& run : runs) run.join();
    for (int i = 0; i < kRuns; ++i) {
      INFO("round " << round << " run " << i << ": " << errors[i]);
      CHECK(errors[i].empty());
    }
    auto store = audit::Store::open(db);
    REQUIRE(store);
    CHECK(store->schema_version() == audit::kSchemaVersion);
    CHECK(store->list({}).value().size() == static_cast<std::size_t>(kRuns));
  }
}

TEST_CASE("parameter override values never reach the trail") {
  CHECK(audit::redact_arguments({"deployment", "group", "create", "--parameters", "/ws/p.json",
                                 "--parameters", "adminPassword=hunter2", "--name", "n"}) ==
        std::vector<std::string>{"deployment", "group", "create", "--parameters", "/ws/p.json",
                                 "--parameters", "adminPassword=<redacted>", "--name", "n"});
}

TEST_CASE("login credentials never reach the trail") {
  CHECK(audit::redact_arguments({"login", "--service-principal", "--username", "app",
                                 "--federated-token", "eyJ.token", "--password", "s3cret", "-p",
                                 "x", "--client-secret", "y"}) ==
        std::vector<std::string>{"login", "--service-principal", "--username", "app",
                                 "--federated-token", "<redacted>", "--password", "<redacted>",
                                 "-p", "<redacted>", "--client-secret", "<redacted>"});
}
