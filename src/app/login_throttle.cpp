#include "app/login_throttle.hpp"

namespace hotline::app {
namespace {

// Above this many accounts (addresses) with failures, those whose failures can no longer lock
// (throttle) are dropped, so a flood of names or addresses cannot grow the maps without end.
constexpr std::size_t kMaxTracked = 10'000;

}  // namespace

void LoginThrottle::forget_stale(UnixMs now) {
  if (accounts_.size() >= kMaxTracked) {
    std::erase_if(accounts_, [&](const auto& entry) {
      const AccountState& state = entry.second;
      return state.locked_until <= now && state.last_failure_at + options_.lock_ms <= now;
    });
  }
  if (address_fails_.size() >= kMaxTracked) {
    std::erase_if(address_fails_, [&](const auto& entry) {
      return entry.second.empty() || entry.second.back() + options_.address_window_ms <= now;
    });
  }
}

LoginBlock LoginThrottle::address_block(const std::string& address, UnixMs now) {
  auto it = address_fails_.find(address);
  if (it == address_fails_.end()) return {};
  auto& failures = it->second;
  while (!failures.empty() && failures.front() + options_.address_window_ms <= now) failures.pop_front();
  if (failures.empty()) {
    address_fails_.erase(it);
    return {};
  }
  if (static_cast<int>(failures.size()) < options_.address_max_failures) return {};
  // Refused until enough of the failures have left the window to be under the limit again.
  auto oldest_that_counts = failures.end() - options_.address_max_failures;
  return {LoginBlock::Reason::AddressThrottled, *oldest_that_counts + options_.address_window_ms};
}

LoginBlock LoginThrottle::check(const std::string& account, const std::string& address, UnixMs now) {
  std::lock_guard lock(mutex_);
  if (LoginBlock block = address_block(address, now); block.blocked()) return block;
  auto it = accounts_.find(account);
  if (it != accounts_.end() && it->second.locked_until > now)
    return {LoginBlock::Reason::AccountLocked, it->second.locked_until};
  return {};
}

LoginBlock LoginThrottle::record_failure(const std::string& account, const std::string& address, UnixMs now) {
  std::lock_guard lock(mutex_);
  forget_stale(now);
  auto& failures = address_fails_[address];
  failures.push_back(now);
  // Bounded: only the newest failures that can still count are kept.
  while (static_cast<int>(failures.size()) > options_.address_max_failures) failures.pop_front();
  AccountState& state = accounts_[account];
  if (state.locked_until != 0 && state.locked_until <= now) state = {};  // the lock has passed
  state.last_failure_at = now;
  if (++state.consecutive_failures >= options_.max_failures) {
    state.consecutive_failures = 0;
    state.locked_until = now + options_.lock_ms;
    return {LoginBlock::Reason::AccountLocked, state.locked_until};
  }
  return address_block(address, now);
}

void LoginThrottle::record_success(const std::string& account) {
  std::lock_guard lock(mutex_);
  accounts_.erase(account);
}

}  // namespace hotline::app
