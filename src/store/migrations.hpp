// Schema migrations: the numbered files of db/migrations, compiled into the binary by
// embed_migrations.cmake, applied in version order, each once, each in its own transaction, and
// recorded in schema_migrations(version, applied_at).
#pragma once

#include <string_view>
#include <vector>

#include "common/clock.hpp"
#include "common/result.hpp"
#include "store/sqlite_connection.hpp"

namespace hotline::store {

struct Migration {
  int version = 0;
  std::string_view name;  // file name, e.g. 001_core.sql
  std::string_view sql;
};

// Defined in the generated embedded_migrations.cpp.
const std::vector<Migration>& embedded_migrations();

// Applies the migrations not yet recorded; returns how many were applied. Fails on a duplicate
// version or the first migration that fails (its transaction is rolled back).
Result<int> apply_migrations(SqliteConnection& conn, const std::vector<Migration>& migrations, UnixMs now);

}  // namespace hotline::store
