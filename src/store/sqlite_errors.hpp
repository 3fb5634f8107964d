// Maps SQLite result codes to the project's typed errors. Internal to the store.
#pragma once

#include <sqlite3.h>

#include <string_view>

#include "common/result.hpp"

namespace hotline::store {

// UNIQUE/PRIMARY KEY → Conflict naming the column; other constraints → InvalidArgument;
// busy, I/O, full, read-only → Unavailable; SQL or API misuse → Internal.
Error sqlite_error(sqlite3* db, int rc, std::string_view context);

// Whether an error means the database could not be written (as opposed to a rejected value).
bool is_storage_failure(const Error& error);

}  // namespace hotline::store
