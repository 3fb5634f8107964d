#include "store/sqlite_repos.hpp"

namespace hotline::store {
namespace {

const std::string kCallEventColumns = "id, call_id, tenant_id, at, kind, party, detail, source, duration_ms";

CallEvent event_of(const Statement& row) {
  return {row.int64(0), row.text(1), row.int64(2),    row.int64(3),    row.text(4),
          row.text(5),  row.text(6), row.opt_text(7), row.opt_int64(8)};
}

// Thread: any; adds are queued to the writer thread.
class SqliteCallEventRepo final : public CallEventRepo {
 public:
  explicit SqliteCallEventRepo(SqliteContext ctx) : ctx_(ctx) {}

  void add_async(const CallEvent& e) override {
    ctx_.writes.post([e](SqliteConnection& conn) {
      return conn.run(
          "INSERT INTO call_events (call_id, tenant_id, at, kind, party, detail, source, duration_ms)"
          " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
          e.call_id, e.tenant_id, e.at, e.kind, e.party, e.detail, e.source, e.duration_ms);
    });
  }

  std::vector<CallEvent> for_call(TenantId tenant, const std::string& call_id) override {
    return list_rows<CallEvent>(ctx_.reads,
                                "SELECT " + kCallEventColumns +
                                    " FROM call_events WHERE tenant_id = ? AND call_id = ? ORDER BY at, id",
                                event_of, tenant, call_id);
  }

 private:
  SqliteContext ctx_;
};

}  // namespace

std::unique_ptr<CallEventRepo> make_call_event_repo(SqliteContext ctx) {
  return std::make_unique<SqliteCallEventRepo>(ctx);
}

}  // namespace hotline::store
