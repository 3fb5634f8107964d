// The B2BUA's calls out through trunks (PBX-8). The trunks an outside number may go out on are
// tried one after another in the order the dialplan chose (pattern, time window, priority, cost).
// A trunk that answers 5xx or 408, refuses our credentials, or sends no response at all within
// trunk_response_timeout_ms, passes the call on to the next one, and the caller notices nothing (ringing is
// not announced twice; see pass_provisional); answers about the callee (busy, not found, declined) are final.
// Each attempt is its own callee leg in the CDR, and goes out with the caller ID its route chose
// in From and P-Asserted-Identity.
#include <spdlog/spdlog.h>

#include "pbx/b2bua.hpp"

namespace hotline::pbx {
LocalTime B2bua::local_now() const { return local_time(clock_.now_ms(), options_.utc_offset_minutes); }

bool B2bua::dial_trunks(Call& call, std::vector<TrunkCandidate> trunks, std::string offer) {
  call.trunk_candidates = std::move(trunks);
  call.next_trunk = 0;
  call.trunk_offer = std::move(offer);
  return dial_next_trunk(call);
}

// Calls the server places itself (connect_external: IVR transfers, queue overflow) are configured
// by admins and do not come here.
bool B2bua::refuse_toll_fraud(Call& call, const TenantDialplan& plan, const std::string& dialled) {
  TollClass toll = toll_class(plan.toll, dialled);
  if (!caller_is_extension(call) || may_dial(dial_privileges(plan, call.caller), toll)) return false;
  spdlog::warn("call {}: extension {} may not dial the {} number {} (needs {}): refused as toll fraud",
               call.id, call.caller, to_string(toll), dialled, toll_capability(toll));
  add_event(call, "toll_fraud_refused", LegRole::Caller, std::string(to_string(toll)) + " " + dialled);
  fail_call(call, SIP_403_FORBIDDEN, "refused_toll_fraud", "system",
            "399 hotline \"" + std::string(to_string(toll)) + " calls are not allowed for this extension\"");
  return true;
}

// Places the next candidate whose trunk is configured; false when none is left. Each attempt
// rings for the full ring timeout.
bool B2bua::dial_next_trunk(Call& call) {
  while (call.next_trunk < call.trunk_candidates.size()) {
    const TrunkCandidate& candidate = call.trunk_candidates[call.next_trunk++];
    const auto* trunk = directory_.trunk(candidate.trunk_id);
    if (!trunk || !trunk->enabled) {
      spdlog::warn("call {}: outbound route {} names trunk {}, which is not configured", call.id,
                   candidate.route_id, candidate.trunk_id);
      continue;
    }
    Leg& leg = dial_trunk(call, *trunk, candidate);
    ring_for(call);
    call.trunk_timer.start(options_.trunk_response_timeout_ms,
                           [this, &call, &leg] { on_trunk_silent(call, leg); });
    return true;
  }
  return false;
}

Leg& B2bua::dial_trunk(Call& call, const store::Trunk& trunk, const TrunkCandidate& candidate) {
  auto realm = directory_.tenant(call.tenant_id).value_or(sip::TenantRealm{}).realm;
  std::string hostport = trunk.host + ":" + std::to_string(trunk.port);
  std::string uri = "sip:" + candidate.number + "@" + hostport +
                    (trunk.transport == "udp" ? "" : ";transport=" + trunk.transport);
  bool from_extension = caller_is_extension(call);
  std::string identity =
      "<sip:" + shown_caller(candidate.caller_id, call.caller, from_extension) + "@" + realm + ">";
  Leg* leg =
      add_callee_leg(call, "trunk:" + trunk.name, uri, "<sip:" + candidate.number + "@" + hostport + ">",
                     call.trunk_offer, identity, identity);
  leg->trunk_id = trunk.id;
  return *leg;
}

// After a failed attempt: true when the call went on to another trunk.
bool B2bua::fail_over(Call& call, const Leg& leg, int status) {
  if (!leg.trunk_id || !is_trunk_failure(status) || call.ended() || call.answered_leg) return false;
  if (!call.service_kind.empty() && !call.connecting) return false;  // the service cancelled it
  if (!dial_next_trunk(call)) return false;
  add_event(call, "trunk_failover", LegRole::Callee, leg.endpoint + " " + std::to_string(status));
  if (call.early_media_sent && !call.ringback_playing) {  // the first trunk's early media is gone
    media::PlaySpec ringback;
    ringback.items = {media::PlayItemSpec::tone("ringback", 4000)};
    ringback.loops = -1;
    ringback.interruptible = false;
    call.ringback_playing = media_.play(call.relay->id, media::RelaySide::A, ringback) != 0;
  }
  return true;
}

// The trunk sent nothing at all, not even 100 Trying: it is down or unreachable.
void B2bua::on_trunk_silent(Call& call, Leg& leg) {
  if (leg.responded || leg.ended_at || call.ended()) return;
  if (leg.nh) nua_cancel(leg.nh, TAG_END());
  attempt_failed(
      call, leg, 408,
      "no response from the trunk in " + std::to_string(options_.trunk_response_timeout_ms) + " ms");
  maybe_reap(call);
}

}  // namespace hotline::pbx
