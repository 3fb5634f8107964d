#include <sstream>

#include "store/sqlite_repos.hpp"

namespace hotline::store {
namespace {

const std::string kRoleColumns = "id, tenant_id, name, capabilities, created_at";

std::vector<std::string> split_words(const std::string& text) {
  std::vector<std::string> words;
  std::istringstream in(text);
  for (std::string word; in >> word;) words.push_back(word);
  return words;
}

std::string join_words(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& word : words) out += (out.empty() ? "" : " ") + word;
  return out;
}

Role role_of(const Statement& row) {
  return {row.int64(0), row.int64(1), row.text(2), split_words(row.text(3)), row.int64(4)};
}

Status validate(const Role& r) {
  if (auto s = require_text("name", r.name); !s) return s;
  for (const auto& capability : r.capabilities) {
    if (capability.empty() || capability.find_first_of(" \t\n") != std::string::npos)
      return Error::invalid("capabilities", "a capability is one word: '" + capability + "'");
  }
  return ok_status();
}

// Thread: any; stateless beyond the shared context.
class SqliteRoleRepo final : public RoleRepo {
 public:
  explicit SqliteRoleRepo(SqliteContext ctx) : ctx_(ctx) {}

  Result<std::int64_t> create(const Role& r) override {
    if (auto s = validate(r); !s) return s.error();
    return insert_sync(ctx_.writes,
                       "INSERT INTO roles (tenant_id, name, capabilities, created_at) VALUES (?, ?, ?, ?)",
                       r.tenant_id, r.name, join_words(r.capabilities), ctx_.stamp(r.created_at));
  }

  std::vector<Role> list(TenantId tenant) override {
    return list_rows<Role>(ctx_.reads,
                           "SELECT " + kRoleColumns + " FROM roles WHERE tenant_id = ? ORDER BY name",
                           role_of, tenant);
  }

  Status update(const Role& r) override {
    if (auto s = validate(r); !s) return s;
    return write_one(ctx_.writes, "role " + r.name, [&](SqliteConnection& conn) {
      return conn.run("UPDATE roles SET capabilities = ? WHERE tenant_id = ? AND name = ?",
                      join_words(r.capabilities), r.tenant_id, r.name);
    });
  }

  Status remove(TenantId tenant, const std::string& name) override {
    return ctx_.writes.call([&](SqliteConnection& conn) -> Status {
      std::int64_t holders = 0;
      auto counted = conn.each_row("SELECT COUNT(*) FROM users WHERE tenant_id = ? AND role = ?",
                                   [&](const Statement& row) { holders = row.int64(0); }, tenant, name);
      if (!counted) return counted;
      if (holders > 0)
        return Error{ErrorCode::Conflict, std::to_string(holders) + " user(s) still have role " + name, "name"};
      if (auto s = conn.run("DELETE FROM roles WHERE tenant_id = ? AND name = ?", tenant, name); !s) return s;
      if (conn.changes() == 0) return Error::not_found("role " + name + " not found");
      return ok_status();
    });
  }

 private:
  SqliteContext ctx_;
};

}  // namespace

std::unique_ptr<RoleRepo> make_role_repo(SqliteContext ctx) { return std::make_unique<SqliteRoleRepo>(ctx); }

}  // namespace hotline::store
