#include "store/sqlite_repos.hpp"

namespace hotline::store {
namespace {

const std::string kNumberColumns =
    "id, tenant_id, trunk_id, pattern, target_type, target, created_at, is_public";

Number number_of(const Statement& row) {
  return {row.int64(0), row.int64(1), row.opt_int64(2), row.text(3),
          row.text(4),  row.text(5),  row.int64(6),     row.boolean(7)};
}

Status validate(const Number& n) {
  if (auto s = require_text("pattern", n.pattern); !s) return s;
  if (auto s = require_text("target_type", n.target_type); !s) return s;
  return require_text("target", n.target);
}

// Thread: any; stateless beyond the shared context.
class SqliteNumberRepo final : public NumberRepo {
 public:
  explicit SqliteNumberRepo(SqliteContext ctx) : ctx_(ctx) {}

  Result<std::int64_t> create(const Number& n) override {
    if (auto s = validate(n); !s) return s.error();
    return insert_sync(ctx_.writes,
                       "INSERT INTO numbers (tenant_id, trunk_id, pattern, target_type, target, created_at,"
                       " is_public) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       n.tenant_id, n.trunk_id, n.pattern, n.target_type, n.target, ctx_.stamp(n.created_at),
                       n.is_public);
  }

  Result<Number> get(TenantId tenant, std::int64_t id) override {
    return select_one<Number>(ctx_.reads,
                              "SELECT " + kNumberColumns + " FROM numbers WHERE tenant_id = ? AND id = ?",
                              number_of, "number " + std::to_string(id), tenant, id);
  }

  std::vector<Number> list(TenantId tenant) override {
    return list_rows<Number>(ctx_.reads,
                             "SELECT " + kNumberColumns + " FROM numbers WHERE tenant_id = ? ORDER BY id",
                             number_of, tenant);
  }

  Status update(const Number& n) override {
    if (auto s = validate(n); !s) return s;
    return write_one(ctx_.writes, "number " + std::to_string(n.id), [&](SqliteConnection& conn) {
      return conn.run(
          "UPDATE numbers SET trunk_id = ?, pattern = ?, target_type = ?, target = ?, is_public = ?"
          " WHERE tenant_id = ? AND id = ?",
          n.trunk_id, n.pattern, n.target_type, n.target, n.is_public, n.tenant_id, n.id);
    });
  }

  Status remove(TenantId tenant, std::int64_t id) override {
    return write_one(ctx_.writes, "number " + std::to_string(id), [&](SqliteConnection& conn) {
      return conn.run("DELETE FROM numbers WHERE tenant_id = ? AND id = ?", tenant, id);
    });
  }

 private:
  SqliteContext ctx_;
};

}  // namespace

std::unique_ptr<NumberRepo> make_number_repo(SqliteContext ctx) {
  return std::make_unique<SqliteNumberRepo>(ctx);
}

}  // namespace hotline::store
