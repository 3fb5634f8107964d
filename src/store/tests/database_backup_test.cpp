// Backups while the store is open and writing: the copy passes integrity_check and holds the rows
// written before it; restore refuses a corrupt file and a newer schema, keeps the replaced
// database, and the server's lock keeps it from running under a live server.
#include "store/database_backup.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "store/data_folder_lock.hpp"
#include "store/tests/store_fixture.hpp"

namespace hotline::store {
namespace {

namespace fs = std::filesystem;
using testing::kT0;

class DatabaseBackupTest : public testing::StoreTest {
 protected:
  fs::path backups() const { return dir_ / "backups"; }

  // Rows of `sql`'s first column in the database file `file`, read through a store opened on it.
  std::vector<std::string> tenant_names(const fs::path& file) {
    SqliteOptions options;
    options.path = file;
    auto opened = open_sqlite(options, clock_);
    EXPECT_TRUE(opened) << opened.error().message;
    if (!opened) return {};
    std::vector<std::string> names;
    for (const auto& t : opened.value()->tenants().list()) names.push_back(t.name);
    opened.value()->close();
    return names;
  }

  void set_schema_version(const fs::path& file, int version) {
    auto conn = SqliteConnection::open(file, SqliteConnection::Mode::ReadWrite, 1000);
    ASSERT_TRUE(conn);
    ASSERT_TRUE(
        (*conn)->run("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)", version, kT0));
  }
};

TEST_F(DatabaseBackupTest, ACopyTakenWhileTheStoreIsOpenHoldsWhatWasWrittenAndPassesTheCheck) {
  make_tenant("before");
  store_->flush();
  auto backup = back_up_database(options_.path, backups(), kT0);
  ASSERT_TRUE(backup) << backup.error().message;
  make_tenant("after");
  store_->flush();

  EXPECT_EQ(backup->name, "hotline-20231114-221320.db");
  EXPECT_GT(backup->size_bytes, 0u);
  EXPECT_TRUE(check_backup(backup->path));
  EXPECT_FALSE(fs::exists(backup->path.string() + "-wal"));  // self-contained: one file to download
  EXPECT_EQ(tenant_names(backup->path), std::vector<std::string>{"before"});

  auto second = back_up_database(options_.path, backups(), kT0);  // the same second
  ASSERT_TRUE(second);
  EXPECT_EQ(second->name, "hotline-20231114-221320-2.db");
  auto listed = list_backups(backups());
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].name, "hotline-20231114-221320-2.db");
}

TEST_F(DatabaseBackupTest, BackupNamesAreTheOnlyOnesTheDownloadAccepts) {
  EXPECT_TRUE(is_backup_file_name("hotline-20260101-120000.db"));
  EXPECT_TRUE(is_backup_file_name("hotline-20260101-120000-3.db"));
  for (const char* bad : {"../hotline.db", "hotline.db", "hotline-20260101-120000.db/x",
                          "x/hotline-20260101-120000.db", "hotline-2026-01-01.db", ""})
    EXPECT_FALSE(is_backup_file_name(bad)) << bad;
}

TEST_F(DatabaseBackupTest, RestoreInstallsTheCopyAndKeepsTheReplacedDatabase) {
  make_tenant("before");
  store_->flush();
  auto backup = back_up_database(options_.path, backups(), kT0);
  ASSERT_TRUE(backup);
  make_tenant("after");
  store_->close();
  store_.reset();

  auto kept = restore_database(options_.path, backup->path, kT0 + 60'000);
  ASSERT_TRUE(kept) << kept.error().message;
  EXPECT_EQ(kept->filename(), "hotline.db.before-restore-20231114-221420");
  EXPECT_EQ(tenant_names(options_.path), std::vector<std::string>{"before"});
  EXPECT_EQ(tenant_names(*kept), (std::vector<std::string>{"before", "after"}));
}

TEST_F(DatabaseBackupTest, RestoreRefusesACorruptFileAndLeavesTheDatabaseAlone) {
  make_tenant("current");
  store_->close();
  store_.reset();
  const fs::path corrupt = dir_ / "corrupt.db";
  std::ofstream(corrupt) << "SQLite format 3" << std::string(4000, 'x');
  auto refused = restore_database(options_.path, corrupt, kT0);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().field, "file");
  EXPECT_EQ(tenant_names(options_.path), std::vector<std::string>{"current"});
}

TEST_F(DatabaseBackupTest, RestoreRefusesASchemaNewerThanTheBinary) {
  store_->flush();
  auto backup = back_up_database(options_.path, backups(), kT0);
  ASSERT_TRUE(backup);
  set_schema_version(backup->path, 999);
  auto refused = restore_database(options_.path, backup->path, kT0);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("schema version 999"), std::string::npos) << refused.error().message;
  EXPECT_FALSE(fs::exists(options_.path.string() + ".before-restore-20231114-221320"));
}

TEST_F(DatabaseBackupTest, TheDataFolderLockIsHeldByOneOwnerAtATime) {
  auto first = DataFolderLock::acquire(dir_);
  ASSERT_TRUE(first);
  auto second = DataFolderLock::acquire(dir_);  // another open file description, as another process
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, ErrorCode::Conflict);
  { auto released = std::move(first).value(); }
  EXPECT_TRUE(DataFolderLock::acquire(dir_));
}

}  // namespace
}  // namespace hotline::store
