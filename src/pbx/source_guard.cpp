#include "pbx/source_guard.hpp"

#include <spdlog/spdlog.h>

namespace hotline::pbx {

SourceGuard::SourceGuard(const Directory& directory, const Clock& clock, sip::AuthBanOptions options)
    : directory_(directory), clock_(clock), options_(options), bans_(options) {}

bool SourceGuard::is_new_request(const sip::SipEvent& ev) {
  return ev.event == nua_i_register || (ev.event == nua_i_invite && !ev.handle_context);
}

// A banned source gets 403 Forbidden, not silence. Silence would cost a scanner a little more
// time per guess, but a scanner does not wait for answers anyway, while a real phone with a wrong
// password (or behind the same NAT as one) should learn that it is refused instead of retrying;
// and an answered request ends its transaction at once, where an unanswered one makes the peer
// retransmit for 32 s, each copy parsed again by the stack.
bool SourceGuard::refuse_if_banned(const sip::SipEvent& ev) {
  if (!is_new_request(ev)) return false;
  auto now = clock_.now_ms();
  if (!bans_.any_banned(now)) return false;
  auto source = sip::current_request_source(ev.nua);
  if (!bans_.banned(source.ip, now) || directory_.is_trunk_host(source.ip)) return false;
  nua_respond(ev.nh, SIP_403_FORBIDDEN, NUTAG_WITH_THIS(ev.nua),
              SIPTAG_WARNING_STR("399 hotline \"Too many failed authentications from this address\""),
              TAG_END());
  nua_handle_destroy(ev.nh);
  return true;
}

void SourceGuard::on_auth_failed(const sip::PeerAddress& source) {
  if (source.ip.empty() || directory_.is_trunk_host(source.ip)) return;
  if (!bans_.record_failure(source.ip, clock_.now_ms())) return;
  spdlog::warn("sip: banned {} for {} s after {} failed authentications within {} s", source.ip,
               options_.ban_ms / 1000, options_.max_failures, options_.window_ms / 1000);
}

bool SourceGuard::lift(const std::string& address) {
  if (!bans_.lift(address, clock_.now_ms())) return false;
  spdlog::info("sip: ban of {} lifted", address);
  return true;
}

void SourceGuard::prune() {
  for (const auto& address : bans_.prune(clock_.now_ms())) spdlog::info("sip: ban of {} ended", address);
}

}  // namespace hotline::pbx
