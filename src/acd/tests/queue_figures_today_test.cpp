// Each queue's figures of the day (SUP-2): calls offered, answered within and after the
// service-level threshold, abandoned while waiting and while ringing, overflowed and timed out; the
// service level they give; the new day at the local midnight in simulated time; and the figures
// restored from the queue log after a restart.
#include "acd_test_support.hpp"

namespace hotline::acd::testing {
namespace {

constexpr std::int64_t kSecond = 1000;

QueueConfig plain_queue(QueueId id) {
  QueueConfig c;
  c.id = id;
  c.tenant = kTenant;
  c.skill = kSkill;
  c.max_misses = 0;
  return c;
}

class AcdFiguresToday : public AcdTest {
 protected:
  // Threshold 20 s (the default).
  static QueueConfig sl_queue(QueueId id) {
    QueueConfig c = queue_config(id);
    c.service_level_ms = 20 * kSecond;
    return c;
  }
  DailyQueueCounts today(QueueId queue) const { return router.queue_snapshot(queue)->today; }
  std::optional<double> service_level(QueueId queue) const {
    return router.queue_snapshot(queue)->service_level_today;
  }
  // Agent 1 answers `call` after it waited `wait_ms`, and hangs up at once.
  void answer_after(CallId call, std::int64_t wait_ms) {
    enqueue(call, 1);
    tick(wait_ms);
    ASSERT_OK(router.offer_answered(call, 1));
    ASSERT_OK(router.call_ended(1));
  }
};

TEST(AcdDailyQueueCounts, ServiceLevelCountsAnsweredWithinOverEveryOutcomeButShortAbandons) {
  DailyQueueCounts c;
  EXPECT_FALSE(c.service_level()) << "no call has an outcome yet";
  c.count_exit(QueueOutcome::Answered, 20'000, 20'000);  // the threshold itself is within
  c.count_exit(QueueOutcome::Answered, 20'001, 20'000);
  c.count_exit(QueueOutcome::Abandoned, 5'000, 20'000);   // a short abandon: not counted against
  c.count_exit(QueueOutcome::Abandoned, 40'000, 20'000);  // counted against
  c.count_exit(QueueOutcome::Overflowed, 0, 20'000);
  c.count_exit(QueueOutcome::TimedOut, 300'000, 20'000);
  c.count_exit(QueueOutcome::Left, 1'000, 20'000);  // taken out by the pbx: in nothing
  EXPECT_EQ(c.answered, 2);
  EXPECT_EQ(c.answered_within_sl, 1);
  EXPECT_EQ(c.abandoned, 2);
  EXPECT_EQ(c.abandoned_within_sl, 1);
  EXPECT_EQ(c.overflowed, 2);
  EXPECT_EQ(c.offered, 0) << "entries are counted apart";
  // 1 / (2 answered + 1 abandoned after 20 s + 2 overflowed or timed out)
  EXPECT_DOUBLE_EQ(*c.service_level(), 0.2);
}

TEST_F(AcdFiguresToday, AnsweredWithinAndAfterTheThreshold) {
  add_queue(sl_queue(1));
  login_ready(1, {1});
  answer_after(1, 5 * kSecond);
  answer_after(2, 20 * kSecond);
  answer_after(3, 25 * kSecond);
  const DailyQueueCounts c = today(1);
  EXPECT_EQ(c.offered, 3);
  EXPECT_EQ(c.answered, 3);
  EXPECT_EQ(c.answered_within_sl, 2);
  EXPECT_EQ(c.abandoned, 0);
  EXPECT_DOUBLE_EQ(*service_level(1), 2.0 / 3.0);
  EXPECT_EQ(router.queue_snapshot(1)->service_level_ms, 20 * kSecond);

  // A call still waiting is offered but has no outcome yet: the service level does not change.
  enqueue(4, 1);
  tick(60 * kSecond);
  EXPECT_EQ(today(1).offered, 4);
  EXPECT_DOUBLE_EQ(*service_level(1), 2.0 / 3.0);
  expect_logs_consistent();
}

TEST_F(AcdFiguresToday, TheWaitRunsUntilTheAnswerRingingIncluded) {
  add_queue(sl_queue(1));
  login_ready(1, {1});
  enqueue(1, 1);  // rings agent 1 at once, answered 25 s later
  ASSERT_EQ(single_offer(1), 1);
  tick(25 * kSecond);
  ASSERT_OK(router.offer_answered(1, 1));
  EXPECT_EQ(today(1).answered_within_sl, 0);
  EXPECT_DOUBLE_EQ(*service_level(1), 0.0);
}

TEST_F(AcdFiguresToday, AbandonedWhileWaitingAndWhileRinging) {
  add_queue(sl_queue(1));
  login(1, {1});  // not ready: calls wait
  enqueue(1, 1);
  tick(5 * kSecond);
  ASSERT_OK(router.abandon(1));  // waiting, within the threshold
  enqueue(2, 1);
  tick(30 * kSecond);
  ASSERT_OK(router.abandon(2));  // waiting, after it
  ASSERT_OK(router.set_ready(1));
  enqueue(3, 1);  // rings agent 1
  ASSERT_EQ(single_offer(3), 1);
  tick(8 * kSecond);
  ASSERT_OK(router.abandon(3));  // ringing, within
  EXPECT_EQ(state_of(1), AgentState::Ready);
  enqueue(4, 1);
  ASSERT_EQ(single_offer(4), 1);
  tick(21 * kSecond);
  ASSERT_OK(router.abandon(4));  // ringing, after

  const DailyQueueCounts c = today(1);
  EXPECT_EQ(c.offered, 4);
  EXPECT_EQ(c.abandoned, 4);
  EXPECT_EQ(c.abandoned_within_sl, 2);
  EXPECT_EQ(c.answered, 0);
  EXPECT_DOUBLE_EQ(*service_level(1), 0.0) << "two abandons after the threshold, none answered";

  answer_after(5, 1 * kSecond);
  // 1 answered within / (1 answered + 2 abandoned after the threshold)
  EXPECT_DOUBLE_EQ(*service_level(1), 1.0 / 3.0);
  expect_logs_consistent();
}

TEST_F(AcdFiguresToday, ShortAbandonsAloneGiveNoServiceLevel) {
  add_queue(sl_queue(1));
  enqueue(1, 1);
  tick(3 * kSecond);
  ASSERT_OK(router.abandon(1));
  EXPECT_EQ(today(1).abandoned, 1);
  EXPECT_FALSE(service_level(1));
}

TEST_F(AcdFiguresToday, OverflowedAndTimedOutCallsCountAgainstTheQueueTheyLeft) {
  QueueConfig first = sl_queue(1);
  first.max_wait_ms = 30 * kSecond;
  first.overflow = OverflowTarget{OverflowKind::Queue, 2, ""};
  add_queue(first);
  QueueConfig second = sl_queue(2);
  second.max_length = 1;
  second.overflow = OverflowTarget{OverflowKind::Voicemail, 0, "100"};
  add_queue(second);
  login(2, {2});

  enqueue(1, 1);
  tick(30 * kSecond);  // overflows to queue 2 and waits there
  EXPECT_EQ(today(1).offered, 1);
  EXPECT_EQ(today(1).overflowed, 1);
  EXPECT_DOUBLE_EQ(*service_level(1), 0.0);
  EXPECT_EQ(today(2).offered, 1);

  enqueue(2, 2);  // queue 2 is full: passes it to voicemail at once
  EXPECT_EQ(today(2).offered, 2);
  EXPECT_EQ(today(2).overflowed, 1);

  ASSERT_OK(router.set_ready(2));  // takes call 1, 5 s after it entered queue 2
  ASSERT_EQ(single_offer(1), 2);
  tick(5 * kSecond);
  ASSERT_OK(router.offer_answered(1, 2));
  EXPECT_EQ(today(2).answered_within_sl, 1) << "the wait counts from the entry into this queue";
  EXPECT_DOUBLE_EQ(*service_level(2), 0.5);

  QueueConfig closing = sl_queue(3);
  closing.max_wait_ms = 10 * kSecond;  // and no overflow: times out
  add_queue(closing);
  enqueue(3, 3);
  tick(10 * kSecond);
  EXPECT_EQ(today(3).overflowed, 1);
  EXPECT_EQ(today(3).answered + today(3).abandoned, 0);
  expect_logs_consistent();
}

TEST_F(AcdFiguresToday, ANegativeThresholdIsRefusedByName) {
  QueueConfig bad = sl_queue(1);
  bad.service_level_ms = -1;
  auto refused = router.add_queue(bad);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().field, "service_level_ms");
}

// 2024-10-01T23:59:00+08:00 = 2024-10-01T15:59:00Z; midnight in China is 60 s later.
constexpr UnixMs kBeforeMidnight = 1'727'798'340'000;
constexpr UnixMs kMidnight = kBeforeMidnight + 60 * kSecond;

class AcdFiguresMidnight : public ::testing::Test {
 protected:
  void tick(std::int64_t ms) {
    clock.advance_ms(ms);
    ASSERT_OK(router.advance(clock.now_ms()));
  }
  DailyQueueCounts today(QueueId queue) const { return router.queue_snapshot(queue)->today; }

