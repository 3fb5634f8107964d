#include "store/database_backup.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <memory>
#include <regex>
#include <system_error>
#include <thread>

#include "store/migrations.hpp"

namespace hotline::store {
namespace {

namespace fs = std::filesystem;

struct SqliteCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using SqlitePtr = std::unique_ptr<sqlite3, SqliteCloser>;

constexpr int kBusyTimeoutMs = 5000;

Result<SqlitePtr> open_file(const fs::path& path, int flags) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  SqlitePtr db(raw);
  if (rc != SQLITE_OK)
    return Error::unavailable("cannot open " + path.string() + ": " +
                              (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  sqlite3_busy_timeout(db.get(), kBusyTimeoutMs);
  return db;
}

// The first column of every row `sql` returns, as text.
Result<std::vector<std::string>> column(sqlite3* db, const char* sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) != SQLITE_OK)
    return Error::invalid("file", sqlite3_errmsg(db));
  std::vector<std::string> rows;
  int rc = SQLITE_ROW;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    const auto* text = sqlite3_column_text(stmt, 0);
    rows.emplace_back(text ? reinterpret_cast<const char*>(text) : "");
  }
  sqlite3_finalize(stmt);
  if (rc != SQLITE_DONE) return Error::invalid("file", sqlite3_errmsg(db));
  return rows;
}

Status integrity_check(sqlite3* db, const fs::path& path) {
  auto rows = column(db, "PRAGMA integrity_check");
  if (!rows)
    return Error::invalid("file", path.string() + " is not a sound SQLite database: " + rows.error().message);
  if (rows->size() != 1 || rows->front() != "ok")
    return Error::invalid(
        "file", path.string() + " fails the integrity check: " + (rows->empty() ? "" : rows->front()));
  return ok_status();
}

// The live database into `target`, as one snapshot; then a self-contained rollback-journal file.
Status copy_database(const fs::path& database, const fs::path& target) {
  auto source = open_file(database, SQLITE_OPEN_READONLY);
  if (!source) return source.error();
  auto copy = open_file(target, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (!copy) return copy.error();
  sqlite3_backup* backup = sqlite3_backup_init(copy->get(), "main", source->get(), "main");
  if (backup == nullptr)
    return Error::unavailable("cannot start the backup: " + std::string(sqlite3_errmsg(copy->get())));
  int rc = SQLITE_OK;
  for (int attempt = 0; attempt < 50; ++attempt) {  // all pages in one step: one consistent snapshot
    rc = sqlite3_backup_step(backup, -1);
    if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) return Error::unavailable("the backup failed: " + std::string(sqlite3_errstr(rc)));
  char* message = nullptr;
  if (sqlite3_exec(copy->get(), "PRAGMA journal_mode=DELETE", nullptr, nullptr, &message) != SQLITE_OK) {
    std::string why = message ? message : "";
    sqlite3_free(message);
    return Error::unavailable("cannot finish the backup: " + why);
  }
  if (auto checked = integrity_check(copy->get(), target); !checked)
    return Error::unavailable(checked.error().message);
  return ok_status();
}

Status sync_path(const fs::path& path, int flags) {
  int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return Error::unavailable("cannot open " + path.string());
  int synced = ::fsync(fd);
  ::close(fd);
  if (synced != 0) return Error::unavailable("cannot sync " + path.string());
  return ok_status();
}

std::string utc_stamp(UnixMs at) {
  std::time_t seconds = static_cast<std::time_t>(at / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y%m%d-%H%M%S", &utc);
  return text;
}

// hotline-<stamp>.db, or with -2, -3... when a backup of that second exists.
fs::path free_backup_path(const fs::path& dir, UnixMs now) {
  const std::string stem = "hotline-" + utc_stamp(now);
  fs::path path = dir / (stem + ".db");
  std::error_code ec;
  for (int n = 2; fs::exists(path, ec); ++n) path = dir / (stem + "-" + std::to_string(n) + ".db");
  return path;
}

UnixMs modified_ms(const fs::path& path) {
  std::error_code ec;
  auto written = fs::last_write_time(path, ec);
  if (ec) return 0;
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::file_clock::to_sys(written).time_since_epoch())
      .count();
}

BackupFile describe(const fs::path& path) {
  std::error_code ec;
  auto size = fs::file_size(path, ec);
  return {path.filename().string(), path, ec ? 0 : size, modified_ms(path)};
}

Status copy_file_synced(const fs::path& from, const fs::path& to) {
  std::error_code ec;
  fs::copy_file(from, to, fs::copy_options::overwrite_existing, ec);
  if (ec)
    return Error::unavailable("cannot copy " + from.string() + " to " + to.string() + ": " + ec.message());
  return sync_path(to, O_RDONLY);
}

// The database and its WAL and shared-memory files, renamed together (a stale WAL left beside the
// restored file would be replayed into it).
Status move_database(const fs::path& from, const fs::path& to) {
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm"}) {
    fs::path source = from.string() + suffix;
    if (!fs::exists(source, ec)) continue;
    fs::rename(source, to.string() + suffix, ec);
    if (ec) return Error::unavailable("cannot move " + source.string() + ": " + ec.message());
  }
  return ok_status();
}

}  // namespace

