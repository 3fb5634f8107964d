// What the B2BUA tells its CallObserver (call_observer.hpp): each phone's part in a call, for the
// agent desktops. Also the desktop's own hang-up (hang_up_for), which acts as the phone's BYE.
#include <algorithm>

#include "pbx/b2bua.hpp"

namespace hotline::pbx {
namespace {

bool is_phone(const Leg& leg) {
  return leg.role == LegRole::Callee && leg.trunk_id == 0 && !leg.endpoint.starts_with("trunk:");
}

}  // namespace

const char* to_string(PhoneCallEvent::Kind kind) {
  switch (kind) {
    case PhoneCallEvent::Kind::Offered:
      return "offered";
    case PhoneCallEvent::Kind::Answered:
      return "answered";
    case PhoneCallEvent::Kind::Held:
      return "held";
    case PhoneCallEvent::Kind::Retrieved:
      return "retrieved";
    case PhoneCallEvent::Kind::Ended:
      return "ended";
  }
  return "unknown";
}

void B2bua::report(const Call& call, const std::string& extension, PhoneCallEvent::Kind kind,
                   std::string side, std::string disposition, std::string cause) {
  if (!call_observer_ || extension.empty()) return;
  PhoneCallEvent event;
  event.kind = kind;
  event.tenant_id = call.tenant_id;
  event.call_id = call.id;
  event.extension = extension;
  event.caller = call.caller;
  event.dialled = call.callee;
  event.direction = call.direction;
  event.service_kind = call.service_kind;
  event.service_name = call.service_name;
  event.side = std::move(side);
  event.disposition = std::move(disposition);
  event.cause = std::move(cause);
  event.at = clock_.now_ms();
  call_observer_->on_phone_call(event);
}

// Who ended the phone's part: the side that ended the call, else the phone itself when it hung up
// or refused, else nobody in particular (the ringing stopped: answered elsewhere, withdrawn).
void B2bua::report_leg_ended(const Leg& leg) {
  if (!call_observer_ || !is_phone(leg)) return;
  const Call& call = *leg.call;
  bool still_there = std::any_of(call.callee_legs.begin(), call.callee_legs.end(), [&](const auto& other) {
    return other.get() != &leg && other->endpoint == leg.endpoint && !other->ended_at;
  });
  if (still_there) return;  // another of the extension's phones rings or talks
  std::string side;
  if (call.hangup_side)
    side = *call.hangup_side;
  else if (leg.answered_at || leg.sip_status.value_or(0) >= 300)
    side = "callee";
  report(call, leg.endpoint, PhoneCallEvent::Kind::Ended, side, leg.disposition,
         leg.hangup_cause.value_or(""));
}

Status B2bua::hang_up_for(std::int64_t tenant_id, const std::string& call_id, const std::string& extension,
                          const std::string& username) {
  auto it = calls_.find(call_id);
  if (it == calls_.end() || it->second->tenant_id != tenant_id || it->second->ended())
    return Error::not_found("no call " + call_id + " in progress");
  Call& call = *it->second;
  Leg* leg = nullptr;
  if (call.answered_leg && is_phone(*call.answered_leg) && call.answered_leg->endpoint == extension)
    leg = call.answered_leg;
  else if (call.caller_leg->endpoint == extension && call.caller_leg->answered_at)
    leg = call.caller_leg.get();
  if (!leg || !leg->nh || leg->bye_sent)
    return Error::conflict("extension " + extension + " is not talking in call " + call_id);
  add_event(call, "hangup", "user", username, std::string("cti"), std::nullopt);
  nua_bye(leg->nh, TAG_END());
  on_bye(*leg);  // as if the phone had hung up: ends the call, or goes on to a survey (IVR-9)
  return ok_status();
}

}  // namespace hotline::pbx
