#include "store/sqlite_repos.hpp"

namespace hotline::store {
namespace {

Registration registration_of(const Statement& row) {
  return {row.int64(0), row.text(1), row.text(2), row.text(3), row.text(4), row.int64(5)};
}

// Thread: any; writes are queued to the writer thread.
class SqliteRegistrationRepo final : public RegistrationRepo {
 public:
  explicit SqliteRegistrationRepo(SqliteContext ctx) : ctx_(ctx) {}

  void upsert_async(const Registration& r) override {
    ctx_.writes.post([r](SqliteConnection& conn) {
      return conn.run(
          "INSERT INTO registrations (tenant_id, extension, contact, source, user_agent, expires_at)"
          " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (tenant_id, extension, contact) DO UPDATE SET"
          " source = excluded.source, user_agent = excluded.user_agent, expires_at = excluded.expires_at",
          r.tenant_id, r.extension, r.contact, r.source, r.user_agent, r.expires_at);
    });
  }

  void remove_async(TenantId tenant, const std::string& extension, const std::string& contact) override {
    ctx_.writes.post([tenant, extension, contact](SqliteConnection& conn) {
      return conn.run("DELETE FROM registrations WHERE tenant_id = ? AND extension = ? AND contact = ?",
                      tenant, extension, contact);
    });
  }

  std::vector<Registration> list_unexpired(UnixMs now) override {
    return list_rows<Registration>(ctx_.reads,
                                   "SELECT tenant_id, extension, contact, source, user_agent, expires_at"
                                   " FROM registrations WHERE expires_at > ? ORDER BY tenant_id, extension",
                                   registration_of, now);
  }

 private:
  SqliteContext ctx_;
};

}  // namespace

std::unique_ptr<RegistrationRepo> make_registration_repo(SqliteContext ctx) {
  return std::make_unique<SqliteRegistrationRepo>(ctx);
}

}  // namespace hotline::store
