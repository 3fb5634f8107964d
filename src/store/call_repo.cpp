#include <algorithm>
#include <variant>

#include "store/interrupted_calls.hpp"
#include "store/sqlite_repos.hpp"

namespace hotline::store {
namespace {

const std::string kCallColumns =
    "id, tenant_id, direction, caller, callee, started_at, answered_at, ended_at, ring_ms, talk_ms,"
    " duration_ms, disposition, hangup_side, hangup_cause, sip_call_id";
const std::string kLegColumns =
    "id, call_id, tenant_id, role, endpoint, peer_uri, sip_call_id, started_at, answered_at, ended_at,"
    " duration_ms, talk_ms, disposition, sip_status, hangup_cause, rtp_received, rtp_lost, jitter_ms,"
    " remote_fraction_lost, remote_lost, remote_jitter_ms, round_trip_ms";

// Upserts: the row is written when the call starts and again when it ends. tenant_id is never
// updated, so a row cannot move between tenants.
const std::string kSaveCall = "INSERT INTO calls (" + kCallColumns +
                              ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                              " ON CONFLICT (id) DO UPDATE SET direction = excluded.direction,"
                              " caller = excluded.caller, callee = excluded.callee,"
                              " started_at = excluded.started_at, answered_at = excluded.answered_at,"
                              " ended_at = excluded.ended_at, ring_ms = excluded.ring_ms,"
                              " talk_ms = excluded.talk_ms, duration_ms = excluded.duration_ms,"
                              " disposition = excluded.disposition, hangup_side = excluded.hangup_side,"
                              " hangup_cause = excluded.hangup_cause, sip_call_id = excluded.sip_call_id";
const std::string kSaveLeg =
    "INSERT INTO call_legs (" + kLegColumns +
    ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT (id) DO UPDATE SET role = excluded.role,"
    " endpoint = excluded.endpoint, peer_uri = excluded.peer_uri,"
    " sip_call_id = excluded.sip_call_id, started_at = excluded.started_at,"
    " answered_at = excluded.answered_at, ended_at = excluded.ended_at,"
    " duration_ms = excluded.duration_ms, talk_ms = excluded.talk_ms,"
    " disposition = excluded.disposition, sip_status = excluded.sip_status,"
    " hangup_cause = excluded.hangup_cause, rtp_received = excluded.rtp_received,"
    " rtp_lost = excluded.rtp_lost, jitter_ms = excluded.jitter_ms,"
    " remote_fraction_lost = excluded.remote_fraction_lost,"
    " remote_lost = excluded.remote_lost, remote_jitter_ms = excluded.remote_jitter_ms,"
    " round_trip_ms = excluded.round_trip_ms";

CallRecord call_of(const Statement& row) {
  return {row.text(0),       row.int64(1),     row.text(2),      row.text(3),      row.text(4),
          row.int64(5),      row.opt_int64(6), row.opt_int64(7), row.opt_int64(8), row.opt_int64(9),
          row.opt_int64(10), row.text(11),     row.opt_text(12), row.opt_text(13), row.text(14)};
}

CallLegRecord leg_of(const Statement& row) {
  std::optional<int> sip_status;
  if (auto s = row.opt_int64(13)) sip_status = static_cast<int>(*s);
  return {row.text(0),        row.text(1),       row.int64(2),       row.text(3),        row.text(4),
          row.text(5),        row.text(6),       row.int64(7),       row.opt_int64(8),   row.opt_int64(9),
          row.opt_int64(10),  row.opt_int64(11), row.text(12),       sip_status,         row.opt_text(14),
          row.opt_int64(15),  row.opt_int64(16), row.opt_double(17), row.opt_double(18), row.opt_int64(19),
          row.opt_double(20), row.opt_double(21)};
}

// "50%_off\" → "50\%\_off\\": LIKE wildcards in the user's text match only themselves.
std::string like_pattern(const std::string& text) {
  std::string out = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out + "%";
}

SqlFilter filter_of(const CallQuery& q) {
  // With an exact number the calls are found through its own indexes (018_calls_by_number.sql);
  // "+tenant_id" keeps SQLite from walking the tenant's whole history by calls_tenant_started.
  SqlFilter f{q.exact_number ? " WHERE +tenant_id = ?" : " WHERE tenant_id = ?", {q.tenant_id}};
  if (q.from_ms) {
    f.where += " AND started_at >= ?";
    f.params.emplace_back(*q.from_ms);
  }
  if (q.to_ms) {
    f.where += " AND started_at < ?";
    f.params.emplace_back(*q.to_ms);
  }
  if (q.endpoint) {
    f.where += " AND id IN (SELECT call_id FROM call_legs WHERE tenant_id = ? AND endpoint = ?)";
    f.params.emplace_back(q.tenant_id);
    f.params.emplace_back(*q.endpoint);
  }
  if (q.number && !q.number->empty()) {
    f.where += " AND (caller LIKE ? ESCAPE '\\' OR callee LIKE ? ESCAPE '\\')";
    f.params.emplace_back(like_pattern(*q.number));
    f.params.emplace_back(like_pattern(*q.number));
  }
  if (q.exact_number) {
    f.where +=
        " AND id IN (SELECT id FROM calls WHERE tenant_id = ? AND caller = ?"
        " UNION ALL SELECT id FROM calls WHERE tenant_id = ? AND callee = ?)";
    for (int i = 0; i < 2; ++i) {
      f.params.emplace_back(q.tenant_id);
      f.params.emplace_back(*q.exact_number);
    }
  }
  if (q.direction) {
    f.where += " AND direction = ?";
    f.params.emplace_back(*q.direction);
  }
  return f;
}

// Thread: any; saves are queued to the writer thread, close_interrupted waits for it.
class SqliteCallRepo final : public CallRepo {
 public:
  SqliteCallRepo(SqliteContext ctx, std::optional<UnixMs> last_heartbeat)
      : ctx_(ctx), last_heartbeat_(last_heartbeat) {}

