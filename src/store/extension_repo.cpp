#include "store/sqlite_repos.hpp"

namespace hotline::store {
namespace {

const std::string kColumns =
    "id, tenant_id, extension, display_name, ha1_md5, ha1_sha256, enabled, created_at";

Extension extension_of(const Statement& row) {
  return {row.int64(0), row.int64(1), row.text(2),    row.text(3),
          row.text(4),  row.text(5),  row.boolean(6), row.int64(7)};
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
        ctx_.reads, "SELECT " + kColumns + " FROM extensions WHERE tenant_id = ? AND extension = ?",
        extension_of, "extension " + extension + " of tenant " + std::to_string(tenant), tenant, extension);
  }

  std::vector<Extension> list(TenantId tenant) override {
    return list_rows<Extension>(
        ctx_.reads, "SELECT " + kColumns + " FROM extensions WHERE tenant_id = ? ORDER BY extension",
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
