#include "audit/team_store.hpp"

#include <catch2/catch.hpp>

#include "scripted_az.hpp"
#include "support.hpp"

using namespace bicepgate;
using bicepgate::testing::AzAnswer;
using bicepgate::testing::read_fixture;
using bicepgate::testing::ScriptedAz;
using bicepgate::testing::TempDir;

namespace {

audit::DeploymentRecord run(const std::string& environment) {
  audit::DeploymentRecord r;
  r.id = "0123456789abcdef0123456789abcdef";
  r.environment = environment;
  r.started = "2026-12-05T10:00:00.000Z";
  r.final_state = "running";
  return r;
}

std::string arg_after(const std::vector<std::string>& args, const std::string& flag) {
  for (std::size_t i = 0; i + 1 < args.size(); ++i) {
    if (args[i] == flag) return args[i + 1];
  }
  return {};
}

struct Fixture {
  TempDir dir;
  ScriptedAz az;
  std::vector<std::chrono::milliseconds> waits;
  audit::TeamStore store() {
    util::RetryHooks hooks;
    hooks.wait = [this](std::chrono::milliseconds d) { waits.push_back(d); };
    auto where = azure::parse_container_url("https://contosoaudit.blob.core.windows.net/audit",
                                            "input 'audit-store'");
    return audit::TeamStore(azure::BlobStore(az, *where, azure::BlobAuth::kLogin, "audit store"),
                            dir.path(), hooks);
  }
};

}  // namespace

TEST_CASE("a run's blob is its environment, then its id", "[team_store]") {
  CHECK(audit::blob_name(run("prod")) == "prod/0123456789abcdef0123456789abcdef.json");
  CHECK(audit::blob_name(run("")) == "_none/0123456789abcdef0123456789abcdef.json");
  CHECK(audit::blob_name(run("..")) == "_none/0123456789abcdef0123456789abcdef.json");
  CHECK(audit::blob_name(run("eu/west prod")) ==
        "eu_west_prod/0123456789abcdef0123456789abcdef.json");
}

TEST_CASE("open writes create-only, close replaces with the open's ETag", "[team_store]") {
  Fixture f;
  f.az.on("storage blob upload", AzAnswer::of(0, read_fixture("az/blob/upload_created.json"), ""));
  auto store = f.store();
  auto record = run("prod");
  REQUIRE(store.open(record, {{"id", record.id}, {"final_state", "running"}}));
  CHECK(store.opened());
  auto closed_file = f.dir / "closed.json";
  REQUIRE(util::write_file_atomic(closed_file, "{}\n"));
  REQUIRE(store.close(record, closed_file));
  auto calls = f.az.calls();
  REQUIRE(calls.size() == 2);
  CHECK(arg_after(calls[0].call.args, "--if-none-match") == "*");
  CHECK(arg_after(calls[0].call.args, "--name") == "prod/0123456789abcdef0123456789abcdef.json");
  CHECK(arg_after(calls[1].call.args, "--if-match") == "\"0x1E72FCED6FE3E00\"");
  CHECK(arg_after(calls[1].call.args, "--file") == closed_file.string());
  // The open record's file is the run's own scratch, removed once uploaded.
  CHECK_FALSE(std::filesystem::exists(arg_after(calls[0].call.args, "--file")));
}

TEST_CASE("an unreachable store is tried twice, then the open fails", "[team_store]") {
  Fixture f;
  f.az.on("storage blob upload",
          AzAnswer::of(1, "", read_fixture("az/blob/upload_unreachable.stderr")));
  auto store = f.store();
  auto opened = store.open(run("prod"), nlohmann::json::object());
  REQUIRE_FALSE(opened);
  CHECK(opened.error().code == "blob.transient");
  CHECK(f.az.calls().size() == 2);
  CHECK(f.waits == std::vector<std::chrono::milliseconds>{std::chrono::seconds(5)});
  CHECK_FALSE(store.opened());
}

TEST_CASE("a taken name is refused at once, not retried, and never overwritten", "[team_store]") {
  Fixture f;
  f.az.on("storage blob upload", AzAnswer::of(1, "", read_fixture("az/blob/upload_exists.stderr")));
  auto store = f.store();
  auto opened = store.open(run("prod"), nlohmann::json::object());
  REQUIRE_FALSE(opened);
  CHECK(opened.error().code == "blob.exists");
  CHECK(opened.error().message.find("already exists") != std::string::npos);
  CHECK(f.az.calls().size() == 1);
  CHECK(f.waits.empty());
}

TEST_CASE("a close over a changed blob is refused and says so", "[team_store]") {
  Fixture f;
  f.az.on("storage blob upload", AzAnswer::of(0, read_fixture("az/blob/upload_created.json"), ""));
  f.az.on("storage blob upload",
          AzAnswer::of(1, "", read_fixture("az/blob/upload_condition_not_met.stderr")));
  auto store = f.store();
  REQUIRE(store.open(run("prod"), nlohmann::json::object()));
  auto closed = store.close(run("prod"), f.dir / "closed.json");
  REQUIRE_FALSE(closed);
  CHECK(closed.error().code == "blob.condition_not_met");
  CHECK(closed.error().message.find("changed since this run wrote its open record") !=
        std::string::npos);
  CHECK(f.az.calls().size() == 2);
}

TEST_CASE("close without a successful open writes nothing", "[team_store]") {
  Fixture f;
  auto store = f.store();
  CHECK_FALSE(store.close(run("prod"), f.dir / "closed.json"));
  CHECK(f.az.calls().empty());
}
