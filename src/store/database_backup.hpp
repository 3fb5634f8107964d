// Backups of the database (ADM-4). A backup is an online copy: SQLite's backup API on a connection
// of its own reads one consistent snapshot while the server keeps writing (WAL readers do not block
// the writer), into DATA/backups/hotline-YYYYMMDD-HHMMSS.db (UTC), which is then checked with
// PRAGMA integrity_check before it gets its name. Restoring needs the server stopped
// (DataFolderLock): the copy is checked again, its schema must not be newer than this binary's
// migrations, the current database is kept as hotline.db.before-restore-<time>, and the copy takes
// its place by rename. Recordings and prompts are files under DATA and are not in the database.
//
// Thread: any; each call opens its own connections.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.hpp"
#include "common/result.hpp"

namespace hotline::store {

struct BackupFile {
  std::string name;  // hotline-YYYYMMDD-HHMMSS.db
  std::filesystem::path path;
  std::uintmax_t size_bytes = 0;
  UnixMs created_at = 0;  // the file's modification time
};

// Whether `name` is one a backup gets (no path, no traversal): what the download route accepts.
bool is_backup_file_name(std::string_view name);

// Copies the database `database` into `backups_dir` and verifies the copy. Unavailable when the
// copy or its check fails (nothing is left behind under a backup's name).
Result<BackupFile> back_up_database(const std::filesystem::path& database,
                                    const std::filesystem::path& backups_dir, UnixMs now);

// The same copy into the file `target` (replaced if it exists), for `hotline backup --out`.
Result<BackupFile> back_up_database_to(const std::filesystem::path& database,
                                       const std::filesystem::path& target);

// Backups in `backups_dir`, newest first.
std::vector<BackupFile> list_backups(const std::filesystem::path& backups_dir);

// The schema version (the highest migration recorded) of the database file `file` after
// PRAGMA integrity_check passed; InvalidArgument naming "file" when it is not a sound Hotline
// database or its schema is newer than this binary's migrations.
Result<int> check_backup(const std::filesystem::path& file);

// Installs the backup `file` as `database` (the server must be stopped: the caller holds the
// DataFolderLock) after check_backup. Returns where the database it replaced was kept (empty when
// there was none).
Result<std::filesystem::path> restore_database(const std::filesystem::path& database,
                                               const std::filesystem::path& file, UnixMs now);

}  // namespace hotline::store
