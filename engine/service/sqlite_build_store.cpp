#include "service/sqlite_build_store.hpp"

#include <array>
#include <iterator>
#include <limits>
#include <system_error>

#include "service/build_state_json.hpp"
#include "service/utc_timestamp.hpp"

namespace kiln::service {
namespace {

// Long enough to ride out a checkpoint or another process's write, short
// enough that a stuck lock shows up as an error rather than a hung request.
constexpr int kBusyTimeoutMs = 5000;

// Entry i upgrades a store from schema version i to i + 1. Append new entries;
// never edit one that has shipped.
constexpr std::array<std::string_view, 2> kMigrations{
    R"sql(
CREATE TABLE builds (
  seq            INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused, so a paging cursor stays valid
  id             TEXT NOT NULL UNIQUE,
  status         TEXT NOT NULL,
  created_at_ms  INTEGER NOT NULL,
  started_at_ms  INTEGER,
  finished_at_ms INTEGER,
  request        TEXT NOT NULL,  -- JSON, fixed at insert
  state          TEXT NOT NULL   -- JSON, see build_state_json.hpp
);
-- list(status) newest first, recover() and count_by_status() read this index only.
CREATE INDEX builds_by_status ON builds (status, seq);
CREATE TABLE build_logs (
  build_id TEXT NOT NULL REFERENCES builds (id) ON DELETE CASCADE,
  seq      INTEGER NOT NULL,
  time_ms  INTEGER NOT NULL,
  stream   TEXT NOT NULL,
  text     TEXT NOT NULL,
  PRIMARY KEY (build_id, seq)  -- logs(id, after, limit) and the next seq are one range of this key
) WITHOUT ROWID;
)sql",
    // The GitOps watcher's deployments (deployment_store.hpp) and the webhook deliveries it took.
    R"sql(
CREATE TABLE deployments (
  seq           INTEGER PRIMARY KEY AUTOINCREMENT,
  app           TEXT NOT NULL,
  commit_id     TEXT NOT NULL,
  image         TEXT NOT NULL,
  build_id      TEXT NOT NULL UNIQUE,  -- chosen before the build is submitted, so a restart can finish the submission
  trigger       TEXT NOT NULL,
  status        TEXT NOT NULL,
  digest        TEXT NOT NULL DEFAULT '',
  created_at_ms INTEGER NOT NULL,
  UNIQUE (app, commit_id)  -- a commit of an app is built once, whatever restarts
);
CREATE TABLE webhook_deliveries (
  delivery_id    TEXT PRIMARY KEY,
  received_at_ms INTEGER NOT NULL
) WITHOUT ROWID;
)sql",
};

constexpr std::array<BuildStatus, 9> kAllStatuses{
    BuildStatus::Queued,    BuildStatus::Fetching, BuildStatus::Detecting, BuildStatus::Building,  BuildStatus::Pushing,
    BuildStatus::Succeeded, BuildStatus::Failed,   BuildStatus::Cancelled, BuildStatus::TimedOut,
};

Error not_found(const std::string& id) { return Error{ErrorCode::NotFound, "no build with id '" + id + "'"}; }

Status check_limit(int limit, int max) {
  if (limit < 1 || limit > max)
    return Error{ErrorCode::InvalidRequest, "limit must be between 1 and " + std::to_string(max) + ", got " + std::to_string(limit)};
  return Ok{};
}

Result<nlohmann::json> parse_stored_json(const std::string& text, const std::string& what) {
  auto value = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) return Error{ErrorCode::StorageCorrupt, what + " in the store is not valid JSON"};
  return value;
}

// A build's row as SQLite gives it: copied out under the store's lock, parsed
// after it is released, so a busy list never holds up builds writing logs.
struct BuildRow {
  std::int64_t seq = 0;
  std::string id, status;
  std::int64_t created_at_ms = 0;
  std::optional<std::int64_t> started_at_ms, finished_at_ms;
  std::string request, state;
};

// Copies a row of: seq, id, status, created_at_ms, started_at_ms, finished_at_ms, request, state.
BuildRow copy_row(const SqliteStatement& row) {
  return BuildRow{row.int64(0),          row.text(1),          row.text(2), row.int64(3),
                  row.optional_int64(4), row.optional_int64(5), row.text(6), row.text(7)};
}

Result<BuildRecord> read_build(const BuildRow& row) {
  BuildRecord record;
  record.seq = row.seq;
  record.id = row.id;
  auto status = parse_build_status(row.status);
  if (!status)
    return Error{ErrorCode::StorageCorrupt,
                 "build " + record.id + " has status '" + row.status + "', unknown to this kiln (written by a newer one?)"};
  record.status = *status;
  record.created_at_ms = row.created_at_ms;
  record.started_at_ms = row.started_at_ms;
  record.finished_at_ms = row.finished_at_ms;
  auto request = parse_stored_json(row.request, "the request of build " + record.id);
  if (!request) return request.error();
  record.request = std::move(*request);
  auto state = parse_stored_json(row.state, "the state of build " + record.id);
  if (!state) return state.error();
  if (auto read = read_build_state_json(*state, record); !read) return read.error();
  return record;
}

