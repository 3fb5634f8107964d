#include "store/interrupted_calls.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace hotline::store {
namespace {

constexpr const char* kCause = "server stopped unexpectedly";

struct OpenRow {
  std::string id;
  UnixMs started_at = 0;
  std::optional<UnixMs> answered_at;
};

Result<std::vector<OpenRow>> open_rows(SqliteConnection& conn, const std::string& table) {
  std::vector<OpenRow> rows;
  auto status = conn.each_row("SELECT id, started_at, answered_at FROM " + table + " WHERE ended_at IS NULL",
                              [&](const Statement& row) {
                                rows.push_back({row.text(0), row.int64(1), row.opt_int64(2)});
                              });
  if (!status) return status.error();
  return rows;
}

}  // namespace

ClosedTimes close_times(UnixMs started_at, std::optional<UnixMs> answered_at, UnixMs last_alive) {
  ClosedTimes t;
  t.ended_at = std::max({started_at, answered_at.value_or(started_at), last_alive});
  t.ring_ms = answered_at.value_or(t.ended_at) - started_at;
  if (answered_at) t.talk_ms = t.ended_at - *answered_at;
  t.duration_ms = t.ended_at - started_at;
  return t;
}

Result<int> close_open_calls(SqliteConnection& conn, UnixMs last_alive) {
  auto rows = open_rows(conn, "calls");
  if (!rows) return rows.error();
  for (const auto& row : *rows) {
    ClosedTimes t = close_times(row.started_at, row.answered_at, last_alive);
    auto status = conn.run(
        "UPDATE calls SET ended_at = ?, ring_ms = ?, talk_ms = ?, duration_ms = ?, disposition = "
        "'interrupted',"
        " hangup_side = 'system', hangup_cause = ? WHERE id = ? AND ended_at IS NULL",
        t.ended_at, t.ring_ms, t.talk_ms, t.duration_ms, kCause, row.id);
    if (!status) return status.error();
  }
  return static_cast<int>(rows->size());
}

Result<int> close_open_legs(SqliteConnection& conn, UnixMs last_alive) {
  auto rows = open_rows(conn, "call_legs");
  if (!rows) return rows.error();
  for (const auto& row : *rows) {
    ClosedTimes t = close_times(row.started_at, row.answered_at, last_alive);
    auto status = conn.run(
        "UPDATE call_legs SET ended_at = ?, talk_ms = ?, duration_ms = ?, disposition = 'interrupted',"
        " hangup_cause = ? WHERE id = ? AND ended_at IS NULL",
        t.ended_at, t.talk_ms, t.duration_ms, kCause, row.id);
    if (!status) return status.error();
  }
  return static_cast<int>(rows->size());
}

}  // namespace hotline::store
