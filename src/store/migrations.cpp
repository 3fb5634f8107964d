#include "store/migrations.hpp"

#include <algorithm>
#include <set>
#include <string>

namespace hotline::store {
namespace {

Result<std::set<int>> applied_versions(SqliteConnection& conn) {
  auto created = conn.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations ("
      " version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)");
  if (!created) return created.error();
  std::set<int> versions;
  auto status = conn.each_row("SELECT version FROM schema_migrations",
                              [&](const Statement& row) { versions.insert(static_cast<int>(row.int64(0))); });
  if (!status) return status.error();
  return versions;
}

Status apply_one(SqliteConnection& conn, const Migration& m, UnixMs now) {
  auto begun = conn.exec("BEGIN IMMEDIATE");
  if (!begun) return begun.error();
  Status status = conn.exec(m.sql);
  if (status)
    status = conn.run("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)", m.version, now);
  if (status) status = conn.exec("COMMIT");
  if (!status) {
    (void)conn.exec("ROLLBACK");
    Error error = status.error();
    error.message = "migration " + std::string(m.name) + " failed: " + error.message;
    error.field = std::string(m.name);
    return error;
  }
  return ok_status();
}

}  // namespace

Result<int> apply_migrations(SqliteConnection& conn, const std::vector<Migration>& migrations, UnixMs now) {
  std::vector<Migration> ordered = migrations;
  std::sort(ordered.begin(), ordered.end(),
            [](const auto& a, const auto& b) { return a.version < b.version; });
  for (std::size_t i = 1; i < ordered.size(); ++i) {
    if (ordered[i].version == ordered[i - 1].version) {
      return Error::invalid(std::string(ordered[i].name), "migrations " + std::string(ordered[i - 1].name) +
                                                              " and " + std::string(ordered[i].name) +
                                                              " have the same version");
    }
  }
  auto applied = applied_versions(conn);
  if (!applied) return applied.error();
  int count = 0;
  for (const auto& m : ordered) {
    if (applied->count(m.version) != 0) continue;
    auto status = apply_one(conn, m, now);
    if (!status) return status.error();
    ++count;
  }
  return count;
}

}  // namespace hotline::store
