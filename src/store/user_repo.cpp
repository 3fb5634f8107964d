#include "store/sqlite_repos.hpp"

namespace hotline::store {
namespace {

const std::string kUserColumns =
    "id, tenant_id, username, password_hash, role, display_name, extension, created_at";

User user_of(const Statement& row) {
  return {row.int64(0), row.int64(1), row.text(2),     row.text(3),
          row.text(4),  row.text(5),  row.opt_text(6), row.int64(7)};
}

// Thread: any; stateless beyond the shared context.
class SqliteUserRepo final : public UserRepo {
 public:
  explicit SqliteUserRepo(SqliteContext ctx) : ctx_(ctx) {}

  Result<std::int64_t> create(const User& u) override {
    if (auto s = require_text("username", u.username); !s) return s.error();
    if (auto s = require_text("password_hash", u.password_hash); !s) return s.error();
    if (auto s = require_text("role", u.role); !s) return s.error();
    return insert_sync(ctx_.writes,
                       "INSERT INTO users (tenant_id, username, password_hash, role, display_name, extension,"
                       " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       u.tenant_id, u.username, u.password_hash, u.role, u.display_name, u.extension,
                       ctx_.stamp(u.created_at));
  }

  Result<User> find_by_username(const std::string& username) override {
    return select_one<User>(ctx_.reads, "SELECT " + kUserColumns + " FROM users WHERE username = ?", user_of,
                            "user '" + username + "'", username);
  }

  std::vector<User> list(TenantId tenant) override {
    return list_rows<User>(ctx_.reads,
                           "SELECT " + kUserColumns + " FROM users WHERE tenant_id = ? ORDER BY id", user_of,
                           tenant);
  }

  Status set_password_hash(TenantId tenant, std::int64_t user_id, const std::string& hash) override {
    if (auto s = require_text("password_hash", hash); !s) return s.error();
    return write_one(ctx_.writes, "user " + std::to_string(user_id), [&](SqliteConnection& conn) {
      return conn.run("UPDATE users SET password_hash = ? WHERE tenant_id = ? AND id = ?", hash, tenant,
                      user_id);
    });
  }

  Result<User> get(TenantId tenant, std::int64_t id) override {
    return select_one<User>(ctx_.reads,
                            "SELECT " + kUserColumns + " FROM users WHERE tenant_id = ? AND id = ?", user_of,
                            "user " + std::to_string(id), tenant, id);
  }

  Status update(const User& u) override {
    if (auto s = require_text("password_hash", u.password_hash); !s) return s;
    if (auto s = require_text("role", u.role); !s) return s;
    return write_one(ctx_.writes, "user " + std::to_string(u.id), [&](SqliteConnection& conn) {
      return conn.run(
          "UPDATE users SET display_name = ?, role = ?, extension = ?, password_hash = ?"
          " WHERE tenant_id = ? AND id = ?",
          u.display_name, u.role, u.extension, u.password_hash, u.tenant_id, u.id);
    });
  }

  Status remove(TenantId tenant, std::int64_t id) override {
    return ctx_.writes.call([&](SqliteConnection& conn) -> Status {
      if (auto owned = require_owned(conn, "users", "user", tenant, id); !owned) return owned;
      if (auto s = conn.run("DELETE FROM sessions WHERE user_id = ?", id); !s) return s;
      if (auto s = conn.run("DELETE FROM api_tokens WHERE user_id = ?", id); !s) return s;
      return conn.run("DELETE FROM users WHERE tenant_id = ? AND id = ?", tenant, id);
    });
  }

 private:
  SqliteContext ctx_;
};

}  // namespace

std::unique_ptr<UserRepo> make_user_repo(SqliteContext ctx) { return std::make_unique<SqliteUserRepo>(ctx); }

}  // namespace hotline::store
