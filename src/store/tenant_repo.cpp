#include <algorithm>
#include <string_view>

#include "store/sqlite_repos.hpp"

namespace hotline::store {
namespace {

const std::string kTenantColumns =
    "id, name, sip_realm, is_default, created_at, recording_mode, music_class, language, seats,"
    " international_prefixes, premium_prefixes";

Tenant tenant_of(const Statement& row) {
  auto seats = row.opt_int64(8);
  return {row.int64(0), row.text(1), row.text(2), row.boolean(3),
          row.int64(4), row.text(5), row.text(6), row.text(7),
          seats ? std::optional<int>(static_cast<int>(*seats)) : std::nullopt,
          row.text(9),  row.text(10)};
}

Status validate_seats(const Tenant& t) {
  if (t.seats && *t.seats < 0) return Error::invalid("seats", "seats must be 0 or more");
  return ok_status();
}

// "00,+", "1900,168" or "": digits, each prefix optionally starting with '+'.
bool valid_prefix(std::string_view prefix) {
  if (!prefix.empty() && prefix.front() == '+') prefix.remove_prefix(1);
  return std::all_of(prefix.begin(), prefix.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Status validate_prefixes(const std::string& field, std::string_view csv) {
  if (csv.empty()) return ok_status();
  for (std::size_t start = 0; start <= csv.size();) {
    auto comma = std::min(csv.find(',', start), csv.size());
    auto prefix = csv.substr(start, comma - start);
    if (prefix.empty() || !valid_prefix(prefix))
      return Error::invalid(field, field + " must be comma-separated digits, each optionally after '+'");
    start = comma + 1;
  }
  return ok_status();
}

Status validate_settings(const Tenant& t) {
  if (t.recording_mode != "stereo" && t.recording_mode != "mono" && t.recording_mode != "off") {
    return Error::invalid("recording_mode", "recording_mode must be stereo, mono or off");
  }
  if (t.language != "zh-CN" && t.language != "en")
    return Error::invalid("language", "language must be zh-CN or en");
  if (auto s = validate_prefixes("international_prefixes", t.international_prefixes); !s) return s;
  if (auto s = validate_prefixes("premium_prefixes", t.premium_prefixes); !s) return s;
  return require_text("music_class", t.music_class);
}

// Thread: any; stateless beyond the shared context.
class SqliteTenantRepo final : public TenantRepo {
 public:
  explicit SqliteTenantRepo(SqliteContext ctx) : ctx_(ctx) {}

  Result<TenantId> create(const Tenant& t) override {
    if (auto s = require_text("name", t.name); !s) return s.error();
    if (auto s = require_text("sip_realm", t.sip_realm); !s) return s.error();
    if (auto s = validate_settings(t); !s) return s.error();
    if (auto s = validate_seats(t); !s) return s.error();
    return insert_sync(ctx_.writes,
                       "INSERT INTO tenants (name, sip_realm, is_default, created_at, recording_mode, music_class,"
                       " language, seats, international_prefixes, premium_prefixes)"
                       " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       t.name, t.sip_realm, t.is_default, ctx_.stamp(t.created_at), t.recording_mode,
                       t.music_class, t.language, seats_value(t), t.international_prefixes, t.premium_prefixes);
  }

  Status update_account(const Tenant& t) override {
    if (auto s = require_text("name", t.name); !s) return s;
    if (auto s = validate_seats(t); !s) return s;
    return write_one(ctx_.writes, "tenant " + std::to_string(t.id), [&](SqliteConnection& conn) {
      return conn.run("UPDATE tenants SET name = ?, seats = ? WHERE id = ?", t.name, seats_value(t), t.id);
    });
  }

  Status update_settings(const Tenant& t) override {
    if (auto s = validate_settings(t); !s) return s;
    return write_one(ctx_.writes, "tenant " + std::to_string(t.id), [&](SqliteConnection& conn) {
      return conn.run(
          "UPDATE tenants SET recording_mode = ?, music_class = ?, language = ?, international_prefixes = ?,"
          " premium_prefixes = ? WHERE id = ?",
          t.recording_mode, t.music_class, t.language, t.international_prefixes, t.premium_prefixes, t.id);
    });
  }

  Result<Tenant> get(TenantId id) override {
    return select_one<Tenant>(ctx_.reads, "SELECT " + kTenantColumns + " FROM tenants WHERE id = ?",
                              tenant_of, "tenant " + std::to_string(id), id);
  }

  std::vector<Tenant> list() override {
    return list_rows<Tenant>(ctx_.reads, "SELECT " + kTenantColumns + " FROM tenants ORDER BY id", tenant_of);
  }

 private:
  static std::optional<std::int64_t> seats_value(const Tenant& t) {
    return t.seats ? std::optional<std::int64_t>(*t.seats) : std::nullopt;
  }

  SqliteContext ctx_;
};

}  // namespace

std::unique_ptr<TenantRepo> make_tenant_repo(SqliteContext ctx) {
  return std::make_unique<SqliteTenantRepo>(ctx);
}

}  // namespace hotline::store
