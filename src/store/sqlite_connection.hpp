// SqliteConnection: one RAII sqlite3 handle with the project's pragmas, a cache of prepared
// statements and small helpers to run SQL with bound arguments.
//
// SQL passed here must stay portable (SQLite and PostgreSQL): `?` placeholders are used; the
// PostgreSQL implementation will use $n placeholders with the same statements.
#pragma once

#include <sqlite3.h>

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/result.hpp"
#include "store/sqlite_statement.hpp"

namespace hotline::store {

// Thread: one thread at a time (the writer thread, or the reader holding it from the pool).
class SqliteConnection {
 public:
  enum class Mode { ReadWrite, ReadOnly };

  // Opens `path` (ReadWrite creates it) with foreign_keys=ON and the busy timeout; the writer
  // additionally switches the file to WAL with enable_wal().
  static Result<std::unique_ptr<SqliteConnection>> open(const std::filesystem::path& path, Mode mode,
                                                        int busy_timeout_ms);
  ~SqliteConnection();
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  // journal_mode=WAL (checked) and synchronous=NORMAL.
  Status enable_wal();

  // Runs one or more statements without arguments (pragmas, migrations, transaction control).
  Status exec(std::string_view sql);

  // A cached prepared statement. Do not prepare the same SQL again while the first is in use.
  Result<Statement> prepare(const std::string& sql);

  // Prepares, binds and runs a statement that returns no rows.
  template <typename... Args>
  Status run(const std::string& sql, const Args&... args) {
    auto stmt = prepare(sql);
    if (!stmt) return stmt.error();
    stmt->bind_all(args...);
    return stmt->run();
  }

  // Like run(); returns the rowid of the inserted row.
  template <typename... Args>
  Result<std::int64_t> insert(const std::string& sql, const Args&... args) {
    auto status = run(sql, args...);
    if (!status) return status.error();
    return static_cast<std::int64_t>(sqlite3_last_insert_rowid(db_));
  }

  // Calls on_row(const Statement&) for every row.
  template <typename OnRow, typename... Args>
  Status each_row(const std::string& sql, OnRow&& on_row, const Args&... args) {
    auto stmt = prepare(sql);
    if (!stmt) return stmt.error();
    stmt->bind_all(args...);
    for (;;) {
      auto row = stmt->step();
      if (!row) return row.error();
      if (!*row) return ok_status();
      on_row(*stmt);
    }
  }

  // Rows changed by the last INSERT, UPDATE or DELETE.
  int changes() const { return sqlite3_changes(db_); }

 private:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}

  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> statements_;
};

}  // namespace hotline::store
