#include "sip/auth_failure_bans.hpp"

#include <algorithm>

namespace hotline::sip {

AuthFailureBans::AuthFailureBans(AuthBanOptions options) : options_(options) {}

bool AuthFailureBans::by_address(const Source& source, std::string_view address) {
  return source.address < address;
}

std::vector<AuthFailureBans::Source>::iterator AuthFailureBans::find(std::string_view address) {
  auto it = std::lower_bound(sources_.begin(), sources_.end(), address, by_address);
  return it != sources_.end() && it->address == address ? it : sources_.end();
}

std::vector<AuthFailureBans::Source>::const_iterator AuthFailureBans::find(std::string_view address) const {
  auto it = std::lower_bound(sources_.begin(), sources_.end(), address, by_address);
  return it != sources_.end() && it->address == address ? it : sources_.end();
}

bool AuthFailureBans::banned(std::string_view address, UnixMs now) const {
  if (!any_banned(now)) return false;
  auto it = find(address);
  return it != sources_.end() && it->banned_until > now;
}

void AuthFailureBans::forget_old_failures(Source& source, UnixMs now) const {
  auto first_recent = std::find_if(source.failures.begin(), source.failures.end(),
                                   [&](UnixMs at) { return at > now - options_.window_ms; });
  source.failures.erase(source.failures.begin(), first_recent);
}

bool AuthFailureBans::record_failure(std::string_view address, UnixMs now) {
  if (!enabled()) return false;
  auto it = std::lower_bound(sources_.begin(), sources_.end(), address, by_address);
  if (it == sources_.end() || it->address != address) {
    it = sources_.insert(it, Source{std::string(address), {}, 0, 0});
    // Enough for the usual threshold without regrowing; a huge --sip-ban-failures grows as needed
    // instead of reserving for every address that fails once.
    it->failures.reserve(static_cast<std::size_t>(std::min(options_.max_failures, 16)));
  }
  Source& source = *it;
  if (source.banned_until > now) return false;  // refused before authentication; nothing to add
  forget_old_failures(source, now);
  source.failures.push_back(now);
  if (static_cast<int>(source.failures.size()) < options_.max_failures) return false;
  source.failures_at_ban = static_cast<int>(source.failures.size());
  source.failures.clear();  // after the ban the address starts afresh
  source.banned_until = now + options_.ban_ms;
  latest_ban_end_ = std::max(latest_ban_end_, source.banned_until);
  return true;
}

bool AuthFailureBans::lift(std::string_view address, UnixMs now) {
  auto it = find(address);
  if (it == sources_.end() || it->banned_until <= now) return false;
  sources_.erase(it);
  recompute_latest_ban_end();
  return true;
}

// Keeps any_banned() exact once bans are lifted or have ended, so that requests stop paying for
// the source lookup as soon as no ban is left.
void AuthFailureBans::recompute_latest_ban_end() {
  latest_ban_end_ = 0;
  for (const auto& source : sources_) latest_ban_end_ = std::max(latest_ban_end_, source.banned_until);
}

std::vector<SourceBan> AuthFailureBans::bans(UnixMs now) const {
  std::vector<SourceBan> out;
  if (!any_banned(now)) return out;
  for (const auto& source : sources_) {
    if (source.banned_until > now)
      out.push_back({source.address, source.failures_at_ban, source.banned_until});
  }
  return out;
}

std::vector<std::string> AuthFailureBans::prune(UnixMs now) {
  std::vector<std::string> ended;
  for (auto& source : sources_) {
    if (source.banned_until > now) continue;
    if (source.banned_until != 0) {
      ended.push_back(source.address);
      source.banned_until = 0;
    }
    forget_old_failures(source, now);
  }
  // erase_if's predicate must not change the elements, hence the loop above.
  std::erase_if(sources_,
                [](const Source& source) { return source.banned_until == 0 && source.failures.empty(); });
  if (!ended.empty()) recompute_latest_ban_end();
  return ended;
}

}  // namespace hotline::sip
