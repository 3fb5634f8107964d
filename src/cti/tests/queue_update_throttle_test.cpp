#include "cti/queue_update_throttle.hpp"

#include <gtest/gtest.h>

namespace hotline::cti {
namespace {

constexpr UnixMs kThrottleT0 = 1'700'000'000'000;

TEST(QueueUpdateThrottle, AFirstChangeIsDueAtOnce) {
  QueueUpdateThrottle throttle(1000);
  EXPECT_FALSE(throttle.next_due());
  throttle.changed(7);
  ASSERT_TRUE(throttle.next_due());
  EXPECT_LE(*throttle.next_due(), kThrottleT0);
  EXPECT_EQ(throttle.take_due(kThrottleT0), std::vector<std::int64_t>{7});
  EXPECT_FALSE(throttle.next_due());
}

TEST(QueueUpdateThrottle, ABurstWithinTheIntervalIsOneUpdateAtItsEnd) {
  QueueUpdateThrottle throttle(1000);
  throttle.changed(7);
  ASSERT_EQ(throttle.take_due(kThrottleT0).size(), 1u);
  for (int i = 0; i < 50; ++i) throttle.changed(7);  // 50 changes in the next second
  EXPECT_EQ(throttle.next_due(), kThrottleT0 + 1000);
  EXPECT_TRUE(throttle.take_due(kThrottleT0 + 999).empty());
  EXPECT_EQ(throttle.take_due(kThrottleT0 + 1000), std::vector<std::int64_t>{7});
  EXPECT_FALSE(throttle.next_due()) << "the burst was sent once";
}

TEST(QueueUpdateThrottle, QueuesAreThrottledEachOnItsOwn) {
  QueueUpdateThrottle throttle(1000);
  throttle.changed(1);
  ASSERT_EQ(throttle.take_due(kThrottleT0), std::vector<std::int64_t>{1});
  throttle.changed(1);
  throttle.changed(2);  // never sent: due now
  EXPECT_EQ(throttle.take_due(kThrottleT0 + 10), std::vector<std::int64_t>{2});
  EXPECT_EQ(throttle.next_due(), kThrottleT0 + 1000);
  EXPECT_EQ(throttle.take_due(kThrottleT0 + 1000), std::vector<std::int64_t>{1});
}

TEST(QueueUpdateThrottle, AQuietQueueIsSentAtOnceAgain) {
  QueueUpdateThrottle throttle(1000);
  throttle.changed(3);
  ASSERT_EQ(throttle.take_due(kThrottleT0).size(), 1u);
  throttle.changed(3);
  EXPECT_EQ(throttle.take_due(kThrottleT0 + 5000), std::vector<std::int64_t>{3});
}

TEST(QueueUpdateThrottle, AForgottenQueueIsNotSent) {
  QueueUpdateThrottle throttle(1000);
  throttle.changed(3);
  throttle.forget(3);
  EXPECT_FALSE(throttle.next_due());
  EXPECT_TRUE(throttle.take_due(kThrottleT0).empty());
}

}  // namespace
}  // namespace hotline::cti
