#include <algorithm>

#include "store/sqlite_repos.hpp"

namespace hotline::store {
namespace {

constexpr const char* kOutboundRouteColumns =
    "id, tenant_id, pattern, trunk_id, priority, strip_digits, prepend, created_at, cost_per_minute,"
    " open_days, open_from_minute, open_to_minute, caller_id_mode, caller_id";

OutboundRoute route_of(const Statement& row) {
  OutboundRoute r{row.int64(0),
                  row.int64(1),
                  row.text(2),
                  row.int64(3),
                  static_cast<int>(row.int64(4)),
                  static_cast<int>(row.int64(5)),
                  row.text(6),
                  row.int64(7)};
  r.cost_per_minute = static_cast<int>(row.int64(8));
  r.open_days = static_cast<int>(row.int64(9));
  r.open_from_minute = static_cast<int>(row.int64(10));
  r.open_to_minute = static_cast<int>(row.int64(11));
  r.caller_id_mode = row.text(12);
  r.caller_id = row.text(13);
  return r;
}

// A number a carrier may be shown: digits, with an optional leading '+'.
bool is_phone_number(const std::string& s) {
  std::string_view digits = s;
  if (!digits.empty() && digits.front() == '+') digits.remove_prefix(1);
  return !digits.empty() && digits.size() <= 32 &&
         std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Status validate_rules(const OutboundRoute& r) {
  if (r.cost_per_minute < 0) return Error::invalid("cost_per_minute", "cost_per_minute must not be negative");
  if (r.open_days < 1 || r.open_days > 0x7F)
    return Error::invalid("open_days", "open_days must name at least one day (bits 0-6, Monday first)");
  for (int minute : {r.open_from_minute, r.open_to_minute}) {
    if (minute < 0 || minute > 24 * 60)
      return Error::invalid("open_from_minute", "open times are minutes of the day, 0-1440");
  }
  if (r.caller_id_mode == "keep") {
    if (!r.caller_id.empty()) return Error::invalid("caller_id", "caller ID mode keep takes no number");
    return ok_status();
  }
  if (r.caller_id_mode != "fixed" && r.caller_id_mode != "prefix")
    return Error::invalid("caller_id_mode", "caller_id_mode is keep, fixed or prefix");
  if (!is_phone_number(r.caller_id)) {
    return Error::invalid(
        "caller_id",
        "caller ID " + r.caller_id_mode + " needs digits (an optional leading +), got '" + r.caller_id + "'");
  }
  return ok_status();
}

Status validate(const OutboundRoute& r) {
  if (auto s = require_text("pattern", r.pattern); !s) return s;
  if (r.strip_digits < 0) return Error::invalid("strip_digits", "strip_digits must not be negative");
  return validate_rules(r);
}

// Thread: any; stateless beyond the shared context.
class SqliteOutboundRouteRepo final : public OutboundRouteRepo {
 public:
  explicit SqliteOutboundRouteRepo(SqliteContext ctx) : ctx_(ctx) {}

  Result<std::int64_t> create(const OutboundRoute& r) override {
    if (auto s = validate(r); !s) return s.error();
    return insert_sync(
        ctx_.writes,
        "INSERT INTO outbound_routes (tenant_id, pattern, trunk_id, priority, strip_digits, prepend,"
        " created_at, cost_per_minute, open_days, open_from_minute, open_to_minute,"
        " caller_id_mode, caller_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        r.tenant_id, r.pattern, r.trunk_id, r.priority, r.strip_digits, r.prepend, ctx_.stamp(r.created_at),
        r.cost_per_minute, r.open_days, r.open_from_minute, r.open_to_minute, r.caller_id_mode, r.caller_id);
  }

  Result<OutboundRoute> get(TenantId tenant, std::int64_t id) override {
    return select_one<OutboundRoute>(ctx_.reads,
                                     std::string("SELECT ") + kOutboundRouteColumns +
                                         " FROM outbound_routes WHERE tenant_id = ? AND id = ?",
                                     route_of, "outbound route " + std::to_string(id), tenant, id);
  }

  std::vector<OutboundRoute> list(TenantId tenant) override {
    return list_rows<OutboundRoute>(ctx_.reads,
                                    std::string("SELECT ") + kOutboundRouteColumns +
                                        " FROM outbound_routes WHERE tenant_id = ? ORDER BY priority, id",
                                    route_of, tenant);
  }

  Status update(const OutboundRoute& r) override {
    if (auto s = validate(r); !s) return s;
    return write_one(ctx_.writes, "outbound route " + std::to_string(r.id), [&](SqliteConnection& conn) {
      return conn.run(
          "UPDATE outbound_routes SET pattern = ?, trunk_id = ?, priority = ?, strip_digits = ?, prepend = ?,"
          " cost_per_minute = ?, open_days = ?, open_from_minute = ?, open_to_minute = ?, caller_id_mode = ?,"
          " caller_id = ? WHERE tenant_id = ? AND id = ?",
          r.pattern, r.trunk_id, r.priority, r.strip_digits, r.prepend, r.cost_per_minute, r.open_days,
          r.open_from_minute, r.open_to_minute, r.caller_id_mode, r.caller_id, r.tenant_id, r.id);
    });
  }

  Status remove(TenantId tenant, std::int64_t id) override {
    return write_one(ctx_.writes, "outbound route " + std::to_string(id), [&](SqliteConnection& conn) {
      return conn.run("DELETE FROM outbound_routes WHERE tenant_id = ? AND id = ?", tenant, id);
    });
  }

 private:
  SqliteContext ctx_;
};

}  // namespace

std::unique_ptr<OutboundRouteRepo> make_outbound_route_repo(SqliteContext ctx) {
  return std::make_unique<SqliteOutboundRouteRepo>(ctx);
}

}  // namespace hotline::store