  // A leg refers to its call, so the call must be saved first (the queue keeps the order).
  void save_call_async(const CallRecord& c) override {
    ctx_.writes.post([c](SqliteConnection& conn) {
      return conn.run(kSaveCall, c.id, c.tenant_id, c.direction, c.caller, c.callee, c.started_at,
                      c.answered_at, c.ended_at, c.ring_ms, c.talk_ms, c.duration_ms, c.disposition,
                      c.hangup_side, c.hangup_cause, c.sip_call_id);
    });
  }

  void save_leg_async(const CallLegRecord& l) override {
    ctx_.writes.post([l](SqliteConnection& conn) {
      return conn.run(kSaveLeg, l.id, l.call_id, l.tenant_id, l.role, l.endpoint, l.peer_uri, l.sip_call_id,
                      l.started_at, l.answered_at, l.ended_at, l.duration_ms, l.talk_ms, l.disposition,
                      l.sip_status, l.hangup_cause, l.rtp_received, l.rtp_lost, l.jitter_ms,
                      l.remote_fraction_lost, l.remote_lost, l.remote_jitter_ms, l.round_trip_ms);
    });
  }

  std::vector<CallRecord> query(const CallQuery& q) override {
    SqlFilter f = filter_of(q);
    f.params.emplace_back(static_cast<std::int64_t>(std::max(0, q.limit)));
    f.params.emplace_back(static_cast<std::int64_t>(std::max(0, q.offset)));
    std::vector<CallRecord> calls;
    auto status = run_filtered(ctx_.reads,
                               "SELECT " + kCallColumns + " FROM calls" + f.where +
                                   " ORDER BY started_at DESC, id DESC LIMIT ? OFFSET ?",
                               f.params, [&](const Statement& row) { calls.push_back(call_of(row)); });
    if (!status) spdlog::error("store: call query failed: {}", status.error().message);
    return calls;
  }

  std::int64_t count(const CallQuery& q) override {
    SqlFilter f = filter_of(q);
    std::int64_t n = 0;
    auto status = run_filtered(ctx_.reads, "SELECT COUNT(*) FROM calls" + f.where, f.params,
                               [&](const Statement& row) { n = row.int64(0); });
    if (!status) spdlog::error("store: call count failed: {}", status.error().message);
    return n;
  }

  Result<CallRecord> get(TenantId tenant, const std::string& id) override {
    return select_one<CallRecord>(ctx_.reads,
                                  "SELECT " + kCallColumns + " FROM calls WHERE tenant_id = ? AND id = ?",
                                  call_of, "call " + id, tenant, id);
  }

  std::vector<CallLegRecord> legs(TenantId tenant, const std::string& call_id) override {
    return list_rows<CallLegRecord>(
        ctx_.reads,
        "SELECT " + kLegColumns +
            " FROM call_legs WHERE tenant_id = ? AND call_id = ? ORDER BY started_at, id",
        leg_of, tenant, call_id);
  }

  Result<int> close_interrupted(UnixMs now) override {
    UnixMs last_alive = last_heartbeat_.value_or(now);
    int closed = 0;
    Status status = ctx_.writes.call([&](SqliteConnection& conn) -> Status {
      auto calls = close_open_calls(conn, last_alive);
      if (!calls) return calls.error();
      closed = *calls;
      auto legs = close_open_legs(conn, last_alive);
      if (!legs) return legs.error();
      return ok_status();
    });
    if (!status) return status.error();
    return closed;
  }

 private:
  SqliteContext ctx_;
  const std::optional<UnixMs> last_heartbeat_;
};

}  // namespace

std::unique_ptr<CallRepo> make_call_repo(SqliteContext ctx, std::optional<UnixMs> last_heartbeat) {
  return std::make_unique<SqliteCallRepo>(ctx, last_heartbeat);
}

}  // namespace hotline::store