// Copies every row a statement returns.
Result<std::vector<BuildRow>> copy_rows(SqliteStatement& statement) {
  std::vector<BuildRow> rows;
  for (;;) {
    auto row = statement.step();
    if (!row) return row.error();
    if (!*row) return rows;
    rows.push_back(copy_row(statement));
  }
}

Result<std::vector<BuildRecord>> read_builds(const std::vector<BuildRow>& rows) {
  std::vector<BuildRecord> builds;
  builds.reserve(rows.size());
  for (const auto& row : rows) {
    auto build = read_build(row);
    if (!build) return build.error();
    builds.push_back(std::move(*build));
  }
  return builds;
}

Status use_wal_journal(SqliteConnection& db) {
  auto q = db.query("PRAGMA journal_mode = WAL");
  if (!q) return q.error();
  auto row = (*q)->step();
  if (!row) return row.error();
  auto mode = *row ? (*q)->text(0) : std::string();
  if (mode != "wal")
    return Error{ErrorCode::StorageFailed, "could not switch to the WAL journal (got '" + mode +
                                      "'); keep the store on a local filesystem that supports shared memory"};
  return Ok{};
}

Status migrate(SqliteConnection& db) {
  // In a transaction, so two servers starting on the same file cannot both upgrade it.
  auto transaction = SqliteTransaction::begin(db);
  if (!transaction) return transaction.error();
  std::int64_t version = 0;
  {
    auto q = db.query("PRAGMA user_version");
    if (!q) return q.error();
    auto row = (*q)->step();
    if (!row) return row.error();
    if (*row) version = (*q)->int64(0);
  }
  const auto latest = static_cast<std::int64_t>(kMigrations.size());
  if (version > latest)
    return Error{ErrorCode::StorageCorrupt, "the store has schema version " + std::to_string(version) +
                                                  " but this kiln knows up to " + std::to_string(latest) +
                                                  "; run a newer kiln or point it at another store file"};
  for (auto v = version; v < latest; ++v) {
    if (auto applied = db.exec(kMigrations[v]); !applied) return applied.error();
  }
  if (version != latest) {
    // A pragma takes no bound parameter; the number is our own constant, not input.
    if (auto set = db.exec("PRAGMA user_version = " + std::to_string(latest)); !set) return set.error();
  }
  return transaction->commit();
}

}  // namespace

const int SqliteBuildStore::kSchemaVersion = static_cast<int>(kMigrations.size());

Result<std::unique_ptr<SqliteBuildStore>> SqliteBuildStore::open(const std::filesystem::path& file) {
  const std::string context = "opening build store " + file.string();
  if (file.has_parent_path()) {
    std::error_code ec;
    std::filesystem::create_directories(file.parent_path(), ec);
    if (ec) return Error{ErrorCode::StorageFailed, context + ": cannot create folder " + file.parent_path().string() + ": " + ec.message()};
  }
  auto db = SqliteConnection::open(file, kBusyTimeoutMs);
  if (!db) return db.error().with_context(context);
  if (auto wal = use_wal_journal(*db); !wal) return wal.error().with_context(context);
  // NORMAL in WAL mode: a killed process loses nothing committed; a power cut
  // may lose the last commits but never corrupts the file.
  if (auto set = db->exec("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;"); !set)
    return set.error().with_context(context);
  if (auto migrated = migrate(*db); !migrated) return migrated.error().with_context(context);
  return std::unique_ptr<SqliteBuildStore>(new SqliteBuildStore(std::move(*db)));
}

