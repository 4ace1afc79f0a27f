#include "service/sqlite_handle.hpp"

#include <sqlite3.h>

#include <cctype>

namespace kiln::service {
namespace {

// SQL shortened to one line for an error message: enough to find the query.
std::string sql_excerpt(std::string_view sql) {
  std::string out;
  bool space = false;
  for (char c : sql) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
    if (out.size() >= 80) return out + "...";
  }
  return out;
}

Error sqlite_error(sqlite3* db, int code, const std::string& doing) {
  std::string detail = db ? sqlite3_errmsg(db) : sqlite3_errstr(code);
  ErrorCode kind = ErrorCode::StorageFailed;
  switch (code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      kind = ErrorCode::StorageBusy;
      break;
    case SQLITE_CONSTRAINT:
      kind = ErrorCode::Conflict;
      break;
    default:
      break;
  }
  return Error{kind, doing + ": " + detail};
}

}  // namespace

void ResetStatement::operator()(SqliteStatement* statement) const { statement->reset(); }

void SqliteStatement::Finalize::operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }

void SqliteConnection::Close::operator()(sqlite3* db) const {
  // close_v2: if a statement is still alive somewhere, the handle closes once it is finalized.
  sqlite3_close_v2(db);
}

SqliteStatement::SqliteStatement(sqlite3* db, sqlite3_stmt* statement) : db_(db), statement_(statement) {}

std::string SqliteStatement::sql() const { return sql_excerpt(sqlite3_sql(statement_.get())); }

void SqliteStatement::note_bind(int index, int code) {
  if (code != SQLITE_OK && !bind_error_)
    bind_error_ = sqlite_error(db_, code, "binding parameter " + std::to_string(index) + " of `" + sql() + "`");
}

SqliteStatement& SqliteStatement::bind_int64(int index, std::int64_t value) {
  note_bind(index, sqlite3_bind_int64(statement_.get(), index, value));
  return *this;
}

SqliteStatement& SqliteStatement::bind_real(int index, double value) {
  note_bind(index, sqlite3_bind_double(statement_.get(), index, value));
  return *this;
}

SqliteStatement& SqliteStatement::bind_text(int index, std::string_view text) {
  // sqlite3_bind_text64 takes the length, so text may hold any bytes, NUL included.
  note_bind(index, sqlite3_bind_text64(statement_.get(), index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
  return *this;
}

SqliteStatement& SqliteStatement::bind_null(int index) {
  note_bind(index, sqlite3_bind_null(statement_.get(), index));
  return *this;
}

SqliteStatement& SqliteStatement::bind_optional_int64(int index, const std::optional<std::int64_t>& value) {
  return value ? bind_int64(index, *value) : bind_null(index);
}

Result<bool> SqliteStatement::step() {
  if (bind_error_) return *bind_error_;
  int code = sqlite3_step(statement_.get());
  if (code == SQLITE_ROW) return true;
  if (code == SQLITE_DONE) return false;
  return sqlite_error(db_, code, "running `" + sql() + "`");
}

Status SqliteStatement::run() {
  auto row = step();
  if (!row) return row.error();
  if (*row) return Error{ErrorCode::StorageFailed, "`" + sql() + "` returned a row where none was expected"};
  return Ok{};
}

void SqliteStatement::reset() {
  // The error sqlite3_reset repeats is the last step()'s, already reported there.
  sqlite3_reset(statement_.get());
  sqlite3_clear_bindings(statement_.get());
  bind_error_.reset();
}

bool SqliteStatement::is_null(int column) const { return sqlite3_column_type(statement_.get(), column) == SQLITE_NULL; }

std::int64_t SqliteStatement::int64(int column) const { return sqlite3_column_int64(statement_.get(), column); }

double SqliteStatement::real(int column) const { return sqlite3_column_double(statement_.get(), column); }

std::string SqliteStatement::text(int column) const {
  // Text first, then its size in bytes: the order SQLite documents as safe.
  auto* data = reinterpret_cast<const char*>(sqlite3_column_text(statement_.get(), column));
  int size = sqlite3_column_bytes(statement_.get(), column);
  return data ? std::string(data, static_cast<std::size_t>(size)) : std::string();
}

std::optional<std::int64_t> SqliteStatement::optional_int64(int column) const {
  if (is_null(column)) return std::nullopt;
  return int64(column);
}

SqliteConnection::SqliteConnection(std::filesystem::path file, sqlite3* db) : file_(std::move(file)), db_(db) {}

Result<SqliteConnection> SqliteConnection::open(const std::filesystem::path& file, int busy_timeout_ms) {
  sqlite3* raw = nullptr;
  // NOMUTEX: the owner serialises access itself (see the header), so SQLite's own locks are redundant.
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  int code = sqlite3_open_v2(file.c_str(), &raw, flags, nullptr);
  SqliteConnection connection(file, raw);  // owns the handle even when opening failed
  if (code != SQLITE_OK) return sqlite_error(raw, code, "opening database " + file.string());
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, busy_timeout_ms);
  return connection;
}

Status SqliteConnection::exec(std::string_view sql) {
  std::string text(sql);
  int code = sqlite3_exec(db_.get(), text.c_str(), nullptr, nullptr, nullptr);
  if (code != SQLITE_OK) return sqlite_error(db_.get(), code, "running `" + sql_excerpt(sql) + "` on " + file_.string());
  return Ok{};
}

Result<StatementUse> SqliteConnection::query(std::string_view sql) {
  std::string key(sql);
  auto found = statements_.find(key);
  if (found == statements_.end()) {
    sqlite3_stmt* raw = nullptr;
    int code = sqlite3_prepare_v3(db_.get(), key.data(), static_cast<int>(key.size()), SQLITE_PREPARE_PERSISTENT, &raw,
                                  nullptr);
    SqliteStatement statement(db_.get(), raw);
    if (code != SQLITE_OK) return sqlite_error(db_.get(), code, "preparing `" + sql_excerpt(sql) + "`");
    found = statements_.emplace(std::move(key), std::move(statement)).first;
  }
  found->second.reset();
  return StatementUse(&found->second);
}

std::int64_t SqliteConnection::changes() const { return sqlite3_changes64(db_.get()); }

std::int64_t SqliteConnection::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_.get()); }

Result<SqliteTransaction> SqliteTransaction::begin(SqliteConnection& connection) {
  auto begun = connection.exec("BEGIN IMMEDIATE");
  if (!begun) return begun.error();
  return SqliteTransaction(connection);
}

SqliteTransaction::SqliteTransaction(SqliteTransaction&& other) noexcept : connection_(other.connection_) {
  other.connection_ = nullptr;
}

SqliteTransaction::~SqliteTransaction() {
  // Nothing to report to: the caller already returns the error that made it give up.
  if (connection_) (void)connection_->exec("ROLLBACK");
}

Status SqliteTransaction::commit() {
  auto committed = connection_->exec("COMMIT");
  if (!committed) return committed.error();  // still open: the destructor rolls it back
  connection_ = nullptr;
  return Ok{};
}

}  // namespace kiln::service