  ManualClock clock{kBeforeMidnight};
  RecordingSink sink;
  QueueRouter router{clock, sink, sink, 480};
};

TEST_F(AcdFiguresMidnight, TheDayStartsAgainAtTheLocalMidnight) {
  EXPECT_EQ(router.day_ends_at(), kMidnight);
  EXPECT_EQ(router.day_started_at(), kMidnight - kDayMs);
  QueueConfig q = plain_queue(1);
  q.max_wait_ms = 50 * kSecond;
  ASSERT_OK(router.add_queue(q));
  ASSERT_OK(router.login({1, kTenant, {{kSkill, 5}}, {1}, WorkMode::Normal}));
  ASSERT_OK(router.set_ready(1));
  ASSERT_OK(router.enqueue({1, 1, 0, 0, std::nullopt, 0}));  // 23:59:00, answered at 23:59:10
  tick(10 * kSecond);
  ASSERT_OK(router.offer_answered(1, 1));
  ASSERT_OK(router.enqueue({2, 1, 0, 0, std::nullopt, 0}));  // 23:59:10, waits (agent 1 talks)
  tick(5 * kSecond);
  ASSERT_OK(router.enqueue({3, 1, 0, 0, std::nullopt, 0}));  // 23:59:15, times out at 00:00:05
  EXPECT_EQ(today(1).offered, 3);
  EXPECT_EQ(today(1).answered, 1);

  // Nothing happens at midnight, but a snapshot read after it shows the new day.
  clock.advance_ms(46 * kSecond);  // 00:00:01
  EXPECT_EQ(today(1).offered, 0);
  EXPECT_EQ(today(1).answered, 0);
  EXPECT_FALSE(router.queue_snapshot(1)->service_level_today);

  // Processed late, call 2's time-out (23:59:10 + 50 s = 00:00:00) and call 3's (00:00:05) count in
  // the day they happened: both in the new one. No call entered today.
  tick(60 * kSecond);
  EXPECT_EQ(router.day_started_at(), kMidnight);
  EXPECT_EQ(router.day_ends_at(), kMidnight + kDayMs);
  EXPECT_EQ(today(1).offered, 0);
  EXPECT_EQ(today(1).overflowed, 2);
}

TEST_F(AcdFiguresMidnight, TheNewDayBeginsAtMidnightToTheMillisecond) {
  ASSERT_OK(router.add_queue(plain_queue(1)));
  ASSERT_OK(router.enqueue({1, 1, 0, 0, std::nullopt, 0}));  // 23:59:00, hangs up at once
  ASSERT_OK(router.abandon(1));
  tick(60 * kSecond - 1);  // 23:59:59.999
  EXPECT_EQ(router.day_started_at(), kMidnight - kDayMs);
  EXPECT_EQ(today(1).offered, 1);
  EXPECT_EQ(today(1).abandoned, 1);
  tick(1);  // 00:00:00.000
  EXPECT_EQ(router.day_started_at(), kMidnight);
  EXPECT_EQ(today(1).offered, 0);
  EXPECT_EQ(today(1).abandoned, 0);
}

TEST_F(AcdFiguresMidnight, ADeadlineBeforeMidnightProcessedAfterItCountsInTheOldDay) {
  QueueConfig q = plain_queue(1);
  q.max_wait_ms = 30 * kSecond;
  ASSERT_OK(router.add_queue(q));
  ASSERT_OK(router.enqueue({1, 1, 0, 0, std::nullopt, 0}));  // times out at 23:59:30
  clock.advance_ms(5 * 60 * kSecond);
  ASSERT_OK(router.advance(clock.now_ms()));  // 00:04:00
  EXPECT_EQ(sink.exits.size(), 1u);
  EXPECT_EQ(today(1).overflowed, 0) << "it timed out yesterday";
  ASSERT_OK(router.enqueue({2, 1, 0, 0, std::nullopt, 0}));
  EXPECT_EQ(today(1).offered, 1);
}

TEST_F(AcdFiguresMidnight, ACallAcrossMidnightIsOfferedYesterdayAndAnsweredToday) {
  ASSERT_OK(router.add_queue(plain_queue(1)));
  ASSERT_OK(router.login({1, kTenant, {{kSkill, 5}}, {1}, WorkMode::Normal}));
  ASSERT_OK(router.set_ready(1));
  tick(50 * kSecond);
  ASSERT_OK(router.enqueue({1, 1, 0, 0, std::nullopt, 0}));  // 23:59:50
  tick(15 * kSecond);                                        // 00:00:05
  ASSERT_OK(router.offer_answered(1, 1));
  EXPECT_EQ(today(1).offered, 0);
  EXPECT_EQ(today(1).answered, 1);
  EXPECT_EQ(today(1).answered_within_sl, 1);
}

TEST_F(AcdFiguresToday, TodaysFiguresAreRestoredFromTheQueueLog) {
  // A first run: answered within and after, abandoned within and after, a pass-through overflow.
  QueueConfig second = sl_queue(2);
  second.max_length = 1;
  second.overflow = OverflowTarget{OverflowKind::Voicemail, 0, "100"};
  add_queue(sl_queue(1));
  add_queue(second);
  login_ready(1, {1});
  answer_after(1, 4 * kSecond);
  answer_after(2, 40 * kSecond);
  ASSERT_OK(router.logout(1));
  enqueue(3, 1);
  tick(2 * kSecond);
  ASSERT_OK(router.abandon(3));
  enqueue(4, 1);
  tick(21 * kSecond);
  ASSERT_OK(router.abandon(4));
  enqueue(5, 2);
  enqueue(6, 2);  // passes the full queue
  ASSERT_OK(router.abandon(5));
  tick(1000);

  // The restart: a new router with the same queues, fed the exits the log holds, and exits it must
  // skip (before the day began, of a queue it does not know, of another tenant).
  ManualClock later(clock.now_ms() + 60 * kSecond);
  RecordingSink quiet;
  QueueRouter restarted(later, quiet, quiet);
  ASSERT_OK(restarted.add_queue(sl_queue(1)));
  ASSERT_OK(restarted.add_queue(second));
  std::vector<QueueExit> log = sink.exits;
  const UnixMs yesterday = restarted.day_started_at() - 1000;
  log.push_back({0, 1, kTenant, yesterday - 5000, yesterday, 5000, QueueOutcome::Answered, AgentId{1}});
  log.push_back({0, 9, kTenant, clock.now_ms(), clock.now_ms(), 0, QueueOutcome::Abandoned, std::nullopt});
  log.push_back(
      {0, 1, kTenant + 1, clock.now_ms(), clock.now_ms(), 0, QueueOutcome::Abandoned, std::nullopt});
  ASSERT_OK(restarted.restore_today(log));

  for (QueueId queue : {QueueId{1}, QueueId{2}}) {
    const QueueSnapshot before = *router.queue_snapshot(queue);
    const QueueSnapshot after = *restarted.queue_snapshot(queue);
    EXPECT_EQ(after.today.offered, before.today.offered) << "queue " << queue;
    EXPECT_EQ(after.today.answered, before.today.answered) << "queue " << queue;
    EXPECT_EQ(after.today.answered_within_sl, before.today.answered_within_sl) << "queue " << queue;
    EXPECT_EQ(after.today.abandoned, before.today.abandoned) << "queue " << queue;
    EXPECT_EQ(after.today.abandoned_within_sl, before.today.abandoned_within_sl) << "queue " << queue;
    EXPECT_EQ(after.today.overflowed, before.today.overflowed) << "queue " << queue;
    EXPECT_EQ(after.service_level_today, before.service_level_today) << "queue " << queue;
  }
  EXPECT_EQ(restarted.queue_snapshot(1)->today.offered, 4);
  EXPECT_EQ(restarted.queue_snapshot(1)->today.answered, 2);
  EXPECT_EQ(restarted.queue_snapshot(1)->today.abandoned, 2);
  EXPECT_DOUBLE_EQ(*restarted.queue_snapshot(1)->service_level_today, 1.0 / 3.0);
  EXPECT_EQ(restarted.queue_snapshot(2)->today.overflowed, 1);
}

}  // namespace
}  // namespace hotline::acd::testing
