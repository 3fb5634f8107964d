#include "store/sqlite_repos.hpp"

namespace hotline::store {
namespace {

Number number_of(const Statement& row) {
  return {row.int64(0), row.int64(1), row.opt_int64(2), row.text(3), row.text(4), row.text(5), row.int64(6)};
}

// Thread: any; stateless beyond the shared context.
class SqliteNumberRepo final : public NumberRepo {
 public:
  explicit SqliteNumberRepo(SqliteContext ctx) : ctx_(ctx) {}

  Result<std::int64_t> create(const Number& n) override {
    if (auto s = require_text("pattern", n.pattern); !s) return s.error();
    if (auto s = require_text("target_type", n.target_type); !s) return s.error();
    if (auto s = require_text("target", n.target); !s) return s.error();
    return insert_sync(ctx_.writes,
                       "INSERT INTO numbers (tenant_id, trunk_id, pattern, target_type, target, created_at)"
                       " VALUES (?, ?, ?, ?, ?, ?)",
                       n.tenant_id, n.trunk_id, n.pattern, n.target_type, n.target, ctx_.stamp(n.created_at));
  }

  std::vector<Number> list(TenantId tenant) override {
    return list_rows<Number>(ctx_.reads,
                             "SELECT id, tenant_id, trunk_id, pattern, target_type, target, created_at"
                             " FROM numbers WHERE tenant_id = ? ORDER BY id",
                             number_of, tenant);
  }

 private:
  SqliteContext ctx_;
};

}  // namespace

std::unique_ptr<NumberRepo> make_number_repo(SqliteContext ctx) {
  return std::make_unique<SqliteNumberRepo>(ctx);
}

}  // namespace hotline::store
