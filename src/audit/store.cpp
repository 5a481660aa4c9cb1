#include "audit/store.hpp"

#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <thread>

#include "util/time.hpp"

namespace bicepgate::audit {
namespace {

// How long a run waits for another one's write to the database.
constexpr std::chrono::milliseconds kBusyTimeout{5000};

// Each entry moves the schema one version up; the index is the version it produces minus one.
const char* const kMigrations[] = {
    R"sql(
    CREATE TABLE deployments (
      id TEXT PRIMARY KEY, git_sha TEXT, ref TEXT, environment TEXT, resource_group TEXT,
      template TEXT, parameters TEXT, deployment_name TEXT, content_hash TEXT,
      started TEXT NOT NULL, finished TEXT, final_state TEXT NOT NULL, failure_class TEXT,
      failure_code TEXT, message TEXT, details TEXT);
    CREATE INDEX deployments_by_environment ON deployments(environment, started);
    CREATE INDEX deployments_by_sha ON deployments(git_sha);
    CREATE TABLE deployment_events (
      id INTEGER PRIMARY KEY AUTOINCREMENT, deployment_id TEXT NOT NULL REFERENCES deployments(id),
      at TEXT NOT NULL, kind TEXT NOT NULL, from_state TEXT, to_state TEXT, argv TEXT,
      exit_code INTEGER, duration_ms INTEGER, note TEXT);
    CREATE INDEX events_by_deployment ON deployment_events(deployment_id, id);
    CREATE TABLE deployment_resources (
      deployment_id TEXT NOT NULL REFERENCES deployments(id), resource_id TEXT NOT NULL,
      type TEXT, health_status TEXT, details TEXT);
    )sql",
};

class Statement {
 public:
  Statement(sqlite3* db, const char* sql) {
    ok_ = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) == SQLITE_OK;
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  bool ok() const { return ok_; }
  Statement& bind(int index, const std::string& value) {
    sqlite3_bind_text(stmt_, index, value.c_str(), static_cast<int>(value.size()),
                      SQLITE_TRANSIENT);
    return *this;
  }
  Statement& bind(int index, long long value) {
    sqlite3_bind_int64(stmt_, index, value);
    return *this;
  }
  int step() { return sqlite3_step(stmt_); }
  std::string text(int column) const {
    const unsigned char* value = sqlite3_column_text(stmt_, column);
    return value == nullptr ? std::string() : reinterpret_cast<const char*>(value);
  }
  long long integer(int column) const { return sqlite3_column_int64(stmt_, column); }

 private:
  sqlite3_stmt* stmt_ = nullptr;
  bool ok_ = false;
};

Unexpected<Error> db_error(sqlite3* db, const std::string& doing) {
  return fail(doing + ": " + sqlite3_errmsg(db), "audit.sqlite");
}

constexpr const char* kColumns =
    "id, git_sha, ref, environment, resource_group, template, parameters, deployment_name, "
    "content_hash, "
    "started, finished, final_state, failure_class, failure_code, message, details";

DeploymentRecord read_record(const Statement& s) {
  DeploymentRecord r;
  r.id = s.text(0);
  r.git_sha = s.text(1);
  r.ref = s.text(2);
  r.environment = s.text(3);
  r.resource_group = s.text(4);
  r.template_file = s.text(5);
  r.parameters_file = s.text(6);
  r.deployment_name = s.text(7);
  r.content_hash = s.text(8);
  r.started = s.text(9);
  r.finished = s.text(10);
  r.final_state = s.text(11);
  r.failure_class = s.text(12);
  r.failure_code = s.text(13);
  r.message = s.text(14);
  r.details = nlohmann::json::parse(s.text(15), nullptr, false);
  if (r.details.is_discarded()) r.details = nlohmann::json::object();
  return r;
}

}  // namespace

void Store::Closer::operator()(sqlite3* db) const {
  sqlite3_close(db);
}

std::string now_iso8601() {
  auto now = std::chrono::system_clock::now();
  auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  char millis[8];
  std::snprintf(millis, sizeof(millis), ".%03lldZ", static_cast<long long>(ms));
  return util::format_utc(now, "%Y-%m-%dT%H:%M:%S") + millis;
}

