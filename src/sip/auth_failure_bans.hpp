// AuthFailureBans: counts failed digest authentications (a wrong password, an unknown user) per
// source IP address in a sliding window and bans an address that fails too often, so that a
// password scanner gets a few guesses and then nothing for a while. Pure bookkeeping over the
// times it is given; what a ban means for a request is the caller's business (pbx::SourceGuard).
//
// Sources are kept in one vector sorted by address (a flat map): a lookup is a binary search and
// allocates nothing, which matters because every REGISTER and INVITE asks while a ban exists.
// An address costs memory only once it has failed, and is forgotten when its failures have left
// the window and its ban has run out (prune).
//
// Thread: core loop only.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.hpp"

namespace hotline::sip {

struct AuthBanOptions {
  int max_failures = 10;  // failures within the window that ban the address
  std::int64_t window_ms = 60'000;
  std::int64_t ban_ms = 300'000;  // 0: never ban (failures are not even counted)
};

struct SourceBan {
  std::string address;
  int failures = 0;  // the failures in the window that led to the ban
  UnixMs banned_until = 0;
};

class AuthFailureBans {
 public:
  explicit AuthFailureBans(AuthBanOptions options);

  bool enabled() const { return options_.ban_ms > 0 && options_.max_failures > 0; }
  // Whether any address may be banned at `now`: lets the hot path skip looking at the source.
  bool any_banned(UnixMs now) const { return latest_ban_end_ > now; }
  bool banned(std::string_view address, UnixMs now) const;
  // Counts a failure from `address`; true when it is the one that bans the address.
  bool record_failure(std::string_view address, UnixMs now);
  // Ends the address's ban early and forgets its failures; false when it was not banned.
  bool lift(std::string_view address, UnixMs now);
  // The addresses banned at `now`, by address.
  std::vector<SourceBan> bans(UnixMs now) const;
  // Forgets addresses with no failure in the window and no ban left; returns those whose ban ran
  // out since the last prune (to log).
  std::vector<std::string> prune(UnixMs now);
  std::size_t tracked_sources() const { return sources_.size(); }

 private:
  struct Source {
    std::string address;
    std::vector<UnixMs> failures;  // oldest first, at most max_failures, all within the window
    UnixMs banned_until = 0;
    int failures_at_ban = 0;
  };

  static bool by_address(const Source& source, std::string_view address);  // sort order
  std::vector<Source>::iterator find(std::string_view address);
  std::vector<Source>::const_iterator find(std::string_view address) const;
  void forget_old_failures(Source& source, UnixMs now) const;
  void recompute_latest_ban_end();

  AuthBanOptions options_;
  std::vector<Source> sources_;  // sorted by address
  UnixMs latest_ban_end_ = 0;
};

}  // namespace hotline::sip
