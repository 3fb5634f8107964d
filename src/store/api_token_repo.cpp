#include <sstream>

#include "store/sqlite_repos.hpp"

namespace hotline::store {
namespace {

const std::string kApiTokenColumns =
    "id, tenant_id, user_id, name, token_sha256, scopes, created_at, expires_at, last_used_at, revoked_at";

std::string join_scopes(const std::vector<std::string>& scopes) {
  std::string out;
  for (const auto& scope : scopes) out += (out.empty() ? "" : " ") + scope;
  return out;
}

std::vector<std::string> split_scopes(const std::string& text) {
  std::vector<std::string> scopes;
  std::istringstream in(text);
  for (std::string scope; in >> scope;) scopes.push_back(scope);
  return scopes;
}

ApiToken token_of(const Statement& row) {
  return {row.int64(0),    row.int64(1),     row.int64(2),
          row.text(3),     row.text(4),      split_scopes(row.text(5)),
          row.int64(6),    row.opt_int64(7), row.opt_int64(8),
          row.opt_int64(9)};
}

// Thread: any; stateless beyond the shared context.
class SqliteApiTokenRepo final : public ApiTokenRepo {
 public:
  explicit SqliteApiTokenRepo(SqliteContext ctx) : ctx_(ctx) {}

  Result<std::int64_t> create(const ApiToken& t) override {
    if (auto s = require_text("name", t.name); !s) return s.error();
    if (auto s = require_text("token_sha256", t.token_sha256); !s) return s.error();
    if (t.scopes.empty()) return Error::invalid("scopes", "scopes must not be empty");
    return insert_sync(ctx_.writes,
                       "INSERT INTO api_tokens (tenant_id, user_id, name, token_sha256, scopes, created_at,"
                       " expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       t.tenant_id, t.user_id, t.name, t.token_sha256, join_scopes(t.scopes),
                       ctx_.stamp(t.created_at), t.expires_at);
  }

  Result<ApiToken> find(const std::string& token_sha256) override {
    return select_one<ApiToken>(ctx_.reads,
                                "SELECT " + kApiTokenColumns + " FROM api_tokens WHERE token_sha256 = ?",
                                token_of, "API token", token_sha256);
  }

  std::vector<ApiToken> list(TenantId tenant, std::int64_t user_id) override {
    return list_rows<ApiToken>(
        ctx_.reads,
        "SELECT " + kApiTokenColumns +
            " FROM api_tokens WHERE tenant_id = ? AND user_id = ? AND revoked_at IS NULL"
            " ORDER BY created_at DESC, id DESC",
        token_of, tenant, user_id);
  }

  Status revoke(TenantId tenant, std::int64_t user_id, std::int64_t id, UnixMs at) override {
    return write_one(ctx_.writes, "API token " + std::to_string(id), [&](SqliteConnection& conn) {
      return conn.run(
          "UPDATE api_tokens SET revoked_at = ?"
          " WHERE tenant_id = ? AND user_id = ? AND id = ? AND revoked_at IS NULL",
          at, tenant, user_id, id);
    });
  }

  void touch_async(std::int64_t id, UnixMs at) override {
    ctx_.writes.post([id, at](SqliteConnection& conn) {
      return conn.run("UPDATE api_tokens SET last_used_at = ? WHERE id = ?", at, id);
    });
  }

 private:
  SqliteContext ctx_;
};

}  // namespace

std::unique_ptr<ApiTokenRepo> make_api_token_repo(SqliteContext ctx) {
  return std::make_unique<SqliteApiTokenRepo>(ctx);
}

}  // namespace hotline::store
