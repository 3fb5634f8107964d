// hotline backup and hotline restore (ADM-4): the offline side of database backups. `backup` makes
// the same online copy as POST /api/v1/system/backups, for cron, whether or not a server runs;
// `restore` needs the server stopped and says so when it is not.
#include <cstdio>

#include "commands.hpp"
#include "common/clock.hpp"
#include "store/data_folder_lock.hpp"
#include "store/database_backup.hpp"

namespace hotline::cli {

int backup(const std::filesystem::path& data_dir, const std::optional<std::filesystem::path>& out) {
  SystemClock clock;
  const auto database = data_dir / "hotline.db";
  if (!std::filesystem::exists(database)) {
    std::fprintf(stderr, "no database in %s\n", data_dir.c_str());
    return 1;
  }
  auto made = out ? store::back_up_database_to(database, *out)
                  : store::back_up_database(database, data_dir / "backups", clock.now_ms());
  if (!made) {
    std::fprintf(stderr, "backup failed: %s\n", made.error().message.c_str());
    return 1;
  }
  std::printf("%s (%ju bytes, integrity checked)\n", made->path.c_str(), made->size_bytes);
  return 0;
}

int restore(const std::filesystem::path& data_dir, const std::filesystem::path& file) {
  SystemClock clock;
  auto lock = store::DataFolderLock::acquire(data_dir);
  if (!lock) {
    std::fprintf(stderr, "cannot restore: %s; stop it first\n", lock.error().message.c_str());
    return 1;
  }
  auto kept = store::restore_database(data_dir / "hotline.db", file, clock.now_ms());
  if (!kept) {
    std::fprintf(stderr, "restore refused: %s\n", kept.error().message.c_str());
    return 1;
  }
  std::printf("restored %s into %s\n", file.c_str(), (data_dir / "hotline.db").c_str());
  if (!kept->empty()) std::printf("the database it replaced is kept as %s\n", kept->c_str());
  return 0;
}

}  // namespace hotline::cli