Result<Store> Store::open(const std::filesystem::path& path) {
  std::error_code ec;
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
  sqlite3* raw = nullptr;
  if (sqlite3_open(path.c_str(), &raw) != SQLITE_OK) {
    std::string why = raw != nullptr ? sqlite3_errmsg(raw) : "out of memory";
    sqlite3_close(raw);
    return fail(
        "audit database " + path.string() + ": " + why + " (input 'audit-db' / 'audit-dir')",
        "audit.open");
  }
  Store store(raw, path);
  sqlite3_busy_timeout(raw, static_cast<int>(kBusyTimeout.count()));
  // WAL: a reader (audit list) never blocks a running deployment's writes. Several first runs
  // switching a fresh file at once each hold a read lock and want the file to themselves: SQLite
  // then answers SQLITE_BUSY at once rather than call the busy handler into a deadlock
  // (https://www.sqlite.org/c3ref/busy_handler.html), so the switch is retried here.
  for (const auto until = std::chrono::steady_clock::now() + kBusyTimeout;;) {
    int rc = sqlite3_exec(raw, "PRAGMA journal_mode=WAL;", nullptr, nullptr, nullptr);
    if (rc == SQLITE_OK) break;
    if ((rc & 0xff) != SQLITE_BUSY || std::chrono::steady_clock::now() >= until)
      return db_error(raw, "audit database " + path.string());
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  if (auto ok = store.exec("PRAGMA foreign_keys=ON;"); !ok) return fail(ok.error());
  // Fast path: an up-to-date database needs no write lock (audit list on a read-only copy).
  if (store.schema_version() == kSchemaVersion) return store;
  // Several first runs may open a fresh database at once: the version is read and the
  // migrations run under one write lock taken up front, so a second run waits (busy timeout)
  // and then sees the version the first one wrote. A deferred BEGIN would read the version
  // under a shared lock and fail to upgrade it (SQLITE_BUSY without the busy handler); see
  // https://www.sqlite.org/lang_transaction.html, "BEGIN IMMEDIATE".
  if (auto ok = store.exec("BEGIN IMMEDIATE;"); !ok) {
    return fail("migrating " + path.string() + ": " + ok.error().message, "audit.migrate");
  }
  auto migrate = [&]() -> Status {
    if (auto ok =
            store.exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);");
        !ok)
      return ok;
    int version = store.schema_version();
    if (version > kSchemaVersion) {
      return fail("audit database " + path.string() + " has schema version " +
                      std::to_string(version) + ", newer than this bicepgate understands (" +
                      std::to_string(kSchemaVersion) + ")",
                  "audit.schema");
    }
    for (int v = version; v < kSchemaVersion; ++v) {
      std::string sql = std::string(kMigrations[v]) +
                        "DELETE FROM schema_version; INSERT INTO schema_version VALUES(" +
                        std::to_string(v + 1) + ");";
      if (auto ok = store.exec(sql); !ok) {
        return fail("migrating " + path.string() + " to schema " + std::to_string(v + 1) + ": " +
                        ok.error().message,
                    "audit.migrate");
      }
    }
    return store.exec("COMMIT;");
  };
  if (auto ok = migrate(); !ok) {
    (void)store.exec("ROLLBACK;");
    return fail(ok.error());
  }
  return store;
}

int Store::schema_version() const {
  Statement s(db_.get(), "SELECT version FROM schema_version LIMIT 1");
  return s.ok() && s.step() == SQLITE_ROW ? static_cast<int>(s.integer(0)) : 0;
}

