#include "store/sqlite_repos.hpp"

namespace hotline::store {
namespace {

const std::string kAuditColumns =
    "id, tenant_id, at, user_id, username, role, remote_address, action, object_type, object_id, status,"
    " before_json, after_json, detail";

AuditRecord audit_of(const Statement& row) {
  return {row.int64(0),
          row.opt_int64(1),
          row.int64(2),
          row.opt_int64(3),
          row.text(4),
          row.text(5),
          row.text(6),
          row.text(7),
          row.text(8),
          row.text(9),
          static_cast<int>(row.int64(10)),
          row.opt_text(11),
          row.opt_text(12),
          row.text(13)};
}

void add_text(SqlFilter& f, const char* column, const std::optional<std::string>& value) {
  if (!value) return;
  f.where += std::string(" AND ") + column + " = ?";
  f.params.emplace_back(*value);
}

SqlFilter filter_of(const AuditQuery& q) {
  SqlFilter f{" WHERE 1 = 1", {}};
  if (q.tenant_id) {
    f.where += " AND tenant_id = ?";
    f.params.emplace_back(*q.tenant_id);
  }
  if (q.from_ms) {
    f.where += " AND at >= ?";
    f.params.emplace_back(*q.from_ms);
  }
  if (q.to_ms) {
    f.where += " AND at < ?";
    f.params.emplace_back(*q.to_ms);
  }
  add_text(f, "username", q.username);
  add_text(f, "action", q.action);
  add_text(f, "object_type", q.object_type);
  add_text(f, "object_id", q.object_id);
  if (q.status) {
    f.where += " AND status = ?";
    f.params.emplace_back(*q.status);
  }
  return f;
}

// Thread: any; adds are queued to the writer thread, which keeps their order.
class SqliteAuditRepo final : public AuditRepo {
 public:
  explicit SqliteAuditRepo(SqliteContext ctx) : ctx_(ctx) {}

  void add_async(const AuditRecord& r) override {
    AuditRecord row = r;
    row.at = ctx_.stamp(r.at);
    ctx_.writes.post([row = std::move(row)](SqliteConnection& conn) {
      return conn.run(
          "INSERT INTO audit_log (tenant_id, at, user_id, username, role, remote_address, action, "
          "object_type,"
          " object_id, status, before_json, after_json, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
          "?)",
          row.tenant_id, row.at, row.user_id, row.username, row.role, row.remote_address, row.action,
          row.object_type, row.object_id, row.status, row.before_json, row.after_json, row.detail);
    });
  }

  std::vector<AuditRecord> query(const AuditQuery& q) override {
    SqlFilter f = filter_of(q);
    f.params.emplace_back(static_cast<std::int64_t>(std::max(0, q.limit)));
    f.params.emplace_back(static_cast<std::int64_t>(std::max(0, q.offset)));
    std::vector<AuditRecord> rows;
    auto status = run_filtered(ctx_.reads,
                               "SELECT " + kAuditColumns + " FROM audit_log" + f.where +
                                   " ORDER BY at DESC, id DESC LIMIT ? OFFSET ?",
                               f.params, [&](const Statement& row) { rows.push_back(audit_of(row)); });
    if (!status) spdlog::error("store: audit query failed: {}", status.error().message);
    return rows;
  }

  std::int64_t count(const AuditQuery& q) override {
    SqlFilter f = filter_of(q);
    std::int64_t n = 0;
    auto status = run_filtered(ctx_.reads, "SELECT COUNT(*) FROM audit_log" + f.where, f.params,
                               [&](const Statement& row) { n = row.int64(0); });
    if (!status) spdlog::error("store: audit count failed: {}", status.error().message);
    return n;
  }

 private:
  SqliteContext ctx_;
};

}  // namespace

std::unique_ptr<AuditRepo> make_audit_repo(SqliteContext ctx) {
  return std::make_unique<SqliteAuditRepo>(ctx);
}

}  // namespace hotline::store
