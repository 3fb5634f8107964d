#include "store/sqlite_repos.hpp"

namespace hotline::store {
namespace {

Session session_of(const Statement& row) {
  return {row.text(0), row.int64(1), row.int64(2), row.int64(3), row.int64(4), row.int64(5)};
}

// Thread: any; stateless beyond the shared context.
class SqliteSessionRepo final : public SessionRepo {
 public:
  explicit SqliteSessionRepo(SqliteContext ctx) : ctx_(ctx) {}

  Status create(const Session& s) override {
    if (auto st = require_text("token_sha256", s.token_sha256); !st) return st.error();
    auto inserted = insert_sync(
        ctx_.writes,
        "INSERT INTO sessions (token_sha256, user_id, tenant_id, created_at, expires_at, last_seen_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        s.token_sha256, s.user_id, s.tenant_id, ctx_.stamp(s.created_at), s.expires_at,
        s.last_seen_at != 0 ? s.last_seen_at : ctx_.stamp(s.created_at));
    if (!inserted) return inserted.error();
    return ok_status();
  }

  Result<Session> find(const std::string& token_sha256) override {
    return select_one<Session>(ctx_.reads,
                               "SELECT token_sha256, user_id, tenant_id, created_at, expires_at, last_seen_at"
                               " FROM sessions WHERE token_sha256 = ?",
                               session_of, "session", token_sha256);
  }

  Status remove(const std::string& token_sha256) override {
    bool removed = false;
    Status status = ctx_.writes.call([&](SqliteConnection& conn) -> Status {
      auto deleted = conn.run("DELETE FROM sessions WHERE token_sha256 = ?", token_sha256);
      removed = conn.changes() > 0;
      return deleted;
    });
    if (!status) return status;
    if (!removed) return Error::not_found("session not found");
    return ok_status();
  }

  void touch_async(const std::string& token_sha256, UnixMs at) override {
    ctx_.writes.post([token_sha256, at](SqliteConnection& conn) {
      return conn.run("UPDATE sessions SET last_seen_at = ? WHERE token_sha256 = ? AND last_seen_at < ?", at,
                      token_sha256, at);
    });
  }

  Result<int> remove_for_user(TenantId tenant, std::int64_t user_id,
                              const std::string& keep_token_sha256) override {
    int removed = 0;
    Status status = ctx_.writes.call([&](SqliteConnection& conn) -> Status {
      auto deleted =
          conn.run("DELETE FROM sessions WHERE tenant_id = ? AND user_id = ? AND token_sha256 <> ?", tenant,
                   user_id, keep_token_sha256);
      removed = conn.changes();
      return deleted;
    });
    if (!status) return status.error();
    return removed;
  }

 private:
  SqliteContext ctx_;
};

}  // namespace

std::unique_ptr<SessionRepo> make_session_repo(SqliteContext ctx) {
  return std::make_unique<SqliteSessionRepo>(ctx);
}

}  // namespace hotline::store
