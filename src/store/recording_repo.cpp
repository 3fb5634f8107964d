#include "store/sqlite_repos.hpp"

namespace hotline::store {
namespace {

const std::string kRecordingColumns =
    "id, tenant_id, call_id, path, channels, sample_rate, started_at, ended_at, duration_ms, paused_ms,"
    " bytes, status, error";

const std::string kSave = "INSERT INTO recordings (" + kRecordingColumns +
                          ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                          " ON CONFLICT (id) DO UPDATE SET path = excluded.path,"
                          " channels = excluded.channels, sample_rate = excluded.sample_rate,"
                          " started_at = excluded.started_at, ended_at = excluded.ended_at,"
                          " duration_ms = excluded.duration_ms, paused_ms = excluded.paused_ms,"
                          " bytes = excluded.bytes, status = excluded.status, error = excluded.error";

RecordingRecord recording_of(const Statement& row) {
  return {row.text(0),
          row.int64(1),
          row.text(2),
          row.text(3),
          static_cast<int>(row.int64(4)),
          static_cast<int>(row.int64(5)),
          row.int64(6),
          row.opt_int64(7),
          row.opt_int64(8),
          row.int64(9),
          row.opt_int64(10),
          row.text(11),
          row.opt_text(12)};
}

// Thread: any; saves are queued to the writer thread (after the call row they refer to).
class SqliteRecordingRepo final : public RecordingRepo {
 public:
  explicit SqliteRecordingRepo(SqliteContext ctx) : ctx_(ctx) {}

  void save_async(const RecordingRecord& r) override {
    ctx_.writes.post([r](SqliteConnection& conn) {
      return conn.run(kSave, r.id, r.tenant_id, r.call_id, r.path, r.channels, r.sample_rate, r.started_at,
                      r.ended_at, r.duration_ms, r.paused_ms, r.bytes, r.status, r.error);
    });
  }

  std::vector<RecordingRecord> for_call(TenantId tenant, const std::string& call_id) override {
    return list_rows<RecordingRecord>(
        ctx_.reads,
        "SELECT " + kRecordingColumns +
            " FROM recordings WHERE tenant_id = ? AND call_id = ? ORDER BY started_at, id",
        recording_of, tenant, call_id);
  }

  Result<RecordingRecord> get(TenantId tenant, const std::string& id) override {
    return select_one<RecordingRecord>(
        ctx_.reads, "SELECT " + kRecordingColumns + " FROM recordings WHERE tenant_id = ? AND id = ?",
        recording_of, "recording " + id, tenant, id);
  }

  std::vector<RecordingRecord> unfinished() override {
    return list_rows<RecordingRecord>(
        ctx_.reads,
        "SELECT " + kRecordingColumns + " FROM recordings WHERE status = 'recording' ORDER BY started_at",
        recording_of);
  }

 private:
  SqliteContext ctx_;
};

}  // namespace

std::unique_ptr<RecordingRepo> make_recording_repo(SqliteContext ctx) {
  return std::make_unique<SqliteRecordingRepo>(ctx);
}

}  // namespace hotline::store
