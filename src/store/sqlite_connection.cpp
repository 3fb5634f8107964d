#include "store/sqlite_connection.hpp"

#include "store/sqlite_errors.hpp"

namespace hotline::store {

Result<std::unique_ptr<SqliteConnection>> SqliteConnection::open(const std::filesystem::path& path, Mode mode,
                                                                 int busy_timeout_ms) {
  int flags = SQLITE_OPEN_NOMUTEX;
  flags |= mode == Mode::ReadWrite ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY;
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    Error error = sqlite_error(db, rc, "opening " + path.string());
    sqlite3_close(db);
    return error;
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, busy_timeout_ms);
  std::unique_ptr<SqliteConnection> conn(new SqliteConnection(db));
  auto status = conn->exec("PRAGMA foreign_keys = ON");
  if (!status) return status.error();
  return conn;
}

SqliteConnection::~SqliteConnection() {
  for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
  sqlite3_close(db_);
}

Status SqliteConnection::enable_wal() {
  std::string mode;
  auto status = each_row("PRAGMA journal_mode = WAL", [&](const Statement& row) { mode = row.text(0); });
  if (!status) return status.error();
  if (mode != "wal") return Error::unavailable("could not switch the database to WAL (mode: " + mode + ")");
  return exec("PRAGMA synchronous = NORMAL");
}

Status SqliteConnection::exec(std::string_view sql) {
  std::string text(sql);
  char* message = nullptr;
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
  sqlite3_free(message);
  if (rc != SQLITE_OK) return sqlite_error(db_, rc, text.substr(0, 80));
  return ok_status();
}

Result<Statement> SqliteConnection::prepare(const std::string& sql) {
  auto found = statements_.find(sql);
  if (found != statements_.end()) return Statement(db_, found->second);
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                              &stmt, nullptr);
  if (rc != SQLITE_OK) return sqlite_error(db_, rc, "preparing " + sql);
  statements_.emplace(sql, stmt);
  return Statement(db_, stmt);
}

}  // namespace hotline::store
