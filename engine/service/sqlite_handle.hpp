#pragma once
// A thin RAII layer over the sqlite3 C API: a connection, its prepared
// statements and transactions. Failures are kiln::Error values carrying what
// was being done and SQLite's own message. Nothing here knows about builds.
//
// A connection is for one thread at a time: callers that share one across
// threads guard it with their own mutex (SQLite's per-call locking is off).
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/result.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace kiln::service {

// Errors of this layer: StorageBusy (another process held the lock too long), Conflict (a UNIQUE,
// FOREIGN KEY or NOT NULL constraint refused the row), StorageFailed (anything else).

class SqliteStatement;

// Resets a borrowed statement when its use ends, so a half-read SELECT never
// keeps the database's read snapshot open (which would stall WAL checkpoints).
struct ResetStatement {
  void operator()(SqliteStatement* statement) const;
};
using StatementUse = std::unique_ptr<SqliteStatement, ResetStatement>;

// A prepared statement. Parameters are bound by their 1-based index (?1, ?2, ...);
// text is copied, so temporaries are fine. A failed bind is reported by the next step().
class SqliteStatement {
 public:
  SqliteStatement(SqliteStatement&&) noexcept = default;
  SqliteStatement& operator=(SqliteStatement&&) noexcept = default;
  ~SqliteStatement() = default;

  SqliteStatement& bind_int64(int index, std::int64_t value);
  SqliteStatement& bind_real(int index, double value);
  SqliteStatement& bind_text(int index, std::string_view text);
  SqliteStatement& bind_null(int index);
  SqliteStatement& bind_optional_int64(int index, const std::optional<std::int64_t>& value);

  // Advances to the next row: true when a row is ready to read, false when done.
  Result<bool> step();
  // Runs a statement that must return no row (INSERT, UPDATE, DELETE without RETURNING).
  Status run();
  // Clears the last run and every binding, ready for the next use.
  void reset();

  bool is_null(int column) const;
  std::int64_t int64(int column) const;
  double real(int column) const;
  std::string text(int column) const;
  std::optional<std::int64_t> optional_int64(int column) const;

 private:
  friend class SqliteConnection;
  struct Finalize {
    void operator()(sqlite3_stmt* statement) const;
  };
  SqliteStatement(sqlite3* db, sqlite3_stmt* statement);
  void note_bind(int index, int code);
  std::string sql() const;

  sqlite3* db_ = nullptr;
  std::unique_ptr<sqlite3_stmt, Finalize> statement_;
  std::optional<Error> bind_error_;
};

class SqliteConnection {
 public:
  // Opens (creating if missing) a database file, with extended result codes and a busy timeout.
  static Result<SqliteConnection> open(const std::filesystem::path& file, int busy_timeout_ms);

  SqliteConnection(SqliteConnection&&) noexcept = default;
  SqliteConnection& operator=(SqliteConnection&&) noexcept = default;

  // Runs fixed SQL that binds no value (schema, pragmas, BEGIN/COMMIT).
  Status exec(std::string_view sql);
  // The prepared statement for this SQL, prepared on first use and kept for the
  // connection's life. Only ever pass constant SQL: values go through bind_*.
  // One statement per SQL text, so finish one use before starting another of the same SQL.
  Result<StatementUse> query(std::string_view sql);

  // Rows changed by the last INSERT, UPDATE or DELETE, and the rowid the last INSERT gave.
  std::int64_t changes() const;
  std::int64_t last_insert_rowid() const;

  const std::filesystem::path& file() const { return file_; }

 private:
  struct Close {
    void operator()(sqlite3* db) const;
  };
  SqliteConnection(std::filesystem::path file, sqlite3* db);

  std::filesystem::path file_;
  std::unique_ptr<sqlite3, Close> db_;
  // Declared after db_ so it is destroyed first: statements are finalized before the connection closes.
  std::unordered_map<std::string, SqliteStatement> statements_;
};

// BEGIN IMMEDIATE ... COMMIT; rolls back when dropped without commit(). IMMEDIATE
// takes the write lock up front, so two writers wait for each other (busy
// timeout) instead of failing when a read lock cannot be upgraded.
class SqliteTransaction {
 public:
  static Result<SqliteTransaction> begin(SqliteConnection& connection);

  SqliteTransaction(SqliteTransaction&& other) noexcept;
  SqliteTransaction& operator=(SqliteTransaction&&) = delete;
  ~SqliteTransaction();

  Status commit();

 private:
  explicit SqliteTransaction(SqliteConnection& connection) : connection_(&connection) {}
  SqliteConnection* connection_;  // null once committed or rolled back
};

}  // namespace kiln::service
