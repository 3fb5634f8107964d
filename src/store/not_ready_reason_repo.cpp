#include "store/sqlite_repos.hpp"

namespace hotline::store {
namespace {

const std::string kNotReadyReasonColumns =
    "id, tenant_id, code, name_zh, name_en, productive, max_minutes, enabled, sort_order, created_at";

NotReadyReason reason_of(const Statement& row) {
  NotReadyReason r;
  r.id = row.int64(0);
  r.tenant_id = row.int64(1);
  r.code = row.text(2);
  r.name_zh = row.text(3);
  r.name_en = row.text(4);
  r.productive = row.boolean(5);
  if (auto minutes = row.opt_int64(6)) r.max_minutes = static_cast<int>(*minutes);
  r.enabled = row.boolean(7);
  r.sort_order = static_cast<int>(row.int64(8));
  r.created_at = row.int64(9);
  return r;
}

Status validate(const NotReadyReason& r) {
  if (auto s = require_text("code", r.code); !s) return s;
  if (auto s = require_text("name_zh", r.name_zh); !s) return s;
  if (r.max_minutes && *r.max_minutes < 1) return Error::invalid("max_minutes", "max_minutes is at least 1");
  return ok_status();
}

// Thread: any; writes wait for the writer thread.
class SqliteNotReadyReasonRepo final : public NotReadyReasonRepo {
 public:
  explicit SqliteNotReadyReasonRepo(SqliteContext ctx) : ctx_(ctx) {}

  Result<std::int64_t> create(const NotReadyReason& r) override {
    if (auto s = validate(r); !s) return s.error();
    return insert_sync(ctx_.writes,
                       "INSERT INTO not_ready_reasons (tenant_id, code, name_zh, name_en, productive,"
                       " max_minutes, enabled, sort_order, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       r.tenant_id, r.code, r.name_zh, r.name_en, r.productive, r.max_minutes, r.enabled,
                       r.sort_order, ctx_.stamp(r.created_at));
  }

  Result<NotReadyReason> get(TenantId tenant, std::int64_t id) override {
    return select_one<NotReadyReason>(
        ctx_.reads,
        "SELECT " + kNotReadyReasonColumns + " FROM not_ready_reasons WHERE tenant_id = ? AND id = ?",
        reason_of, "not-ready reason " + std::to_string(id), tenant, id);
  }

  std::vector<NotReadyReason> list(TenantId tenant) override {
    return list_rows<NotReadyReason>(
        ctx_.reads,
        "SELECT " + kNotReadyReasonColumns +
            " FROM not_ready_reasons WHERE tenant_id = ? ORDER BY sort_order, code",
        reason_of, tenant);
  }

  Status update(const NotReadyReason& r) override {
    if (auto s = validate(r); !s) return s;
    return write_one(ctx_.writes, "not-ready reason " + std::to_string(r.id), [&](SqliteConnection& conn) {
      return conn.run(
          "UPDATE not_ready_reasons SET code = ?, name_zh = ?, name_en = ?, productive = ?, max_minutes = ?,"
          " enabled = ?, sort_order = ? WHERE tenant_id = ? AND id = ?",
          r.code, r.name_zh, r.name_en, r.productive, r.max_minutes, r.enabled, r.sort_order, r.tenant_id,
          r.id);
    });
  }

  Status remove(TenantId tenant, std::int64_t id) override {
    return write_one(ctx_.writes, "not-ready reason " + std::to_string(id), [&](SqliteConnection& conn) {
      return conn.run("DELETE FROM not_ready_reasons WHERE tenant_id = ? AND id = ?", tenant, id);
    });
  }

 private:
  SqliteContext ctx_;
};

}  // namespace

std::unique_ptr<NotReadyReasonRepo> make_not_ready_reason_repo(SqliteContext ctx) {
  return std::make_unique<SqliteNotReadyReasonRepo>(ctx);
}

}  // namespace hotline::store
