#include "store/sqlite_repos.hpp"

namespace hotline::store {
namespace {

// Thread: any; writes wait for the writer thread.
class SqliteCallerListRepo final : public CallerListRepo {
 public:
  explicit SqliteCallerListRepo(SqliteContext ctx) : ctx_(ctx) {}

  Result<std::int64_t> add(const CallerListEntry& e) override {
    if (e.kind != "blacklist" && e.kind != "whitelist" && e.kind != "vip")
      return Error::invalid("kind", "kind is blacklist, whitelist or vip");
    if (auto s = require_text("number", e.number); !s) return s.error();
    return insert_sync(ctx_.writes,
                       "INSERT INTO caller_lists (tenant_id, kind, number, priority, note, created_at)"
                       " VALUES (?, ?, ?, ?, ?, ?)",
                       e.tenant_id, e.kind, e.number, e.priority, e.note, ctx_.stamp(e.created_at));
  }

  Status remove(TenantId tenant, std::int64_t id) override {
    return write_one(ctx_.writes, "caller list entry " + std::to_string(id), [&](SqliteConnection& conn) {
      return conn.run("DELETE FROM caller_lists WHERE tenant_id = ? AND id = ?", tenant, id);
    });
  }

  std::vector<CallerListEntry> list(TenantId tenant) override {
    return list_rows<CallerListEntry>(
        ctx_.reads,
        "SELECT id, tenant_id, kind, number, priority, note, created_at FROM caller_lists WHERE tenant_id = ?"
        " ORDER BY kind, number",
        [](const Statement& row) {
          return CallerListEntry{
              row.int64(0), row.int64(1), row.text(2), row.text(3), static_cast<int>(row.int64(4)),
              row.text(5),  row.int64(6)};
        },
        tenant);
  }

 private:
  SqliteContext ctx_;
};

}  // namespace

std::unique_ptr<CallerListRepo> make_caller_list_repo(SqliteContext ctx) {
  return std::make_unique<SqliteCallerListRepo>(ctx);
}

}  // namespace hotline::store
