// LoginThrottle: slows password guessing. Per account, `max_failures` wrong passwords in a row lock
// it for `lock_ms` (the right password is refused too while locked); a right password resets the
// count. Per source address, `address_max_failures` failures within `address_window_ms`, across
// any usernames, refuse that address until the oldest of them leaves the window, so spraying many
// usernames is slowed as well. Unknown usernames are counted and locked like real ones, so a lock
// does not tell which accounts exist. The state is in memory: a restart forgets it.
//
// Thread: any (one mutex; each call is a few map operations).
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>

#include "common/clock.hpp"

namespace hotline::app {

struct LoginThrottleOptions {
  int max_failures = 5;
  std::int64_t lock_ms = 15LL * 60 * 1000;
  int address_max_failures = 20;
  std::int64_t address_window_ms = 10LL * 60 * 1000;
};

// Why a login is refused before its password is checked, and until when.
struct LoginBlock {
  enum class Reason { None, AccountLocked, AddressThrottled };
  Reason reason = Reason::None;
  UnixMs until = 0;

  bool blocked() const { return reason != Reason::None; }
};

class LoginThrottle {
 public:
  explicit LoginThrottle(LoginThrottleOptions options) : options_(options) {}

  // Whether a login for `account` from `address` may be tried at `now`; the address first.
  LoginBlock check(const std::string& account, const std::string& address, UnixMs now);
  // A wrong password (or unknown username) for `account` from `address`; returns the block it
  // causes (AccountLocked when this failure locked the account).
  LoginBlock record_failure(const std::string& account, const std::string& address, UnixMs now);
  void record_success(const std::string& account);

  const LoginThrottleOptions& options() const { return options_; }

 private:
  struct AccountState {
    int consecutive_failures = 0;
    UnixMs locked_until = 0;
    UnixMs last_failure_at = 0;
  };

  void forget_stale(UnixMs now);  // mutex_ held

  LoginBlock address_block(const std::string& address, UnixMs now);  // mutex_ held

  LoginThrottleOptions options_;
  std::mutex mutex_;
  std::map<std::string, AccountState> accounts_;             // guarded by mutex_
  std::map<std::string, std::deque<UnixMs>> address_fails_;  // guarded by mutex_; oldest first
};

}  // namespace hotline::app
