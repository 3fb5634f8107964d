#include "store/sqlite_repos.hpp"

namespace hotline::store {
namespace {

const std::string kExtensionColumns =
    "id, tenant_id, extension, display_name, ha1_md5, ha1_sha256, enabled, created_at, dnd";

Extension extension_of(const Statement& row) {
  return {row.int64(0), row.int64(1),   row.text(2),  row.text(3),   row.text(4),
          row.text(5),  row.boolean(6), row.int64(7), row.boolean(8)};
}

// Thread: any; stateless beyond the shared context.
class SqliteExtensionRepo final : public ExtensionRepo {
 public:
  explicit SqliteExtensionRepo(SqliteContext ctx) : ctx_(ctx) {}

  Result<std::int64_t> create(const Extension& e) override {
    if (auto s = require_text("extension", e.extension); !s) return s.error();
    if (auto s = require_text("ha1_md5", e.ha1_md5); !s) return s.error();
    if (auto s = require_text("ha1_sha256", e.ha1_sha256); !s) return s.error();
    return insert_sync(
        ctx_.writes,
        "INSERT INTO extensions (tenant_id, extension, display_name, ha1_md5, ha1_sha256, enabled,"
        " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        e.tenant_id, e.extension, e.display_name, e.ha1_md5, e.ha1_sha256, e.enabled,
        ctx_.stamp(e.created_at));
  }

  Result<Extension> find(TenantId tenant, const std::string& extension) override {
    return select_one<Extension>(
        ctx_.reads, "SELECT " + kExtensionColumns + " FROM extensions WHERE tenant_id = ? AND extension = ?",
        extension_of, "extension " + extension + " of tenant " + std::to_string(tenant), tenant, extension);
  }

  Result<Extension> get(TenantId tenant, std::int64_t id) override {
    return select_one<Extension>(
        ctx_.reads, "SELECT " + kExtensionColumns + " FROM extensions WHERE tenant_id = ? AND id = ?",
        extension_of, "extension " + std::to_string(id), tenant, id);
  }

  Status update(const Extension& e) override {
    if (auto s = require_text("ha1_md5", e.ha1_md5); !s) return s;
    if (auto s = require_text("ha1_sha256", e.ha1_sha256); !s) return s;
    return write_one(ctx_.writes, "extension " + std::to_string(e.id), [&](SqliteConnection& conn) {
      return conn.run(
          "UPDATE extensions SET display_name = ?, enabled = ?, ha1_md5 = ?, ha1_sha256 = ?"
          " WHERE tenant_id = ? AND id = ?",
          e.display_name, e.enabled, e.ha1_md5, e.ha1_sha256, e.tenant_id, e.id);
    });
  }

  Status set_dnd(TenantId tenant, const std::string& extension, bool on) override {
    return write_one(ctx_.writes, "extension " + extension, [&](SqliteConnection& conn) {
      return conn.run("UPDATE extensions SET dnd = ? WHERE tenant_id = ? AND extension = ?", on, tenant,
                      extension);
    });
  }

  Status remove(TenantId tenant, std::int64_t id) override {
    return ctx_.writes.call([&](SqliteConnection& conn) -> Status {
      if (auto owned = require_owned(conn, "extensions", "extension", tenant, id); !owned) return owned;
      std::int64_t owners = 0;
      auto counted = conn.each_row(
          "SELECT COUNT(*) FROM users u JOIN extensions e ON e.tenant_id = u.tenant_id AND e.extension ="
          " u.extension WHERE e.id = ?",
          [&](const Statement& row) { owners = row.int64(0); }, id);
      if (!counted) return counted;
      if (owners > 0) return Error{ErrorCode::Conflict, "a user has extension " + std::to_string(id), "id"};
      return conn.run("DELETE FROM extensions WHERE tenant_id = ? AND id = ?", tenant, id);
    });
  }

  std::vector<Extension> list(TenantId tenant) override {
    return list_rows<Extension>(
        ctx_.reads, "SELECT " + kExtensionColumns + " FROM extensions WHERE tenant_id = ? ORDER BY extension",
        extension_of, tenant);
  }

 private:
  SqliteContext ctx_;
};

}  // namespace

std::unique_ptr<ExtensionRepo> make_extension_repo(SqliteContext ctx) {
  return std::make_unique<SqliteExtensionRepo>(ctx);
}

}  // namespace hotline::store