bool is_backup_file_name(std::string_view name) {
  static const std::regex kName(R"(hotline-\d{8}-\d{6}(-\d{1,4})?\.db)");
  return std::regex_match(name.begin(), name.end(), kName);
}

Result<BackupFile> back_up_database_to(const fs::path& database, const fs::path& target) {
  std::error_code ec;
  const fs::path folder = fs::absolute(target).parent_path();
  fs::create_directories(folder, ec);
  if (ec) return Error::unavailable("cannot create " + folder.string() + ": " + ec.message());
  const fs::path partial = target.string() + ".partial";
  fs::remove(partial, ec);
  Status made = copy_database(database, partial);
  if (made) made = sync_path(partial, O_RDONLY);
  if (made) {
    fs::rename(partial, target, ec);
    if (ec) made = Error::unavailable("cannot name the backup " + target.string() + ": " + ec.message());
  }
  if (!made) {
    fs::remove(partial, ec);
    return made.error();
  }
  if (auto synced = sync_path(folder, O_RDONLY | O_DIRECTORY); !synced) return synced.error();
  return describe(target);
}

Result<BackupFile> back_up_database(const fs::path& database, const fs::path& backups_dir, UnixMs now) {
  std::error_code ec;
  fs::create_directories(backups_dir, ec);
  if (ec) return Error::unavailable("cannot create " + backups_dir.string() + ": " + ec.message());
  return back_up_database_to(database, free_backup_path(backups_dir, now));
}

std::vector<BackupFile> list_backups(const fs::path& backups_dir) {
  std::vector<BackupFile> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(backups_dir, ec)) {
    if (entry.is_regular_file() && is_backup_file_name(entry.path().filename().string()))
      out.push_back(describe(entry.path()));
  }
  // By name without ".db": a second backup of the same second ("-2") is the newer.
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return a.path.stem().string() > b.path.stem().string(); });
  return out;
}

Result<int> check_backup(const fs::path& file) {
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) return Error::invalid("file", "no such file " + file.string());
  auto db = open_file(file, SQLITE_OPEN_READONLY);
  if (!db) return Error::invalid("file", db.error().message);
  if (auto checked = integrity_check(db->get(), file); !checked) return checked.error();
  auto versions = column(db->get(), "SELECT MAX(version) FROM schema_migrations");
  if (!versions || versions->empty() || versions->front().empty())
    return Error::invalid("file", file.string() + " is not a Hotline database (no schema_migrations)");
  int version = std::stoi(versions->front());
  int newest = 0;
  for (const auto& m : embedded_migrations()) newest = std::max(newest, m.version);
  if (version > newest)
    return Error::invalid("file", file.string() + " has schema version " + std::to_string(version) +
                                      ", newer than this binary's " + std::to_string(newest) +
                                      ": restore it with a newer hotline");
  return version;
}

Result<fs::path> restore_database(const fs::path& database, const fs::path& file, UnixMs now) {
  if (auto checked = check_backup(file); !checked) return checked.error();
  const fs::path incoming = database.string() + ".restoring";
  if (auto copied = copy_file_synced(file, incoming); !copied) return copied.error();
  std::error_code ec;
  fs::path kept;
  if (fs::exists(database, ec)) {
    kept = database.string() + ".before-restore-" + utc_stamp(now);
    if (auto moved = move_database(database, kept); !moved) return moved.error();
  }
  fs::rename(incoming, database, ec);
  if (ec) return Error::unavailable("cannot install " + incoming.string() + ": " + ec.message());
  if (auto synced = sync_path(database.parent_path(), O_RDONLY | O_DIRECTORY); !synced) return synced.error();
  return kept;
}

}  // namespace hotline::store
