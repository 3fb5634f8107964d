// What the B2BUA offers supervision (SUP-1): whom a supervision code may reach, and the call an
// extension is talking on. The mixing itself is CallSupervision's.
#include <spdlog/spdlog.h>

#include "pbx/b2bua.hpp"
#include "pbx/supervision_codes.hpp"

namespace hotline::pbx {

bool B2bua::refuse_supervision(Call& call, const TenantDialplan& plan, const RouteTarget& target) {
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

void B2bua::note_supervision(const std::string& call_id, const char* kind, const std::string& detail) {
  auto it = calls_.find(call_id);
  if (it == calls_.end()) return;
  add_event(*it->second, kind, "supervisor", detail, std::nullopt, std::nullopt);
}

}  // namespace hotline::pbx
