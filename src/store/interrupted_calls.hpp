// Closing the calls and legs a crash left open: pure timing rules plus the writer-side SQL.
// Internal to the store; runs inside a write job.
#pragma once

#include <cstdint>
#include <optional>

#include "common/clock.hpp"
#include "common/result.hpp"
#include "store/sqlite_connection.hpp"

namespace hotline::store {

struct ClosedTimes {
  UnixMs ended_at = 0;
  std::int64_t ring_ms = 0;             // started → answered, or → ended when never answered
  std::optional<std::int64_t> talk_ms;  // answered → ended, only when answered
  std::int64_t duration_ms = 0;         // started → ended
};

// The process was last known alive at `last_alive`; a call cannot end before it started or was
// answered, so the end is the latest of the three.
ClosedTimes close_times(UnixMs started_at, std::optional<UnixMs> answered_at, UnixMs last_alive);

// Marks every open call (and leg) interrupted; returns how many were closed.
Result<int> close_open_calls(SqliteConnection& conn, UnixMs last_alive);
Result<int> close_open_legs(SqliteConnection& conn, UnixMs last_alive);

}  // namespace hotline::store
