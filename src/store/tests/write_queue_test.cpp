#include <gtest/gtest.h>

#include <thread>

#include "store/tests/store_fixture.hpp"

namespace hotline::store::testing {
namespace {

using WriteQueueTest = StoreTest;

TEST_F(WriteQueueTest, ConflictInOneJobDoesNotUndoItsBatch) {
  TenantId t = make_tenant("one");
  store_->calls().save_call_async({.id = "before",
                                   .tenant_id = t,
                                   .direction = "inbound",
                                   .caller = "1",
                                   .callee = "2",
                                   .started_at = kT0,
                                   .sip_call_id = "x"});
  EXPECT_EQ(store_->tenants().create({.name = "one", .sip_realm = "dup.test"}).error().code,
            ErrorCode::Conflict);
  store_->flush();
  EXPECT_TRUE(store_->calls().get(t, "before").ok());
  EXPECT_TRUE(store_->healthy()) << "a rejected value is not a storage failure";
}

// Another process holding the write lock makes every write fail after the busy timeout: a
// deterministic stand-in for a failing disk.
TEST_F(WriteQueueTest, HealthyIsFalseAfterAFailedWriteUntilOneSucceeds) {
  options_.busy_timeout_ms = 50;
  reopen();
  TenantId t = make_tenant("one");
  auto blocker = side_connection();
  ASSERT_TRUE(blocker->exec("BEGIN IMMEDIATE").ok());

  auto failed = store_->tenants().create({.name = "two", .sip_realm = "two.test"});
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, ErrorCode::Unavailable);
  EXPECT_FALSE(store_->healthy());
  store_->calls().save_call_async({.id = "lost",
                                   .tenant_id = t,
                                   .direction = "inbound",
                                   .caller = "1",
                                   .callee = "2",
                                   .started_at = kT0,
                                   .sip_call_id = "x"});
  store_->flush();
  EXPECT_FALSE(store_->healthy());

  ASSERT_TRUE(blocker->exec("ROLLBACK").ok());
  EXPECT_TRUE(store_->tenants().create({.name = "two", .sip_realm = "two.test"}).ok());
  EXPECT_TRUE(store_->healthy());
}

TEST_F(WriteQueueTest, WriterStampsTheHeartbeatPeriodically) {
  SystemClock system_clock;
  options_.heartbeat_interval_ms = 10;
  store_.reset();
  auto opened = open_sqlite(options_, system_clock);
  ASSERT_TRUE(opened.ok());
  auto first = scalar("SELECT beat_at FROM node_heartbeat WHERE node = 'local'");
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_GT(scalar("SELECT beat_at FROM node_heartbeat WHERE node = 'local'"), first);
  (*opened)->close();
}

TEST_F(WriteQueueTest, WritesAfterCloseFailCleanly) {
  store_->close();
  auto created = store_->tenants().create({.name = "late", .sip_realm = "late.test"});
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.error().code, ErrorCode::Unavailable);
  store_->flush();  // returns at once
  store_->close();  // idempotent
}

TEST_F(WriteQueueTest, ConcurrentWritersAllLand) {
  TenantId t = make_tenant("one");
  std::vector<std::thread> threads;
  for (int w = 0; w < 4; ++w) {
    threads.emplace_back([&, w] {
      for (int i = 0; i < 250; ++i) {
        store_->calls().save_call_async({.id = std::to_string(w) + "-" + std::to_string(i),
                                         .tenant_id = t,
                                         .direction = "inbound",
                                         .caller = "1",
                                         .callee = "2",
                                         .started_at = kT0 + i,
                                         .sip_call_id = "x"});
      }
    });
  }
  for (auto& th : threads) th.join();
  store_->flush();
  EXPECT_EQ(store_->calls().count({.tenant_id = t}), 1000);
}

}  // namespace
}  // namespace hotline::store::testing
