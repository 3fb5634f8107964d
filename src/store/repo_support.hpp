// What the SQLite repositories share: the context they run in and helpers for the common shapes of
// a read (on a pooled reader) and a synchronous write (on the writer thread, waiting for commit).
// Internal to the store.
#pragma once

#include <spdlog/spdlog.h>

#include <string>
#include <variant>
#include <vector>

#include "common/clock.hpp"
#include "common/result.hpp"
#include "store/read_pool.hpp"
#include "store/records.hpp"
#include "store/write_queue.hpp"

namespace hotline::store {

struct SqliteContext {
  ReadPool& reads;
  WriteQueue& writes;
  const Clock& clock;

  // Records carry created_at = 0 when the caller leaves the stamping to the store.
  UnixMs stamp(UnixMs given) const { return given != 0 ? given : clock.now_ms(); }
};

inline Status require_text(const char* field, const std::string& value) {
  if (value.empty()) return Error::invalid(field, std::string(field) + " must not be empty");
  return ok_status();
}

// Runs an INSERT on the writer thread and returns the new row's id.
template <typename... Args>
Result<std::int64_t> insert_sync(WriteQueue& writes, const std::string& sql, const Args&... args) {
  std::int64_t id = 0;
  Status status = writes.call([&](SqliteConnection& conn) -> Status {
    auto inserted = conn.insert(sql, args...);
    if (!inserted) return inserted.error();
    id = *inserted;
    return ok_status();
  });
  if (!status) return status.error();
  return id;
}

// Every row of a query, converted by row_of(const Statement&).
template <typename T, typename RowOf, typename... Args>
Result<std::vector<T>> select_rows(ReadPool& pool, const std::string& sql, RowOf row_of,
                                   const Args&... args) {
  std::vector<T> rows;
  auto conn = pool.acquire();
  auto status = conn->each_row(
      sql, [&](const Statement& row) { rows.push_back(row_of(row)); }, args...);
  if (!status) return status.error();
  return rows;
}

// select_rows for interfaces that return a plain list: a failure is logged and gives no rows.
template <typename T, typename RowOf, typename... Args>
std::vector<T> list_rows(ReadPool& pool, const std::string& sql, RowOf row_of, const Args&... args) {
  auto rows = select_rows<T>(pool, sql, row_of, args...);
  if (rows) return std::move(rows).value();
  spdlog::error("store: read failed: {}", rows.error().message);
  return {};
}

// The first row, or NotFound with `what` ("user 42") in the message.
template <typename T, typename RowOf, typename... Args>
Result<T> select_one(ReadPool& pool, const std::string& sql, RowOf row_of, const std::string& what,
                     const Args&... args) {
  auto rows = select_rows<T>(pool, sql, row_of, args...);
  if (!rows) return rows.error();
  if (rows->empty()) return Error::not_found(what + " not found");
  return std::move(rows->front());
}

// A query parameter bound by position, for queries whose filters are optional.
using Param = std::variant<std::int64_t, std::string>;

// The WHERE clause of a query with optional filters (" WHERE tenant_id = ? AND ..."), and the
// parameters its placeholders take, in order.
struct SqlFilter {
  std::string where;
  std::vector<Param> params;
};

// Runs `sql` with `params` bound in order, calling on_row(const Statement&) for each row.
template <typename OnRow>
Status run_filtered(ReadPool& pool, const std::string& sql, const std::vector<Param>& params, OnRow on_row) {
  auto conn = pool.acquire();
  auto stmt = conn->prepare(sql);
  if (!stmt) return stmt.error();
  for (std::size_t i = 0; i < params.size(); ++i) {
    std::visit([&](const auto& value) { stmt->bind(static_cast<int>(i + 1), value); }, params[i]);
  }
  for (;;) {
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) return ok_status();
    on_row(*stmt);
  }
}

// Runs a one-row UPDATE or DELETE on the writer thread, waiting for commit; NotFound naming
// `what` ("flow 42") when no row matched (another tenant's id included).
template <typename Write>
Status write_one(WriteQueue& writes, const std::string& what, Write write) {
  return writes.call([&](SqliteConnection& conn) -> Status {
    if (auto s = write(conn); !s) return s;
    if (conn.changes() == 0) return Error::not_found(what + " not found");
    return ok_status();
  });
}

// Inside a writer job: NotFound ("user 7 not found") unless `table` has row `id` in `tenant`.
// `table` is one of ours, never input.
inline Status require_owned(SqliteConnection& conn, const char* table, const char* what, TenantId tenant,
                            std::int64_t id) {
  std::int64_t count = 0;
  auto status = conn.each_row(
      std::string("SELECT COUNT(*) FROM ") + table + " WHERE tenant_id = ? AND id = ?",
      [&](const Statement& row) { count = row.int64(0); }, tenant, id);
  if (!status) return status;
  if (count != 1) return Error::not_found(std::string(what) + " " + std::to_string(id) + " not found");
  return ok_status();
}

}  // namespace hotline::store
