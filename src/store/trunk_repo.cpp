#include "store/sqlite_repos.hpp"

namespace hotline::store {
namespace {

const std::string kTrunkColumns =
    "id, tenant_id, name, host, port, transport, username, password, enabled, created_at";

Trunk trunk_of(const Statement& row) {
  return {row.int64(0), row.int64(1),    row.text(2),     row.text(3),    static_cast<int>(row.int64(4)),
          row.text(5),  row.opt_text(6), row.opt_text(7), row.boolean(8), row.int64(9)};
}

Status validate(const Trunk& t) {
  if (auto s = require_text("name", t.name); !s) return s;
  if (auto s = require_text("host", t.host); !s) return s;
  if (t.port <= 0 || t.port > 65535) return Error::invalid("port", "port must be 1-65535");
  if (t.transport != "udp" && t.transport != "tcp")
    return Error::invalid("transport", "transport is udp or tcp");
  return ok_status();
}

// Thread: any; stateless beyond the shared context.
class SqliteTrunkRepo final : public TrunkRepo {
 public:
  explicit SqliteTrunkRepo(SqliteContext ctx) : ctx_(ctx) {}

  Result<std::int64_t> create(const Trunk& t) override {
    if (auto s = validate(t); !s) return s.error();
    return insert_sync(
        ctx_.writes,
        "INSERT INTO trunks (tenant_id, name, host, port, transport, username, password, enabled,"
        " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        t.tenant_id, t.name, t.host, t.port, t.transport, t.username, t.password, t.enabled,
        ctx_.stamp(t.created_at));
  }

  Result<Trunk> get(TenantId tenant, std::int64_t id) override {
    return select_one<Trunk>(
        ctx_.reads, "SELECT " + kTrunkColumns + " FROM trunks WHERE tenant_id = ? AND id = ?", trunk_of,
        "trunk " + std::to_string(id) + " of tenant " + std::to_string(tenant), tenant, id);
  }

  std::vector<Trunk> list(TenantId tenant) override {
    return list_rows<Trunk>(ctx_.reads,
                            "SELECT " + kTrunkColumns + " FROM trunks WHERE tenant_id = ? ORDER BY name",
                            trunk_of, tenant);
  }

  std::vector<Trunk> list_all() override {
    return list_rows<Trunk>(ctx_.reads, "SELECT " + kTrunkColumns + " FROM trunks ORDER BY id", trunk_of);
  }

  Status update(const Trunk& t) override {
    if (auto s = validate(t); !s) return s;
    return write_one(ctx_.writes, "trunk " + std::to_string(t.id), [&](SqliteConnection& conn) {
      return conn.run(
          "UPDATE trunks SET name = ?, host = ?, port = ?, transport = ?, username = ?, password = ?,"
          " enabled = ? WHERE tenant_id = ? AND id = ?",
          t.name, t.host, t.port, t.transport, t.username, t.password, t.enabled, t.tenant_id, t.id);
    });
  }

  Status remove(TenantId tenant, std::int64_t id) override {
    return write_one(ctx_.writes, "trunk " + std::to_string(id), [&](SqliteConnection& conn) {
      return conn.run("DELETE FROM trunks WHERE tenant_id = ? AND id = ?", tenant, id);
    });
  }

 private:
  SqliteContext ctx_;
};

}  // namespace

std::unique_ptr<TrunkRepo> make_trunk_repo(SqliteContext ctx) {
  return std::make_unique<SqliteTrunkRepo>(ctx);
}

}  // namespace hotline::store