Result<BuildRecord> SqliteBuildStore::insert(BuildRecord record) {
  if (record.id.empty()) return Error{ErrorCode::InvalidRequest, "a build needs an id to be stored"};
  std::lock_guard lock(mutex_);
  const std::string context = "storing build " + record.id;
  auto q = db_.query(
      "INSERT INTO builds (id, status, created_at_ms, started_at_ms, finished_at_ms, request, state) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  if (!q) return q.error().with_context(context);
  (*q)->bind_text(1, record.id)
      .bind_text(2, to_string(record.status))
      .bind_int64(3, record.created_at_ms)
      .bind_optional_int64(4, record.started_at_ms)
      .bind_optional_int64(5, record.finished_at_ms)
      .bind_text(6, stored_json_text(record.request))
      .bind_text(7, stored_json_text(build_state_json(record)));
  if (auto ran = (*q)->run(); !ran) {
    if (ran.error().code == ErrorCode::Conflict)
      return Error{ErrorCode::Conflict, "a build with id '" + record.id + "' already exists"};
    return ran.error().with_context(context);
  }
  record.seq = db_.last_insert_rowid();
  return record;
}

Status SqliteBuildStore::update_locked(const BuildRecord& record) {
  auto q = db_.query(
      "UPDATE builds SET status = ?2, started_at_ms = ?3, finished_at_ms = ?4, state = ?5 "
      "WHERE id = ?1");
  if (!q) return q.error();
  (*q)->bind_text(1, record.id)
      .bind_text(2, to_string(record.status))
      .bind_optional_int64(3, record.started_at_ms)
      .bind_optional_int64(4, record.finished_at_ms)
      .bind_text(5, stored_json_text(build_state_json(record)));
  if (auto ran = (*q)->run(); !ran) return ran.error();
  if (db_.changes() == 0) return not_found(record.id);
  return Ok{};
}

Status SqliteBuildStore::save(const BuildRecord& record) {
  std::lock_guard lock(mutex_);
  auto saved = update_locked(record);
  if (!saved && saved.error().code != ErrorCode::NotFound) return saved.error().with_context("saving build " + record.id);
  return saved;
}

Result<std::optional<BuildRecord>> SqliteBuildStore::get(const std::string& id) {
  const std::string context = "reading build " + id;
  // The row is copied under the lock (the statement is reset before it is released) and parsed after.
  auto copied = [&]() -> Result<std::optional<BuildRow>> {
    std::lock_guard lock(mutex_);
    auto q = db_.query(
        "SELECT seq, id, status, created_at_ms, started_at_ms, finished_at_ms, request, state "
        "FROM builds WHERE id = ?1");
    if (!q) return q.error();
    (*q)->bind_text(1, id);
    auto row = (*q)->step();
    if (!row) return row.error();
    if (!*row) return std::optional<BuildRow>();
    return std::optional<BuildRow>(copy_row(**q));
  }();
  if (!copied) return copied.error().with_context(context);
  if (!copied->has_value()) return std::optional<BuildRecord>();
  auto build = read_build(**copied);
  if (!build) return build.error();
  return std::optional<BuildRecord>(std::move(*build));
}

Result<BuildPage> SqliteBuildStore::list(const ListQuery& query) {
  if (auto valid = check_limit(query.limit, kMaxBuildPage); !valid) return valid.error();
  const std::string context = "listing builds";
  const auto before = query.before_seq.value_or(std::numeric_limits<std::int64_t>::max());
  // One row more than asked tells whether another page follows.
  const std::int64_t fetch = query.limit + 1;
  auto rows = [&]() -> Result<std::vector<BuildRow>> {
    std::lock_guard lock(mutex_);
    // Two statements rather than "?1 IS NULL OR status = ?1", which would keep
    // SQLite from using the (status, seq) index.
    auto q = query.status ? db_.query(
                                "SELECT seq, id, status, created_at_ms, started_at_ms, finished_at_ms, request, state "
                                "FROM builds WHERE status = ?1 AND seq < ?2 ORDER BY seq DESC LIMIT ?3")
                          : db_.query(
                                "SELECT seq, id, status, created_at_ms, started_at_ms, finished_at_ms, request, state "
                                "FROM builds WHERE seq < ?2 ORDER BY seq DESC LIMIT ?3");
    if (!q) return q.error();
    if (query.status) (*q)->bind_text(1, to_string(*query.status));
    (*q)->bind_int64(2, before).bind_int64(3, fetch);
    return copy_rows(**q);
  }();
  if (!rows) return rows.error().with_context(context);
  auto builds = read_builds(*rows);
  if (!builds) return builds.error().with_context(context);
  BuildPage page{std::move(*builds), std::nullopt};
  if (static_cast<std::int64_t>(page.builds.size()) == fetch) {
    page.builds.pop_back();
    page.next_cursor = page.builds.back().seq;
  }
  return page;
}

Result<bool> SqliteBuildStore::exists_locked(const std::string& id) {
  auto q = db_.query("SELECT 1 FROM builds WHERE id = ?1");
  if (!q) return q.error();
  (*q)->bind_text(1, id);
  return (*q)->step();
}

Status SqliteBuildStore::append_logs(const std::string& id, std::vector<LogLine> lines) {
  std::lock_guard lock(mutex_);
  const std::string context = "appending log lines to build " + id;
  auto transaction = SqliteTransaction::begin(db_);
  if (!transaction) return transaction.error().with_context(context);
  auto exists = exists_locked(id);
  if (!exists) return exists.error().with_context(context);
  if (!*exists) return not_found(id);

  std::int64_t seq = 0;
  {
    auto last = db_.query("SELECT COALESCE(MAX(seq), 0) FROM build_logs WHERE build_id = ?1");
    if (!last) return last.error().with_context(context);
    (*last)->bind_text(1, id);
    auto row = (*last)->step();
    if (!row) return row.error().with_context(context);
    seq = (*last)->int64(0);
  }
  auto insert = db_.query("INSERT INTO build_logs (build_id, seq, time_ms, stream, text) VALUES (?1, ?2, ?3, ?4, ?5)");
  if (!insert) return insert.error().with_context(context);
  for (auto& line : lines) {
    (*insert)->reset();
    (*insert)->bind_text(1, id).bind_int64(2, ++seq).bind_int64(3, line.time_ms).bind_text(4, line.stream).bind_text(5, line.text);
    if (auto ran = (*insert)->run(); !ran) return ran.error().with_context(context);
  }
  (*insert)->reset();  // done with the statement before COMMIT
  if (auto committed = transaction->commit(); !committed) return committed.error().with_context(context);
  return Ok{};
}

Result<std::vector<LogLine>> SqliteBuildStore::logs(const std::string& id, std::int64_t after_seq, int limit) {
  if (auto valid = check_limit(limit, kMaxLogPage); !valid) return valid.error();
  std::lock_guard lock(mutex_);
  const std::string context = "reading the log of build " + id;
  std::vector<LogLine> lines;
  {
    auto q = db_.query(
        "SELECT seq, time_ms, stream, text FROM build_logs "
        "WHERE build_id = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3");
    if (!q) return q.error().with_context(context);
    (*q)->bind_text(1, id).bind_int64(2, after_seq).bind_int64(3, limit);
    for (;;) {
      auto row = (*q)->step();
      if (!row) return row.error().with_context(context);
      if (!*row) break;
      lines.push_back(LogLine{(*q)->int64(0), (*q)->int64(1), (*q)->text(2), (*q)->text(3)});
    }
  }
  // An empty page is either the end of the log or a build that does not exist.
  if (lines.empty()) {
    auto exists = exists_locked(id);
    if (!exists) return exists.error().with_context(context);
    if (!*exists) return not_found(id);
  }
  return lines;
}

Result<std::map<BuildStatus, std::int64_t>> SqliteBuildStore::count_by_status() {
  std::lock_guard lock(mutex_);
  const std::string context = "counting builds by status";
  std::map<BuildStatus, std::int64_t> counts;
  for (auto status : kAllStatuses) counts[status] = 0;
  auto q = db_.query("SELECT status, COUNT(*) FROM builds GROUP BY status");
  if (!q) return q.error().with_context(context);
  for (;;) {
    auto row = (*q)->step();
    if (!row) return row.error().with_context(context);
    if (!*row) return counts;
    auto text = (*q)->text(0);
    auto status = parse_build_status(text);
    if (!status) return Error{ErrorCode::StorageCorrupt, context + ": a build has status '" + text + "', unknown to this kiln"};
    counts[*status] = (*q)->int64(1);
  }
}

Result<std::vector<BuildRecord>> SqliteBuildStore::builds_in_status_locked(BuildStatus status) {
  auto q = db_.query(
      "SELECT seq, id, status, created_at_ms, started_at_ms, finished_at_ms, request, state "
      "FROM builds WHERE status = ?1 ORDER BY seq");
  if (!q) return q.error();
  (*q)->bind_text(1, to_string(status));
  auto rows = copy_rows(**q);
  if (!rows) return rows.error();
  return read_builds(*rows);
}

Result<RecoveryReport> SqliteBuildStore::recover() {
  std::lock_guard lock(mutex_);
  const std::string context = "recovering builds after a restart";
  auto transaction = SqliteTransaction::begin(db_);
  if (!transaction) return transaction.error().with_context(context);
  const auto now = now_epoch_ms();
  RecoveryReport report;
  for (auto status : kAllStatuses) {
    if (is_final(status) || status == BuildStatus::Queued) continue;
    auto builds = builds_in_status_locked(status);
    if (!builds) return builds.error().with_context(context);
    for (auto& build : *builds) {
      build.status = BuildStatus::Failed;
      build.failure = BuildFailure{ErrorCode::ServerRestart,
                                   "the server stopped while this build was " + std::string(to_string(status)) +
                                       "; start the build again",
                                   std::nullopt, std::nullopt};
      build.finished_at_ms = now;
      if (auto saved = update_locked(build); !saved) return saved.error().with_context(context);
      report.failed_ids.push_back(build.id);
    }
  }
  auto queued = builds_in_status_locked(BuildStatus::Queued);
  if (!queued) return queued.error().with_context(context);
  for (auto& build : *queued) report.queued_ids.push_back(std::move(build.id));
  if (auto committed = transaction->commit(); !committed) return committed.error().with_context(context);
  return report;
}

}  // namespace kiln::service
