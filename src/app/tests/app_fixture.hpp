// A fresh SQLite store in a temporary directory for the app services under test.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>

#include "common/clock.hpp"
#include "store/store.hpp"

namespace hotline::app::testing {

inline constexpr UnixMs kT0 = 1'700'000'000'000;

// Thread: the test thread.
class AppTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "hotline-app-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    store::SqliteOptions options;
    options.path = dir_ / "hotline.db";
    options.heartbeat_interval_ms = 3'600'000;  // no writer-thread clock reads while a test advances it
    auto opened = store::open_sqlite(options, clock_);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    store_ = std::move(opened).value();
  }

  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  ManualClock clock_{kT0};
  std::filesystem::path dir_;
  std::unique_ptr<store::Store> store_;
};

}  // namespace hotline::app::testing
