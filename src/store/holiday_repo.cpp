#include <cctype>

#include "store/sqlite_repos.hpp"

namespace hotline::store {
namespace {

// YYYY-MM-DD with a month 01-12 and a day 01-31 (the calendar's own check is the editor's).
bool is_date(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  int month = std::stoi(s.substr(5, 2));
  int day = std::stoi(s.substr(8, 2));
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

Holiday holiday_of(const Statement& row) {
  return {row.int64(0), row.int64(1), row.text(2), row.text(3), row.text(4), row.int64(5)};
}

// Thread: any; writes wait for the writer thread.
class SqliteHolidayRepo final : public HolidayRepo {
 public:
  explicit SqliteHolidayRepo(SqliteContext ctx) : ctx_(ctx) {}

  Result<std::int64_t> add(const Holiday& h) override {
    if (auto s = require_text("calendar", h.calendar); !s) return s.error();
    if (!is_date(h.date)) return Error::invalid("date", "date must be YYYY-MM-DD");
    return insert_sync(
        ctx_.writes,
        "INSERT INTO holidays (tenant_id, calendar, date, name, created_at) VALUES (?, ?, ?, ?, ?)",
        h.tenant_id, h.calendar, h.date, h.name, ctx_.stamp(h.created_at));
  }

  Status remove(TenantId tenant, std::int64_t id) override {
    return write_one(ctx_.writes, "holiday " + std::to_string(id), [&](SqliteConnection& conn) {
      return conn.run("DELETE FROM holidays WHERE tenant_id = ? AND id = ?", tenant, id);
    });
  }

  std::vector<Holiday> list(TenantId tenant) override {
    return list_rows<Holiday>(ctx_.reads,
                              "SELECT id, tenant_id, calendar, date, name, created_at FROM holidays"
                              " WHERE tenant_id = ? ORDER BY calendar, date",
                              holiday_of, tenant);
  }

 private:
  SqliteContext ctx_;
};

}  // namespace

std::unique_ptr<HolidayRepo> make_holiday_repo(SqliteContext ctx) {
  return std::make_unique<SqliteHolidayRepo>(ctx);
}

}  // namespace hotline::store
