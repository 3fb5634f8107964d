#include "store/sqlite_repos.hpp"

namespace hotline::store {
namespace {

// Thread: any; adds are queued to the writer thread.
class SqliteAcdLogRepo final : public AcdLogRepo {
 public:
  explicit SqliteAcdLogRepo(SqliteContext ctx) : ctx_(ctx) {}

  void add_state_change_async(const AgentStateChange& c) override {
    ctx_.writes.post([c](SqliteConnection& conn) {
      return conn.run(
          "INSERT INTO agent_state_log (tenant_id, user_id, from_state, to_state, reason, at)"
          " VALUES (?, ?, ?, ?, ?, ?)",
          c.tenant_id, c.user_id, c.from_state, c.to_state, c.reason, c.at);
    });
  }

  void add_queue_entry_async(const QueueLogEntry& e) override {
    ctx_.writes.post([e](SqliteConnection& conn) {
      return conn.run(
          "INSERT INTO queue_log (tenant_id, call_id, queue_id, entered_at, left_at, wait_ms, outcome,"
          " user_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
          e.tenant_id, e.call_id, e.queue_id, e.entered_at, e.left_at, e.wait_ms, e.outcome, e.user_id);
    });
  }

  std::vector<AgentStateChange> state_changes(TenantId tenant, std::int64_t user_id) override {
    return list_rows<AgentStateChange>(
        ctx_.reads,
        "SELECT tenant_id, user_id, from_state, to_state, reason, at FROM agent_state_log"
        " WHERE tenant_id = ? AND user_id = ? ORDER BY at, id",
        [](const Statement& row) {
          return AgentStateChange{row.int64(0), row.int64(1), row.text(2),
                                  row.text(3),  row.text(4),  row.int64(5)};
        },
        tenant, user_id);
  }

  std::vector<QueueLogEntry> queue_entries(TenantId tenant, const std::string& call_id) override {
    return list_rows<QueueLogEntry>(
        ctx_.reads,
        "SELECT tenant_id, call_id, queue_id, entered_at, left_at, wait_ms, outcome, user_id FROM queue_log"
        " WHERE tenant_id = ? AND call_id = ? ORDER BY entered_at, id",
        [](const Statement& row) {
          return QueueLogEntry{row.int64(0), row.text(1),  row.int64(2), row.int64(3),
                               row.int64(4), row.int64(5), row.text(6),  row.opt_int64(7)};
        },
        tenant, call_id);
  }

  std::vector<QueueLogEntry> queue_exits_since(TenantId tenant, UnixMs since) override {
    return list_rows<QueueLogEntry>(
        ctx_.reads,
        "SELECT tenant_id, call_id, queue_id, entered_at, left_at, wait_ms, outcome, user_id FROM queue_log"
        " WHERE tenant_id = ? AND left_at >= ? ORDER BY left_at, id",
        [](const Statement& row) {
          return QueueLogEntry{row.int64(0), row.text(1),  row.int64(2), row.int64(3),
                               row.int64(4), row.int64(5), row.text(6),  row.opt_int64(7)};
        },
        tenant, since);
  }

 private:
  SqliteContext ctx_;
};

}  // namespace

std::unique_ptr<AcdLogRepo> make_acd_log_repo(SqliteContext ctx) {
  return std::make_unique<SqliteAcdLogRepo>(ctx);
}

}  // namespace hotline::store
