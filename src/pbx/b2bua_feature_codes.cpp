// What the B2BUA offers the feature codes (feature_codes.hpp): whom a code may reach, the call an
// extension is talking on (supervision, SUP-1), the call ringing it (pickup, PBX-6) and whether a
// call waits in a parking slot (PBX-5). Mixing the parties is the services' (CallSupervision,
// CallPickup, CallParking).
#include <spdlog/spdlog.h>

#include "pbx/b2bua.hpp"
#include "pbx/call_parking.hpp"
#include "pbx/feature_codes.hpp"

namespace hotline::pbx {

bool B2bua::refuse_feature_code(Call& call, const TenantDialplan& plan, const RouteTarget& target) {
  if (target.service_kind == "pickup") {
    if (ringing_call(call.tenant_id, target.service_name)) return false;
    fail_call(call, SIP_480_TEMPORARILY_UNAVAILABLE, "failed", "system",
              "399 hotline \"nothing rings at " + target.service_name + "\"");
    return true;
  }
  if (target.service_kind == "unpark") {
    auto slot = parse_park_slot(target.service_name);
    if (parking_ && slot && parking_->waiting_in(call.tenant_id, *slot)) return false;
    fail_call(call, SIP_480_TEMPORARILY_UNAVAILABLE, "failed", "system",
              "399 hotline \"no call is parked in slot " + target.service_name + "\"");
    return true;
  }
  if (target.service_kind != "supervise") return false;
  auto request = parse_supervision_service_name(target.service_name);
  if (!request) return false;  // the dialplan made it: cannot happen
  auto mode = std::string(to_string(request->mode));
  if (!may_supervise(dial_privileges(plan, call.caller), request->mode)) {
    spdlog::warn("call {}: extension {} may not {} ({}): refused", call.id, call.caller, mode,
                 supervision_capability(request->mode));
    fail_call(call, SIP_403_FORBIDDEN, "failed", "system",
              "399 hotline \"this extension may not " + mode + " to calls\"");
    return true;
  }
  auto agent = talking_call(call.tenant_id, request->extension);
  if (agent) return false;
  fail_call(call, SIP_480_TEMPORARILY_UNAVAILABLE, "failed", "system",
            "399 hotline \"" + agent.error().message + "\"");
  return true;
}

Result<TalkingCall> B2bua::talking_call(std::int64_t tenant_id, const std::string& extension) const {
  bool on_a_call = false;
  for (const auto& [id, call] : calls_) {
    if (call->tenant_id != tenant_id || call->ended() || !call->relay) continue;
    const Leg* callee = call->answered_leg;
    bool as_caller = call->caller_leg->endpoint == extension;
    bool as_callee = callee && callee->endpoint == extension;
    if (!as_caller && !as_callee) continue;
    on_a_call = true;
    if (call->answered_at && callee && call->bridge_hold == 0)
      return TalkingCall{id, call->relay->id, as_caller ? media::RelaySide::A : media::RelaySide::B};
  }
  if (on_a_call) return Error::conflict("extension " + extension + " is not talking to anyone yet");
  return Error::not_found("extension " + extension + " is on no call");
}

void B2bua::note_feature(const std::string& call_id, const char* kind, const char* party,
                         const std::string& detail) {
  auto it = calls_.find(call_id);
  if (it == calls_.end()) return;
  add_event(*it->second, kind, party, detail, std::nullopt, std::nullopt);
}

void B2bua::audit_supervision(const std::string& supervisor_call_id, const std::string& supervised_call_id,
                              const std::string& mode) {
  auto it = calls_.find(supervisor_call_id);
  if (it == calls_.end()) return;
  const Call& call = *it->second;
  const auto* plan = directory_.dialplan(call.tenant_id);
  store::AuditRecord row;
  row.tenant_id = call.tenant_id;
  row.at = clock_.now_ms();
  row.username = plan ? dial_privileges(*plan, call.caller).owners : std::string();
  row.remote_address = call.caller_leg->peer_uri;
  row.action = "SIP " + mode;
  row.object_type = "calls";
  row.object_id = supervised_call_id;
  row.status = 200;
  row.detail = "extension " + call.caller + " dialled " + call.callee;
  store_.audit().add_async(row);
}

// An ordinary call (no service's) whose phones ring at `extension`, not answered yet.
Call* B2bua::ringing_call(std::int64_t tenant_id, const std::string& extension) const {
  for (const auto& [id, call] : calls_) {
    if (call->tenant_id != tenant_id || call->ended() || call->answered_at || !call->relay ||
        !call->service_kind.empty())
      continue;
    for (const auto& leg : call->callee_legs) {
      if (leg->endpoint == extension && !leg->ended_at && !leg->answered_at) return call.get();
    }
  }
  return nullptr;
}

Result<TalkingCall> B2bua::take_ringing_call(std::int64_t tenant_id, const std::string& extension,
                                             const std::string& service_kind, const std::string& by) {
  Call* call = ringing_call(tenant_id, extension);
  if (!call) return Error::not_found("nothing rings at " + extension);
  for (auto& leg : call->callee_legs) {
    if (leg->ended_at || !leg->nh) continue;
    nua_cancel(leg->nh, TAG_END());
    end_leg(*leg, "cancelled", std::nullopt, "picked up by " + by);
  }
  call->trunk_timer.cancel();
  if (std::exchange(call->ringback_playing, false)) media_.stop_play(call->relay->id, media::RelaySide::A);
  call->service_kind = service_kind;
  call->service_name = extension;
  if (!answer_for_service(*call, call->caller_offer)) {
    fail_call(*call, SIP_488_NOT_ACCEPTABLE, "failed", "system");
    return Error::conflict("the caller's SDP offers no audio the server can answer");
  }
  add_event(*call, "picked_up", "callee", extension + " by " + by, std::nullopt, std::nullopt);
  return TalkingCall{call->id, call->relay->id, media::RelaySide::A};
}

void B2bua::hang_up_taken_over(const std::string& call_id, const std::string& cause) {
  auto it = calls_.find(call_id);
  if (it == calls_.end() || it->second->ended() || it->second->answered_leg) return;
  end_call(*it->second, "answered", "system", cause);
  maybe_reap(*it->second);
}

Status B2bua::cut_off_agent(const std::string& call_id, media::ConferenceId conference,
                            const std::string& by) {
  auto it = calls_.find(call_id);
  if (it == calls_.end() || it->second->ended() || !it->second->relay)
    return Error::not_found("no call " + call_id + " in progress");
  Call& call = *it->second;
  if (!call.answered_leg || call.consultation)
    return Error::conflict("call " + call_id + " has no agent to take over from");
  if (auto spoken = speak_to_caller(call); !spoken) return spoken;
  Leg& agent = *call.answered_leg;
  add_event(call, "taken_over", "supervisor", by + " from " + agent.endpoint, std::nullopt, std::nullopt);
  phone_leaves_mix(call, agent, conference, "taken over by " + by);
  return ok_status();
}

}  // namespace hotline::pbx
