// Today's queue figures after a restart: the rows of the store's queue log since the router's day
// began, asked of the store with that time and the tenant, counted into the router; rows with an
// outcome the ACD does not know are skipped.
#include "acd/runtime/today_from_log.hpp"

#include <gtest/gtest.h>

#include "acd_test_support.hpp"

namespace hotline::acd::testing {
namespace {

// Thread: the test.
class FakeQueueLog final : public store::AcdLogRepo {
 public:
  void add_state_change_async(const store::AgentStateChange&) override {}
  void add_queue_entry_async(const store::QueueLogEntry& e) override { rows.push_back(e); }
  std::vector<store::AgentStateChange> state_changes(store::TenantId, std::int64_t) override { return {}; }
  std::vector<store::QueueLogEntry> queue_entries(store::TenantId, const std::string&) override { return {}; }
  std::vector<store::QueueLogEntry> queue_exits_since(store::TenantId tenant, UnixMs since) override {
    asked_tenant = tenant;
    asked_since = since;
    std::vector<store::QueueLogEntry> out;
    for (const auto& row : rows) {
      if (row.tenant_id == tenant && row.left_at >= since) out.push_back(row);
    }
    return out;
  }

  std::vector<store::QueueLogEntry> rows;
  store::TenantId asked_tenant = 0;
  UnixMs asked_since = 0;
};

TEST(AcdTodayFromLog, CountsTheTenantsExitsOfTodayIntoTheRouter) {
  ManualClock clock;
  RecordingSink sink;
  QueueRouter router(clock, sink, sink, 480);
  QueueConfig queue;
  queue.id = 1;
  queue.tenant = kTenant;
  queue.skill = kSkill;
  ASSERT_OK(router.add_queue(queue));

  const UnixMs t = router.day_started_at() + 3'600'000;
  FakeQueueLog log;
  log.add_queue_entry_async({kTenant, "c1", 1, t, t + 5'000, 5'000, "answered", 7});
  log.add_queue_entry_async({kTenant, "c2", 1, t, t + 30'000, 30'000, "answered", 7});
  log.add_queue_entry_async({kTenant, "c3", 1, t, t + 45'000, 45'000, "abandoned", {}});
  log.add_queue_entry_async({kTenant, "c4", 1, t, t + 2'000, 2'000, "abandoned", {}});
  log.add_queue_entry_async({kTenant, "c5", 1, t, t + 1'000, 1'000, "transferred", {}});  // unknown
  log.add_queue_entry_async({kTenant, "old", 1, t - kDayMs, t - kDayMs, 0, "abandoned", {}});
  ASSERT_OK(restore_today_from_log(router, log, kTenant));

  EXPECT_EQ(log.asked_tenant, kTenant);
  EXPECT_EQ(log.asked_since, router.day_started_at());
  const QueueSnapshot s = *router.queue_snapshot(1);
  EXPECT_EQ(s.today.offered, 4);
  EXPECT_EQ(s.today.answered, 2);
  EXPECT_EQ(s.today.answered_within_sl, 1);
  EXPECT_EQ(s.today.abandoned, 2);
  EXPECT_EQ(s.today.abandoned_within_sl, 1);
  EXPECT_DOUBLE_EQ(*s.service_level_today, 1.0 / 3.0);
}

// 2024-10-02T00:00:00+08:00 = 2024-10-01T16:00:00Z.
constexpr UnixMs kMidnight = 1'727'798'400'000;

TEST(AcdTodayFromLog, ARestartJustAfterMidnightCountsOnlyTheNewDayAndStartsAgainAtTheNext) {
  ManualClock clock{kMidnight + 30'000};  // the server starts again at 00:00:30
  RecordingSink sink;
  QueueRouter router(clock, sink, sink, 480);
  QueueConfig queue;
  queue.id = 1;
  queue.tenant = kTenant;
  queue.skill = kSkill;
  queue.service_level_ms = 20'000;
  ASSERT_OK(router.add_queue(queue));
  ASSERT_EQ(router.day_started_at(), kMidnight);

  FakeQueueLog log;
  log.add_queue_entry_async(
      {kTenant, "yesterday", 1, kMidnight - 60'000, kMidnight - 1, 59'999, "answered", 7});
  // Entered yesterday, answered today: an exit of today, offered yesterday.
  log.add_queue_entry_async(
      {kTenant, "across", 1, kMidnight - 10'000, kMidnight + 5'000, 15'000, "answered", 7});
  log.add_queue_entry_async(
      {kTenant, "today", 1, kMidnight + 1'000, kMidnight + 26'000, 25'000, "abandoned", {}});
  ASSERT_OK(restore_today_from_log(router, log, kTenant));

  EXPECT_EQ(log.asked_since, kMidnight) << "the local midnight at +08:00, not the UTC one";
  DailyQueueCounts today = router.queue_snapshot(1)->today;
  EXPECT_EQ(today.offered, 1);
  EXPECT_EQ(today.answered, 1);
  EXPECT_EQ(today.answered_within_sl, 1);
  EXPECT_EQ(today.abandoned, 1);
  EXPECT_EQ(today.abandoned_within_sl, 0);
  EXPECT_DOUBLE_EQ(*router.queue_snapshot(1)->service_level_today, 0.5);  // 1 / (1 + 1 abandoned after 20 s)

  // The restored figures are today's: at the next midnight they start again like the live ones.
  clock.advance_ms(kDayMs - 30'000);  // 00:00:00 the day after
  ASSERT_OK(router.advance(clock.now_ms()));
  EXPECT_EQ(router.day_started_at(), kMidnight + kDayMs);
  today = router.queue_snapshot(1)->today;
  EXPECT_EQ(today.offered + today.answered + today.abandoned, 0);
  EXPECT_FALSE(router.queue_snapshot(1)->service_level_today);
}

}  // namespace
}  // namespace hotline::acd::testing
