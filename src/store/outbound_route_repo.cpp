#include "store/sqlite_repos.hpp"

namespace hotline::store {
namespace {

OutboundRoute route_of(const Statement& row) {
  return {row.int64(0),
          row.int64(1),
          row.text(2),
          row.int64(3),
          static_cast<int>(row.int64(4)),
          static_cast<int>(row.int64(5)),
          row.text(6),
          row.int64(7)};
}

// Thread: any; stateless beyond the shared context.
class SqliteOutboundRouteRepo final : public OutboundRouteRepo {
 public:
  explicit SqliteOutboundRouteRepo(SqliteContext ctx) : ctx_(ctx) {}

  Result<std::int64_t> create(const OutboundRoute& r) override {
    if (auto s = require_text("pattern", r.pattern); !s) return s.error();
    if (r.strip_digits < 0) return Error::invalid("strip_digits", "strip_digits must not be negative");
    return insert_sync(
        ctx_.writes,
        "INSERT INTO outbound_routes (tenant_id, pattern, trunk_id, priority, strip_digits, prepend,"
        " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        r.tenant_id, r.pattern, r.trunk_id, r.priority, r.strip_digits, r.prepend, ctx_.stamp(r.created_at));
  }

  std::vector<OutboundRoute> list(TenantId tenant) override {
    return list_rows<OutboundRoute>(
        ctx_.reads,
        "SELECT id, tenant_id, pattern, trunk_id, priority, strip_digits, prepend, created_at"
        " FROM outbound_routes WHERE tenant_id = ? ORDER BY priority, id",
        route_of, tenant);
  }

 private:
  SqliteContext ctx_;
};

}  // namespace

std::unique_ptr<OutboundRouteRepo> make_outbound_route_repo(SqliteContext ctx) {
  return std::make_unique<SqliteOutboundRouteRepo>(ctx);
}

}  // namespace hotline::store
