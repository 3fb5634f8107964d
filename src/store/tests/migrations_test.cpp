#include "store/migrations.hpp"

#include <gtest/gtest.h>

#include "store/tests/store_fixture.hpp"

namespace hotline::store::testing {
namespace {

using MigrationsTest = StoreTest;

TEST_F(MigrationsTest, EmbedsTheNumberedFilesOfDbMigrations) {
  const auto& migrations = embedded_migrations();
  ASSERT_FALSE(migrations.empty());
  EXPECT_EQ(migrations.front().version, 1);
  EXPECT_EQ(migrations.front().name, "001_core.sql");
  EXPECT_NE(migrations.front().sql.find("CREATE TABLE tenants"), std::string_view::npos);
}

TEST_F(MigrationsTest, AppliedOnceAndNotAgainOnReopen) {
  auto count = static_cast<std::int64_t>(embedded_migrations().size());
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM schema_migrations"), count);
  EXPECT_EQ(scalar("SELECT MIN(applied_at) FROM schema_migrations"), kT0);
  clock_.advance_ms(60'000);
  reopen();
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM schema_migrations"), count);
  EXPECT_EQ(scalar("SELECT MAX(applied_at) FROM schema_migrations"), kT0);
}

TEST_F(MigrationsTest, DatabaseIsInWalMode) {
  auto conn = side_connection();
  std::string mode;
  ASSERT_TRUE(conn->each_row("PRAGMA journal_mode", [&](const Statement& row) { mode = row.text(0); }).ok());
  EXPECT_EQ(mode, "wal");
}

TEST_F(MigrationsTest, LaterFileIsAppliedInOrderAndRecorded) {
  auto conn = side_connection();
  std::vector<Migration> all = embedded_migrations();
  all.push_back({3, "003_b.sql", "ALTER TABLE notes ADD COLUMN body TEXT"});
  all.push_back({2, "002_a.sql", "CREATE TABLE notes (id INTEGER PRIMARY KEY)"});
  auto applied = apply_migrations(*conn, all, kT0);
  ASSERT_TRUE(applied.ok()) << applied.error().message;
  EXPECT_EQ(*applied, 2);
  EXPECT_EQ(*apply_migrations(*conn, all, kT0), 0);
  EXPECT_EQ(scalar("SELECT MAX(version) FROM schema_migrations"), 3);
}

TEST_F(MigrationsTest, FailedMigrationIsRolledBackAndNamed) {
  auto conn = side_connection();
  std::vector<Migration> all = embedded_migrations();
  all.push_back({7, "007_broken.sql", "CREATE TABLE half (id INTEGER); CREATE TABLE oops (;"});
  auto applied = apply_migrations(*conn, all, kT0);
  ASSERT_FALSE(applied.ok());
  EXPECT_EQ(applied.error().field, "007_broken.sql");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sqlite_master WHERE name = 'half'"), 0);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM schema_migrations WHERE version = 7"), 0);
}

TEST_F(MigrationsTest, DuplicateVersionsAreRejected) {
  auto conn = side_connection();
  std::vector<Migration> all = {{5, "005_a.sql", "SELECT 1"}, {5, "005_b.sql", "SELECT 1"}};
  auto applied = apply_migrations(*conn, all, kT0);
  ASSERT_FALSE(applied.ok());
  EXPECT_EQ(applied.error().code, ErrorCode::InvalidArgument);
}

}  // namespace
}  // namespace hotline::store::testing
