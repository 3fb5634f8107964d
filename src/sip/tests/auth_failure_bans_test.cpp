#include "sip/auth_failure_bans.hpp"

#include <gtest/gtest.h>

namespace hotline::sip {
namespace {

constexpr UnixMs kStart = 1'700'000'000'000;

AuthBanOptions three_in_ten_seconds(std::int64_t ban_ms = 60'000) { return {3, 10'000, ban_ms}; }

TEST(AuthFailureBans, TheNthFailureWithinTheWindowBansTheAddress) {
  AuthFailureBans bans(three_in_ten_seconds());
  EXPECT_FALSE(bans.record_failure("192.0.2.7", kStart));
  EXPECT_FALSE(bans.record_failure("192.0.2.7", kStart + 1'000));
  EXPECT_FALSE(bans.banned("192.0.2.7", kStart + 1'000));
  EXPECT_TRUE(bans.record_failure("192.0.2.7", kStart + 2'000));
  EXPECT_TRUE(bans.banned("192.0.2.7", kStart + 2'000));
  auto listed = bans.bans(kStart + 2'000);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].address, "192.0.2.7");
  EXPECT_EQ(listed[0].failures, 3);
  EXPECT_EQ(listed[0].banned_until, kStart + 62'000);
}

TEST(AuthFailureBans, FailuresThatLeftTheWindowNoLongerCount) {
  AuthFailureBans bans(three_in_ten_seconds());
  bans.record_failure("192.0.2.7", kStart);
  bans.record_failure("192.0.2.7", kStart + 5'000);
  // The first failure is 10 s old: two in the window, not three.
  EXPECT_FALSE(bans.record_failure("192.0.2.7", kStart + 10'000));
  EXPECT_FALSE(bans.banned("192.0.2.7", kStart + 10'000));
  EXPECT_TRUE(bans.record_failure("192.0.2.7", kStart + 11'000));
}

TEST(AuthFailureBans, ABanRunsOutAndTheAddressStartsAfresh) {
  AuthFailureBans bans(three_in_ten_seconds(30'000));
  for (int i = 0; i < 3; ++i) bans.record_failure("2001:db8::1", kStart + i);
  EXPECT_TRUE(bans.banned("2001:db8::1", kStart + 30'001));
  EXPECT_FALSE(bans.banned("2001:db8::1", kStart + 30'002));
  EXPECT_TRUE(bans.bans(kStart + 30'002).empty());
  EXPECT_EQ(bans.prune(kStart + 30'002), std::vector<std::string>{"2001:db8::1"});
  EXPECT_EQ(bans.tracked_sources(), 0u);
  EXPECT_FALSE(bans.record_failure("2001:db8::1", kStart + 31'000));
  EXPECT_FALSE(bans.banned("2001:db8::1", kStart + 31'000));
}

TEST(AuthFailureBans, AddressesAreCountedAndBannedIndependently) {
  AuthFailureBans bans(three_in_ten_seconds());
  for (int i = 0; i < 3; ++i) bans.record_failure("127.0.0.2", kStart + i);
  bans.record_failure("127.0.0.1", kStart + 3);
  bans.record_failure("127.0.0.1", kStart + 4);
  EXPECT_TRUE(bans.banned("127.0.0.2", kStart + 5));
  EXPECT_FALSE(bans.banned("127.0.0.1", kStart + 5));
  EXPECT_FALSE(bans.banned("127.0.0.3", kStart + 5));
  EXPECT_TRUE(bans.record_failure("127.0.0.1", kStart + 6));
  EXPECT_EQ(bans.bans(kStart + 6).size(), 2u);
}

TEST(AuthFailureBans, LiftingEndsTheBanEarly) {
  AuthFailureBans bans(three_in_ten_seconds());
  for (int i = 0; i < 3; ++i) bans.record_failure("192.0.2.7", kStart + i);
  EXPECT_FALSE(bans.lift("192.0.2.8", kStart + 10));
  EXPECT_TRUE(bans.lift("192.0.2.7", kStart + 10));
  EXPECT_FALSE(bans.banned("192.0.2.7", kStart + 10));
  EXPECT_FALSE(bans.lift("192.0.2.7", kStart + 10));
  EXPECT_FALSE(bans.record_failure("192.0.2.7", kStart + 11));  // its old failures are forgotten too
}

TEST(AuthFailureBans, NoAddressCountsAsBannedOnceTheLastBanIsLifted) {
  AuthFailureBans bans(three_in_ten_seconds());
  EXPECT_FALSE(bans.any_banned(kStart));
  for (int i = 0; i < 3; ++i) bans.record_failure("192.0.2.7", kStart + i);
  for (int i = 0; i < 3; ++i) bans.record_failure("192.0.2.8", kStart + i);
  EXPECT_TRUE(bans.any_banned(kStart + 10));
  EXPECT_TRUE(bans.lift("192.0.2.7", kStart + 10));
  EXPECT_TRUE(bans.any_banned(kStart + 10));  // 192.0.2.8 still is
  EXPECT_TRUE(bans.lift("192.0.2.8", kStart + 10));
  EXPECT_FALSE(bans.any_banned(kStart + 10));
}

TEST(AuthFailureBans, ABanDurationOfZeroDisablesBanning) {
  AuthFailureBans bans(three_in_ten_seconds(0));
  EXPECT_FALSE(bans.enabled());
  for (int i = 0; i < 10; ++i) EXPECT_FALSE(bans.record_failure("192.0.2.7", kStart + i));
  EXPECT_FALSE(bans.banned("192.0.2.7", kStart + 10));
  EXPECT_EQ(bans.tracked_sources(), 0u);
}

TEST(AuthFailureBans, PruneForgetsQuietAddressesButKeepsRecentFailures) {
  AuthFailureBans bans(three_in_ten_seconds());
  bans.record_failure("192.0.2.1", kStart);
  bans.record_failure("192.0.2.2", kStart + 8'000);
  EXPECT_TRUE(bans.prune(kStart + 10'000).empty());
  EXPECT_EQ(bans.tracked_sources(), 1u);
  bans.record_failure("192.0.2.2", kStart + 11'000);
  EXPECT_TRUE(bans.record_failure("192.0.2.2", kStart + 12'000));  // the kept failure still counts
}

}  // namespace
}  // namespace hotline::sip
