#include "store/sqlite_repos.hpp"

namespace hotline::store {
namespace {

const std::string kVoicemailMessageColumns =
    "m.id, m.tenant_id, m.box_id, m.call_id, m.recording_id, m.caller, m.created_at, m.status,"
    " m.duration_ms, m.discard_reason, m.heard_at, m.heard_by, r.path";
const std::string kFrom = " FROM voicemail_messages m JOIN recordings r ON r.id = m.recording_id";
// What a box lists: screened, kept and not deleted.
const std::string kListed = " m.status IN ('new', 'heard') AND m.deleted_at IS NULL";

VoicemailMessage message_of(const Statement& row) {
  return {row.text(0),       row.int64(1),     row.int64(2), row.text(3),      row.text(4),
          row.text(5),       row.int64(6),     row.text(7),  row.opt_int64(8), row.opt_text(9),
          row.opt_int64(10), row.opt_text(11), row.text(12)};
}

// Thread: any; add_async is queued to the writer thread, the other writes wait for it.
class SqliteVoicemailMessageRepo final : public VoicemailMessageRepo {
 public:
  explicit SqliteVoicemailMessageRepo(SqliteContext ctx) : ctx_(ctx) {}

  void add_async(const VoicemailMessage& m) override {
    ctx_.writes.post([m, created_at = ctx_.stamp(m.created_at)](SqliteConnection& conn) {
      return conn.run(
          "INSERT INTO voicemail_messages (id, tenant_id, box_id, call_id, recording_id, caller, created_at,"
          " status) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
          m.id, m.tenant_id, m.box_id, m.call_id, m.recording_id, m.caller, created_at, m.status);
    });
  }

  std::vector<VoicemailMessage> unscreened() override {
    return list_rows<VoicemailMessage>(
        ctx_.reads,
        "SELECT " + kVoicemailMessageColumns + kFrom + " WHERE m.status = 'recording' ORDER BY m.created_at",
        message_of);
  }

  Status screen(const std::string& id, std::int64_t duration_ms,
                const std::optional<std::string>& discard_reason) override {
    return write_one(ctx_.writes, "recording voicemail message " + id, [&](SqliteConnection& conn) {
      return conn.run(
          "UPDATE voicemail_messages AS m SET status = ?, duration_ms = ?, discard_reason = ?"
          " WHERE id = ? AND status = 'recording'",
          discard_reason ? "discarded" : "new", duration_ms, discard_reason, id);
    });
  }

  std::vector<VoicemailMessage> list(TenantId tenant, std::int64_t box_id) override {
    return list_rows<VoicemailMessage>(ctx_.reads,
                                       "SELECT " + kVoicemailMessageColumns + kFrom +
                                           " WHERE m.tenant_id = ? AND m.box_id = ? AND" + kListed +
                                           " ORDER BY m.created_at DESC, m.id",
                                       message_of, tenant, box_id);
  }

  Result<VoicemailMessage> get(TenantId tenant, const std::string& id) override {
    return select_one<VoicemailMessage>(
        ctx_.reads,
        "SELECT " + kVoicemailMessageColumns + kFrom + " WHERE m.tenant_id = ? AND m.id = ? AND" + kListed,
        message_of, "voicemail message " + id, tenant, id);
  }

  Status set_heard(TenantId tenant, const std::string& id, bool heard, UnixMs at,
                   const std::string& by) override {
    return write_one(ctx_.writes, "voicemail message " + id, [&](SqliteConnection& conn) {
      return conn.run(
          "UPDATE voicemail_messages AS m SET status = ?, heard_at = ?, heard_by = ?"
          " WHERE tenant_id = ? AND id = ? AND" +
              kListed,
          heard ? "heard" : "new", heard ? std::optional(ctx_.stamp(at)) : std::nullopt,
          heard ? std::optional(by) : std::nullopt, tenant, id);
    });
  }

  Status remove(TenantId tenant, const std::string& id, UnixMs at) override {
    return write_one(ctx_.writes, "voicemail message " + id, [&](SqliteConnection& conn) {
      return conn.run(
          "UPDATE voicemail_messages AS m SET deleted_at = ? WHERE tenant_id = ? AND id = ? AND" + kListed,
          ctx_.stamp(at), tenant, id);
    });
  }

  std::map<std::int64_t, VoicemailCounts> counts(TenantId tenant) override {
    std::map<std::int64_t, VoicemailCounts> out;
    auto conn = ctx_.reads.acquire();
    auto status = conn->each_row(
        "SELECT box_id, SUM(status = 'new'), COUNT(*) FROM voicemail_messages m WHERE tenant_id = ? AND" +
            kListed + " GROUP BY box_id",
        [&](const Statement& row) {
          out[row.int64(0)] = {row.int64(1), row.int64(2)};
        },
        tenant);
    if (!status) spdlog::error("store: read failed: {}", status.error().message);
    return out;
  }

 private:
  SqliteContext ctx_;
};

}  // namespace

std::unique_ptr<VoicemailMessageRepo> make_voicemail_message_repo(SqliteContext ctx) {
  return std::make_unique<SqliteVoicemailMessageRepo>(ctx);
}

}  // namespace hotline::store
