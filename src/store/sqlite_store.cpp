#include "store/sqlite_store.hpp"

#include <system_error>

#include "store/migrations.hpp"
#include "store/sqlite_repos.hpp"

namespace hotline::store {
namespace {

const std::string kStampHeartbeat =
    "INSERT INTO node_heartbeat (node, beat_at) VALUES (?, ?)"
    " ON CONFLICT (node) DO UPDATE SET beat_at = excluded.beat_at";

Status ensure_parent_directory(const std::filesystem::path& path) {
  if (!path.has_parent_path()) return ok_status();
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  if (ec) return Error::unavailable("cannot create " + path.parent_path().string() + ": " + ec.message());
  return ok_status();
}

Result<std::unique_ptr<SqliteConnection>> open_writer(const SqliteOptions& options, const Clock& clock) {
  if (auto s = ensure_parent_directory(options.path); !s) return s.error();
  auto conn =
      SqliteConnection::open(options.path, SqliteConnection::Mode::ReadWrite, options.busy_timeout_ms);
  if (!conn) return conn.error();
  if (auto s = (*conn)->enable_wal(); !s) return s.error();
  auto applied = apply_migrations(**conn, embedded_migrations(), clock.now_ms());
  if (!applied) return applied.error();
  return conn;
}

Result<std::optional<UnixMs>> last_heartbeat(SqliteConnection& conn, const std::string& node) {
  std::optional<UnixMs> beat;
  auto status = conn.each_row(
      "SELECT beat_at FROM node_heartbeat WHERE node = ?", [&](const Statement& row) { beat = row.int64(0); },
      node);
  if (!status) return status.error();
  return beat;
}

Result<std::unique_ptr<ReadPool>> open_readers(const SqliteOptions& options) {
  std::vector<std::unique_ptr<SqliteConnection>> readers;
  for (int i = 0; i < std::max(1, options.read_connections); ++i) {
    auto conn =
        SqliteConnection::open(options.path, SqliteConnection::Mode::ReadOnly, options.busy_timeout_ms);
    if (!conn) return conn.error();
    readers.push_back(std::move(conn).value());
  }
  return std::make_unique<ReadPool>(std::move(readers));
}

WriteQueue::Job heartbeat_job(const std::string& node, const Clock& clock) {
  return [node, &clock](SqliteConnection& conn) { return conn.run(kStampHeartbeat, node, clock.now_ms()); };
}

}  // namespace

SqliteStore::SqliteStore(std::unique_ptr<WriteQueue> writes, std::unique_ptr<ReadPool> reads,
                         const Clock& clock, std::optional<UnixMs> last_heartbeat)
    : writes_(std::move(writes)), reads_(std::move(reads)) {
  SqliteContext ctx{*reads_, *writes_, clock};
  tenants_ = make_tenant_repo(ctx);
  users_ = make_user_repo(ctx);
  roles_ = make_role_repo(ctx);
  sessions_ = make_session_repo(ctx);
  api_tokens_ = make_api_token_repo(ctx);
  audit_ = make_audit_repo(ctx);
  extensions_ = make_extension_repo(ctx);
  trunks_ = make_trunk_repo(ctx);
  numbers_ = make_number_repo(ctx);
  flows_ = make_flow_repo(ctx);
  skills_ = make_skill_repo(ctx);
  queues_ = make_queue_repo(ctx);
  caller_lists_ = make_caller_list_repo(ctx);
  holidays_ = make_holiday_repo(ctx);
  acd_log_ = make_acd_log_repo(ctx);
  outbound_routes_ = make_outbound_route_repo(ctx);
  not_ready_reasons_ = make_not_ready_reason_repo(ctx);
  registrations_ = make_registration_repo(ctx);
  calls_ = make_call_repo(ctx, last_heartbeat);
  recordings_ = make_recording_repo(ctx);
  call_events_ = make_call_event_repo(ctx);
  voicemail_boxes_ = make_voicemail_box_repo(ctx);
  voicemail_messages_ = make_voicemail_message_repo(ctx);
  surveys_ = make_survey_repo(ctx);
  todos_ = make_todo_repo(ctx);
}

SqliteStore::~SqliteStore() { close(); }

Result<std::unique_ptr<Store>> open_sqlite(const SqliteOptions& options, const Clock& clock) {
  auto writer = open_writer(options, clock);
  if (!writer) return writer.error();
  // Read before this process stamps its own: close_interrupted() needs the previous run's last beat.
  auto previous_beat = last_heartbeat(**writer, options.node_name);
  if (!previous_beat) return previous_beat.error();
  auto job = heartbeat_job(options.node_name, clock);
  if (auto s = job(**writer); !s) return s.error();
  auto readers = open_readers(options);
  if (!readers) return readers.error();
  auto writes = std::make_unique<WriteQueue>(std::move(writer).value(), job, options.heartbeat_interval_ms);
  return std::unique_ptr<Store>(
      std::make_unique<SqliteStore>(std::move(writes), std::move(readers).value(), clock, *previous_beat));
}

}  // namespace hotline::store