Status Store::exec(const std::string& sql) const {
  char* message = nullptr;
  if (sqlite3_exec(db_.get(), sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    std::string why = message != nullptr ? message : "unknown error";
    sqlite3_free(message);
    return fail(path_.string() + ": " + why, "audit.sqlite");
  }
  return {};
}

Status Store::begin(const DeploymentRecord& r) {
  Statement s(db_.get(), (std::string("INSERT INTO deployments (") + kColumns +
                          ") VALUES (?,?,?,?,?,?,?,?,?,?,NULL,'running',NULL,NULL,NULL,?)")
                             .c_str());
  if (!s.ok()) return db_error(db_.get(), "audit begin");
  s.bind(1, r.id)
      .bind(2, r.git_sha)
      .bind(3, r.ref)
      .bind(4, r.environment)
      .bind(5, r.resource_group);
  s.bind(6, r.template_file)
      .bind(7, r.parameters_file)
      .bind(8, r.deployment_name)
      .bind(9, r.content_hash);
  s.bind(10, r.started).bind(11, r.details.dump());
  if (s.step() != SQLITE_DONE) return db_error(db_.get(), "audit begin");
  return {};
}

Status Store::add_event(const std::string& id, const AuditEvent& e) {
  Statement s(db_.get(),
              "INSERT INTO deployment_events (deployment_id, at, kind, from_state, to_state, argv, "
              "exit_code, "
              "duration_ms, note) VALUES (?,?,?,?,?,?,?,?,?)");
  if (!s.ok()) return db_error(db_.get(), "audit event");
  s.bind(1, id).bind(2, e.at).bind(3, e.kind).bind(4, e.from_state).bind(5, e.to_state);
  s.bind(6, nlohmann::json(e.argv).dump())
      .bind(7, static_cast<long long>(e.exit_code))
      .bind(8, e.duration_ms);
  s.bind(9, e.note);
  if (s.step() != SQLITE_DONE) return db_error(db_.get(), "audit event");
  return {};
}

Status Store::add_resource(const std::string& id, const ResourceHealth& r) {
  Statement s(
      db_.get(),
      "INSERT INTO deployment_resources (deployment_id, resource_id, type, health_status, details) "
      "VALUES (?,?,?,?,?)");
  if (!s.ok()) return db_error(db_.get(), "audit resource");
  s.bind(1, id).bind(2, r.resource_id).bind(3, r.type).bind(4, r.health_status).bind(5, r.details);
  if (s.step() != SQLITE_DONE) return db_error(db_.get(), "audit resource");
  return {};
}

Status Store::finish(const DeploymentRecord& r) {
  Statement s(db_.get(),
              "UPDATE deployments SET finished=?, final_state=?, failure_class=?, failure_code=?, "
              "message=?, "
              "details=?, deployment_name=?, content_hash=?, resource_group=?, template=?, "
              "parameters=? WHERE id=?");
  if (!s.ok()) return db_error(db_.get(), "audit finish");
  s.bind(1, r.finished).bind(2, r.final_state).bind(3, r.failure_class).bind(4, r.failure_code);
  s.bind(5, r.message).bind(6, r.details.dump()).bind(7, r.deployment_name).bind(8, r.content_hash);
  s.bind(9, r.resource_group).bind(10, r.template_file).bind(11, r.parameters_file).bind(12, r.id);
  if (s.step() != SQLITE_DONE) return db_error(db_.get(), "audit finish");
  return {};
}

Status Store::replace(const DeploymentRecord& r, const std::vector<AuditEvent>& events,
                      const std::vector<ResourceHealth>& resources) {
  if (auto ok = exec("BEGIN IMMEDIATE;"); !ok) return ok;
  auto write = [&]() -> Status {
    // Children first: the foreign keys refuse a parent row deleted under them.
    for (const char* sql : {"DELETE FROM deployment_events WHERE deployment_id = ?",
                            "DELETE FROM deployment_resources WHERE deployment_id = ?",
                            "DELETE FROM deployments WHERE id = ?"}) {
      Statement s(db_.get(), sql);
      if (!s.ok()) return db_error(db_.get(), "audit replace");
      s.bind(1, r.id);
      if (s.step() != SQLITE_DONE) return db_error(db_.get(), "audit replace");
    }
    if (auto ok = begin(r); !ok) return ok;
    if (!r.finished.empty() || r.final_state != "running") {
      if (auto ok = finish(r); !ok) return ok;
    }
    for (const auto& e : events) {
      if (auto ok = add_event(r.id, e); !ok) return ok;
    }
    for (const auto& x : resources) {
      if (auto ok = add_resource(r.id, x); !ok) return ok;
    }
    return exec("COMMIT;");
  };
  if (auto ok = write(); !ok) {
    (void)exec("ROLLBACK;");
    return ok;
  }
  return {};
}

Result<std::optional<DeploymentRecord>> Store::find(const std::string& id) const {
  Statement s(db_.get(),
              (std::string("SELECT ") + kColumns + " FROM deployments WHERE id = ?1").c_str());
  if (!s.ok()) return db_error(db_.get(), "audit find");
  s.bind(1, id);
  if (s.step() != SQLITE_ROW) return std::optional<DeploymentRecord>();
  return std::optional<DeploymentRecord>(read_record(s));
}

Result<std::vector<DeploymentRecord>> Store::list(const ListFilter& filter,
                                                  const std::string& current_id) const {
  Statement s(
      db_.get(),
      (std::string("SELECT ") + kColumns +
       " FROM deployments WHERE (?1 = '' OR environment = ?1) AND (?2 = '' OR git_sha LIKE ?2 "
       "|| '%') ORDER BY started DESC, id DESC")
          .c_str());
  if (!s.ok()) return db_error(db_.get(), "audit list");
  s.bind(1, filter.environment).bind(2, filter.sha);
  std::vector<DeploymentRecord> out;
  while (s.step() == SQLITE_ROW) {
    auto record = read_record(s);
    if (record.final_state == "running" && record.id != current_id)
      record.final_state = "interrupted";
    if (!filter.state.empty() && record.final_state != filter.state) continue;
    out.push_back(std::move(record));
  }
  return out;
}

Result<DeploymentRecord> Store::get(const std::string& id) const {
  Statement s(
      db_.get(),
      (std::string("SELECT ") + kColumns + " FROM deployments WHERE id LIKE ?1 || '%'").c_str());
  if (!s.ok()) return db_error(db_.get(), "audit show");
  s.bind(1, id);
  std::vector<DeploymentRecord> found;
  while (s.step() == SQLITE_ROW) found.push_back(read_record(s));
  if (found.empty())
    return fail("no audit record with id '" + id + "' in " + path_.string(), "audit.not_found");
  if (found.size() > 1)
    return fail(
        "id '" + id + "' matches " + std::to_string(found.size()) + " records; give more of it",
        "audit.ambiguous");
  if (found[0].final_state == "running") found[0].final_state = "interrupted";
  return found[0];
}

Result<std::vector<AuditEvent>> Store::events(const std::string& id) const {
  Statement s(db_.get(),
              "SELECT at, kind, from_state, to_state, argv, exit_code, duration_ms, note FROM "
              "deployment_events "
              "WHERE deployment_id = ? ORDER BY id");
  if (!s.ok()) return db_error(db_.get(), "audit events");
  s.bind(1, id);
  std::vector<AuditEvent> out;
  while (s.step() == SQLITE_ROW) {
    AuditEvent e;
    e.at = s.text(0);
    e.kind = s.text(1);
    e.from_state = s.text(2);
    e.to_state = s.text(3);
    auto argv = nlohmann::json::parse(s.text(4), nullptr, false);
    if (argv.is_array()) e.argv = argv.get<std::vector<std::string>>();
    e.exit_code = static_cast<int>(s.integer(5));
    e.duration_ms = s.integer(6);
    e.note = s.text(7);
    out.push_back(std::move(e));
  }
  return out;
}

Result<std::vector<ResourceHealth>> Store::resources(const std::string& id) const {
  Statement s(db_.get(),
              "SELECT resource_id, type, health_status, details FROM deployment_resources WHERE "
              "deployment_id = ?");
  if (!s.ok()) return db_error(db_.get(), "audit resources");
  s.bind(1, id);
  std::vector<ResourceHealth> out;
  while (s.step() == SQLITE_ROW) out.push_back({s.text(0), s.text(1), s.text(2), s.text(3)});
  return out;
}

nlohmann::json to_json(const ResourceHealth& resource) {
  return {{"resource_id", resource.resource_id},
          {"type", resource.type},
          {"health_status", resource.health_status},
          {"details", resource.details}};
}

nlohmann::json to_json(const DeploymentRecord& r) {
  return {{"id", r.id},
          {"git_sha", r.git_sha},
          {"ref", r.ref},
          {"environment", r.environment},
          {"resource_group", r.resource_group},
          {"template", r.template_file},
          {"parameters", r.parameters_file},
          {"deployment_name", r.deployment_name},
          {"content_hash", r.content_hash},
          {"started", r.started},
          {"finished", r.finished.empty() ? nlohmann::json() : nlohmann::json(r.finished)},
          {"final_state", r.final_state},
          {"failure_class", r.failure_class},
          {"failure_code", r.failure_code},
          {"message", r.message},
          {"details", r.details}};
}

}  // namespace bicepgate::audit
