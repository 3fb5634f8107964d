#include "store/sqlite_repos.hpp"

namespace hotline::store {
namespace {

const std::string kVoicemailBoxColumns =
    "id, tenant_id, name, extension, greeting_text, greeting_file, language, max_message_ms, created_at,"
    " updated_at";

VoicemailBox box_of(const Statement& row) {
  return {row.int64(0), row.int64(1), row.text(2),  row.opt_text(3), row.text(4),
          row.text(5),  row.text(6),  row.int64(7), row.int64(8),    row.int64(9)};
}

// Ten minutes is far beyond any real message; it keeps a message's WAV under 10 MB.
constexpr std::int64_t kLongestMessageMs = 600'000;

Status validate(const VoicemailBox& b) {
  if (auto s = require_text("name", b.name); !s) return s;
  if (b.extension && b.extension->empty()) return Error::invalid("extension", "extension must not be empty");
  if (b.language != "zh-CN" && b.language != "en")
    return Error::invalid("language", "language is zh-CN or en");
  if (b.max_message_ms < 1000 || b.max_message_ms > kLongestMessageMs) {
    return Error::invalid("max_message_ms", "max_message_ms is 1000 to 600000");
  }
  return ok_status();
}

// Thread: any; writes wait for the writer thread.
class SqliteVoicemailBoxRepo final : public VoicemailBoxRepo {
 public:
  explicit SqliteVoicemailBoxRepo(SqliteContext ctx) : ctx_(ctx) {}

  Result<std::int64_t> create(const VoicemailBox& b) override {
    if (auto s = validate(b); !s) return s.error();
    UnixMs now = ctx_.stamp(b.created_at);
    return insert_sync(
        ctx_.writes,
        "INSERT INTO voicemail_boxes (tenant_id, name, extension, greeting_text, greeting_file,"
        " language, max_message_ms, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        b.tenant_id, b.name, b.extension, b.greeting_text, b.greeting_file, b.language, b.max_message_ms, now,
        now);
  }

  Result<VoicemailBox> get(TenantId tenant, std::int64_t id) override {
    return select_one<VoicemailBox>(
        ctx_.reads, "SELECT " + kVoicemailBoxColumns + " FROM voicemail_boxes WHERE tenant_id = ? AND id = ?",
        box_of, "voicemail box " + std::to_string(id), tenant, id);
  }

  Result<VoicemailBox> find(TenantId tenant, const std::string& name) override {
    return select_one<VoicemailBox>(
        ctx_.reads,
        "SELECT " + kVoicemailBoxColumns + " FROM voicemail_boxes WHERE tenant_id = ? AND name = ?", box_of,
        "voicemail box '" + name + "'", tenant, name);
  }

  Result<VoicemailBox> find_by_extension(TenantId tenant, const std::string& extension) override {
    return select_one<VoicemailBox>(
        ctx_.reads,
        "SELECT " + kVoicemailBoxColumns + " FROM voicemail_boxes WHERE tenant_id = ? AND extension = ?",
        box_of, "a voicemail box for extension " + extension, tenant, extension);
  }

  std::vector<VoicemailBox> list(TenantId tenant) override {
    return list_rows<VoicemailBox>(
        ctx_.reads,
        "SELECT " + kVoicemailBoxColumns + " FROM voicemail_boxes WHERE tenant_id = ? ORDER BY name", box_of,
        tenant);
  }

  Status update(const VoicemailBox& b) override {
    if (auto s = validate(b); !s) return s;
    return write_one(ctx_.writes, "voicemail box " + std::to_string(b.id), [&](SqliteConnection& conn) {
      return conn.run(
          "UPDATE voicemail_boxes SET name = ?, extension = ?, greeting_text = ?, greeting_file = ?,"
          " language = ?, max_message_ms = ?, updated_at = ? WHERE tenant_id = ? AND id = ?",
          b.name, b.extension, b.greeting_text, b.greeting_file, b.language, b.max_message_ms,
          ctx_.stamp(b.updated_at), b.tenant_id, b.id);
    });
  }

 private:
  SqliteContext ctx_;
};

}  // namespace

std::unique_ptr<VoicemailBoxRepo> make_voicemail_box_repo(SqliteContext ctx) {
  return std::make_unique<SqliteVoicemailBoxRepo>(ctx);
}

}  // namespace hotline::store
