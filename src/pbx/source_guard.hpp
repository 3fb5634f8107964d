// SourceGuard: the SIP side of brute-force throttling. It counts the failed digest authentications
// of each source address (AuthFailureBans), bans an address that fails too often, and refuses new
// requests (REGISTER, INVITE) from a banned address before they are looked at. Addresses where a
// trunk is configured are never banned. Calls already up are not cut.
//
// Thread: core loop only.
#pragma once

#include <string>
#include <vector>

#include "common/clock.hpp"
#include "pbx/directory.hpp"
#include "sip/sip.hpp"

namespace hotline::pbx {

class SourceGuard {
 public:
  SourceGuard(const Directory& directory, const Clock& clock, sip::AuthBanOptions options);

  // For a new REGISTER or INVITE from a banned address: answers it and destroys its handle, and
  // returns true. Costs nothing while no address is banned.
  bool refuse_if_banned(const sip::SipEvent& event);
  // A request from `source` was refused for its credentials.
  void on_auth_failed(const sip::PeerAddress& source);
  std::vector<sip::SourceBan> bans() const { return bans_.bans(clock_.now_ms()); }
  // Ends the ban of `address` early; false when it was not banned.
  bool lift(const std::string& address);
  // Forgets quiet addresses and logs the bans that ran out; called every few seconds.
  void prune();

 private:
  static bool is_new_request(const sip::SipEvent& event);

  const Directory& directory_;
  const Clock& clock_;
  sip::AuthBanOptions options_;
  sip::AuthFailureBans bans_;
};

}  // namespace hotline::pbx
