// A store on a fresh database in its own temporary directory, removed afterwards.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>

#include "common/clock.hpp"
#include "store/sqlite_connection.hpp"
#include "store/store.hpp"

namespace hotline::store::testing {

inline constexpr UnixMs kT0 = 1'700'000'000'000;

// Thread: the test thread.
class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "hotline-store-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    options_.path = dir_ / "hotline.db";
    // The writer reads the ManualClock; no periodic beat may race with a test advancing it.
    options_.heartbeat_interval_ms = 3'600'000;
    open();
  }

  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  void open() {
    auto opened = open_sqlite(options_, clock_);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    store_ = std::move(opened).value();
  }

  void reopen() {
    store_.reset();
    open();
  }

  // A second connection to the same file, as another process would have.
  std::unique_ptr<SqliteConnection> side_connection() {
    auto conn = SqliteConnection::open(options_.path, SqliteConnection::Mode::ReadWrite, 1000);
    EXPECT_TRUE(conn.ok());
    return std::move(conn).value();
  }

  std::int64_t scalar(const std::string& sql) {
    auto conn = side_connection();
    std::int64_t value = -1;
    auto status = conn->each_row(sql, [&](const Statement& row) { value = row.int64(0); });
    EXPECT_TRUE(status.ok()) << status.error().message;
    return value;
  }

  TenantId make_tenant(const std::string& name) {
    auto id = store_->tenants().create({.name = name, .sip_realm = name + ".test"});
    EXPECT_TRUE(id.ok()) << id.error().message;
    return id.ok() ? *id : 0;
  }

  ManualClock clock_{kT0};
  std::filesystem::path dir_;
  SqliteOptions options_;
  std::unique_ptr<Store> store_;
};

}  // namespace hotline::store::testing
