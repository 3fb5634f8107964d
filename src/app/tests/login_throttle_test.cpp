#include "app/login_throttle.hpp"

#include <gtest/gtest.h>

namespace hotline::app {
namespace {

constexpr UnixMs kT0 = 1'700'000'000'000;
using Reason = LoginBlock::Reason;

TEST(LoginThrottle, LocksAnAccountAfterConsecutiveFailuresUntilTheLockPasses) {
  LoginThrottle throttle({.max_failures = 3, .lock_ms = 1000});
  EXPECT_EQ(throttle.record_failure("alice", "10.0.0.1", kT0).reason, Reason::None);
  EXPECT_EQ(throttle.record_failure("alice", "10.0.0.2", kT0).reason, Reason::None);
  LoginBlock locked = throttle.record_failure("alice", "10.0.0.3", kT0 + 5);
  EXPECT_EQ(locked.reason, Reason::AccountLocked);
  EXPECT_EQ(locked.until, kT0 + 1005);
  EXPECT_EQ(throttle.check("alice", "10.9.9.9", kT0 + 1004).reason, Reason::AccountLocked);
  EXPECT_FALSE(throttle.check("bob", "10.9.9.9", kT0 + 1004).blocked());
  EXPECT_FALSE(throttle.check("alice", "10.9.9.9", kT0 + 1005).blocked());
  EXPECT_EQ(throttle.record_failure("alice", "10.0.0.1", kT0 + 2000).reason, Reason::None)
      << "the count starts again after a lock";
}

TEST(LoginThrottle, SuccessResetsTheCount) {
  LoginThrottle throttle({.max_failures = 2, .lock_ms = 1000});
  (void)throttle.record_failure("alice", "a", kT0);
  throttle.record_success("alice");
  EXPECT_EQ(throttle.record_failure("alice", "a", kT0).reason, Reason::None);
  EXPECT_EQ(throttle.record_failure("alice", "a", kT0).reason, Reason::AccountLocked);
}

TEST(LoginThrottle, AnAddressSprayingUsernamesIsRefusedUntilItsFailuresAgeOut) {
  LoginThrottle throttle(
      {.max_failures = 5, .lock_ms = 1000, .address_max_failures = 3, .address_window_ms = 600});
  (void)throttle.record_failure("u1", "10.0.0.1", kT0);
  (void)throttle.record_failure("u2", "10.0.0.1", kT0 + 100);
  LoginBlock third = throttle.record_failure("u3", "10.0.0.1", kT0 + 200);
  EXPECT_EQ(third.reason, Reason::AddressThrottled);
  EXPECT_EQ(third.until, kT0 + 600) << "until the oldest failure leaves the window";
  EXPECT_EQ(throttle.check("u4", "10.0.0.1", kT0 + 599).reason, Reason::AddressThrottled);
  EXPECT_FALSE(throttle.check("u4", "10.0.0.2", kT0 + 599).blocked()) << "other addresses are not slowed";
  EXPECT_FALSE(throttle.check("u4", "10.0.0.1", kT0 + 600).blocked());
}

}  // namespace
}  // namespace hotline::app
