// What the B2BUA tells its CallObserver (call_observer.hpp): each phone's part in a call, for the
// agent desktops. Also what the desktop does to its phone's call: hang up (hang_up_for, as the
// phone's BYE), hold (hold_for: music for the other party, silence for the phone) and transfer
// blind (transfer_for: the phone leaves, the caller goes on to a queue or another extension) and
// park (park_for: the phone leaves, the caller waits in a slot of the parking lot).
#include <algorithm>
#include <utility>

#include "pbx/b2bua.hpp"
#include "pbx/call_parking.hpp"

namespace hotline::pbx {
namespace {

// A phone the server rang: a callee leg to an extension, or the user's phone a call from the
// desktop rang first (click-to-dial).
bool is_phone(const Leg& leg) {
  bool rung = leg.role == LegRole::Callee || leg.call->originated();
  return rung && leg.trunk_id == 0 && !leg.endpoint.starts_with("trunk:");
}

// A phone whose desktop follows its part in the call: one the server rang, or an extension's
// phone that dialled the call itself.
bool on_a_desk(const Leg& leg) {
  return is_phone(leg) || (leg.role == LegRole::Caller && B2bua::caller_is_extension(*leg.call));
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
    case PhoneCallEvent::Kind::Transferred:
      return "transferred";
    case PhoneCallEvent::Kind::Parked:
      return "parked";
    case PhoneCallEvent::Kind::Consult:
      return "consult";
    case PhoneCallEvent::Kind::Ended:
      return "ended";
  }
  return "unknown";
}

PhoneCallEvent B2bua::phone_event(const Call& call, const std::string& extension,
                                  PhoneCallEvent::Kind kind) const {
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
  event.attached_data = call.attached_data;
  event.outgoing =
      call.consults_for.empty() && caller_is_extension(call) && call.caller_leg->endpoint == extension;
  if (auto found = calls_.find(call.consults_for); found != calls_.end()) {
    const Call& customer = *found->second;
    const auto& consultation = customer.consultation;
    // The customer is across from the agent: its call's callee when the agent placed it.
    bool agent_placed = consultation && consultation->agent_side == media::RelaySide::A;
    const std::string& number = agent_placed ? customer.callee : customer.caller;
    event.attached_data = customer.attached_data;
    // A call the agent's blind transfer goes on through is the customer's, not a consultation.
    if (consultation && consultation->call_id == call.id && consultation->blind) {
      event.caller = number;
    } else {
      event.consults_for = call.consults_for;
      event.consult_customer = number;
    }
  }
  event.at = clock_.now_ms();
  return event;
}

void B2bua::report(const Call& call, const std::string& extension, PhoneCallEvent::Kind kind,
                   std::string side, std::string disposition, std::string cause, int slot) {
  if (!call_observer_ || extension.empty()) return;
  PhoneCallEvent event = phone_event(call, extension, kind);
  event.side = std::move(side);
  event.disposition = std::move(disposition);
  event.cause = std::move(cause);
  event.slot = slot;
  call_observer_->on_phone_call(event);
}

// A phone held or retrieved the call itself (a re-INVITE): the desktops of both phones talking in
// it hear it, `party` saying which side holds.
void B2bua::report_phone_hold(const Call& call, PhoneCallEvent::Kind kind, const char* party) {
  const Leg* caller = call.caller_leg.get();
  const Leg* callee = call.answered_leg;
  if (on_a_desk(*caller)) report(call, caller->endpoint, kind, party);
  if (callee && callee != caller && on_a_desk(*callee)) report(call, callee->endpoint, kind, party);
}

// Who ended the phone's part: the side that ended the call, else the phone itself when it hung up
// or refused, else nobody in particular (the ringing stopped: answered elsewhere, withdrawn).
void B2bua::report_leg_ended(const Leg& leg) {
  if (!call_observer_ || !on_a_desk(leg)) return;
  const Call& call = *leg.call;
  bool still_there = call.any_leg(
      [&](const Leg& other) { return &other != &leg && other.endpoint == leg.endpoint && !other.ended_at; });
  if (still_there) return;  // another of the extension's phones rings or talks
  std::string side;
  if (call.hangup_side)
    side = *call.hangup_side;
  else if (leg.answered_at || leg.sip_status.value_or(0) >= 300)
    side = "callee";
  report(call, leg.endpoint, PhoneCallEvent::Kind::Ended, side, leg.disposition,
         leg.hangup_cause.value_or(""));
}

// The leg of the phone at `extension` that talks in the call: the answered callee, or the caller
// itself (its own call out); null when it does not talk in it.
Leg* B2bua::talking_leg(Call& call, const std::string& extension) {
  if (call.answered_leg && is_phone(*call.answered_leg) && call.answered_leg->endpoint == extension)
    return call.answered_leg;
  if (call.caller_leg->endpoint == extension && call.caller_leg->answered_at) return call.caller_leg.get();
  return nullptr;
}

// The leg of the phone at `extension` ringing for the call: a callee leg not answered yet, or one
// of the user's own phones a call from the desktop rings first; of several, one that takes the
// talk event (the desktop may answer it).
Leg* B2bua::ringing_leg(Call& call, const std::string& extension) {
  Leg* found = nullptr;
  auto consider = [&](Leg& leg) {
    bool rings = is_phone(leg) && leg.endpoint == extension && !leg.answered_at && !leg.ended_at;
    if (rings && (!found || (found->talk_to.empty() && !leg.talk_to.empty()))) found = &leg;
  };
  call.for_each_leg(consider);
  return found;
}

// A phone's ringing (a 1xx with its tag) that allows the talk event may be answered from the desktop.
void B2bua::note_talk_event(Leg& leg, const sip_t* sip) {
  if (!sip || !sip->sip_to || !sip->sip_to->a_tag || !sip::allows_event(sip, "talk")) return;
  leg.talk_to = "<" + sip::url_to_string(sip->sip_to->a_url) + ">;tag=" + sip->sip_to->a_tag;
}

Status B2bua::answer_for(std::int64_t tenant_id, const std::string& call_id, const std::string& extension,
                         const std::string& username) {
  auto found = call_in_progress(tenant_id, call_id);
  if (!found) return found.error();
  Call& call = **found;
  Leg* leg = ringing_leg(call, extension);
  if (!leg || !leg->nh)
    return Error::conflict("extension " + extension + " is not ringing for call " + call_id);
  if (leg->talk_to.empty())
    return Error::conflict("the phone at " + extension +
                           " does not answer from the desktop: lift its handset");
  add_event(call, "answer_requested", "user", username, std::string("cti"), std::nullopt);
  // nua keeps no remote target nor tag for a dialog still early: the INVITE's target and the
  // ringing's To are given. No SUBSCRIBE asked for the event: the implicit subscription is one
  // NOTIFY long, terminated as it is sent (nua keeps no usage that would NOTIFY again later).
  nua_notify(leg->nh, NUTAG_URL(leg->peer_uri.c_str()), SIPTAG_TO_STR(leg->talk_to.c_str()), NUTAG_NEWSUB(1),
             SIPTAG_EVENT_STR("talk"), SIPTAG_SUBSCRIPTION_STATE_STR("terminated"), TAG_END());
  return ok_status();
}

Status B2bua::hang_up_for(std::int64_t tenant_id, const std::string& call_id, const std::string& extension,
                          const std::string& username) {
  auto found = call_in_progress(tenant_id, call_id);
  if (!found) return found.error();
  Call& call = **found;
  Leg* leg = talking_leg(call, extension);
  if (!leg || !leg->nh || leg->bye_sent)
    return Error::conflict("extension " + extension + " is not talking in call " + call_id);
  add_event(call, "hangup", "user", username, std::string("cti"), std::nullopt);
  nua_bye(leg->nh, TAG_END());
  on_bye(*leg);  // as if the phone had hung up: ends the call, or goes on to a survey (IVR-9)
  return ok_status();
}

// The desktop's hold (CTI): the other party hears the tenant's music on hold, the phone hears
// silence — its side of the relay sits alone in a conference, which hears nobody — and nothing is
// re-INVITEd. A phone's own hold (answer_hold) and this one exclude each other.
Status B2bua::force_hang_up(std::int64_t tenant_id, const std::string& call_id, const std::string& username) {
  auto found = call_in_progress(tenant_id, call_id);
  if (!found) return found.error();
  Call& call = **found;
  add_event(call, "force_hangup", "user", username, std::string("cti"), std::nullopt);
  end_call(call, call.answered_at ? "answered" : "cancelled", "system", "hung up by " + username);
  maybe_reap(call);
  return ok_status();
}

Status B2bua::hold_for(std::int64_t tenant_id, const std::string& call_id, const std::string& extension,
                       bool hold, const std::string& username) {
  auto found = call_in_progress(tenant_id, call_id);
  if (!found) return found.error();
  Call& call = **found;
  Leg* leg = talking_leg(call, extension);
  if (!leg || !call.relay)
    return Error::conflict("extension " + extension + " is not talking in call " + call_id);
  if (hold == (call.desk_hold != 0)) return ok_status();  // held already, or not held
  if (hold && holding_phone(call)) return Error::conflict("call " + call_id + " is on hold at a phone");
  if (call.bridge_hold != 0) return Error::conflict("call " + call_id + " is hearing an announcement");
  if (call.consultation)
    return Error::conflict("call " + call_id + " has a consultation: transfer, three-way or cancel it first");
  media::RelayId relay = call.relay->id;
  auto own_side = side_of(*leg);
  auto other_side = media::other_side(own_side);
  if (hold) {
    call.desk_hold = media_.create_conference();
    if (auto alone = media_.join_conference(call.desk_hold, relay, own_side, {false, true, std::nullopt});
        !alone) {
      media_.destroy_conference(std::exchange(call.desk_hold, 0));
      return alone.error();
    }
    watch_media(call, false);  // a held call may rightly go quiet
    play_music(call, other_side);
  } else {
    media_.destroy_conference(std::exchange(call.desk_hold, 0));
    after_desk_mix(call, own_side);
  }
  add_event(call, hold ? "hold" : "resume", "user", username, std::string("cti"), std::nullopt);
  report(call, extension, hold ? PhoneCallEvent::Kind::Held : PhoneCallEvent::Kind::Retrieved, "user");
  return ok_status();
}

// The desktop's hold or mix is over (its conference gone): the customer's music, if any, stops. A
// phone that held the call meanwhile (answer_hold left the media to the desktop) keeps its hold:
// its peer hears music until it resumes.
void B2bua::after_desk_mix(Call& call, media::RelaySide agent_side) {
  media_.stop_music(call.relay->id, media::other_side(agent_side));
  const Leg* holder = holding_phone(call);
  if (holder) play_music(call, media::other_side(side_of(*holder)));
  watch_media(call, holder == nullptr);
}

// The phone that holds the call itself (its own re-INVITE hold), if any.
const Leg* B2bua::holding_phone(const Call& call) {
  if (call.caller_leg->holding) return call.caller_leg.get();
  return call.answered_leg && call.answered_leg->holding ? call.answered_leg : nullptr;
}

// The phone talking in the call, which a transfer, a consultation or a park takes out of it.
Result<Leg*> B2bua::phone_that_may_leave(std::int64_t tenant_id, const std::string& call_id,
                                         const std::string& extension) {
  auto found = call_in_progress(tenant_id, call_id);
  if (!found) return found.error();
  Call& call = **found;
  Leg* leg = talking_leg(call, extension);
  if (!leg || !leg->nh || leg->bye_sent || !call.relay)
    return Error::conflict("extension " + extension + " is not talking in call " + call_id);
  if (call.consultation)
    return Error::conflict("call " + call_id + " has a consultation with " + call.consultation->target +
                           ": transfer, three-way or cancel it first");
  if (call.bridge_hold != 0) return Error::conflict("call " + call_id + " is hearing an announcement");
  return leg;
}

Status B2bua::speak_to_caller(Call& call, media::RelaySide side) {
  if (!call.service_kind.empty()) return ok_status();  // it does already
  // What the caller was answered with is the codec both sides agreed on (relayed unchanged).
  auto agreed = media::choose_local_audio(call.caller_leg->last_sdp_sent);
  if (!agreed) return Error::conflict("call " + call.id + " has no audio the server can take over");
  call.local_audio = *agreed;
  media_.set_audio_payload_type(call.relay->id, side, agreed->payload_type);
  return ok_status();
}

// An ordinary call becomes one the server holds, in the codec the caller already talks; music a
// desktop hold started stops (the service the caller goes to decides what it hears).
Status B2bua::take_over_caller_side(Call& call) {
  if (auto spoken = speak_to_caller(call); !spoken) return spoken;
  if (call.desk_hold != 0) {
    media_.destroy_conference(std::exchange(call.desk_hold, 0));
    media_.stop_music(call.relay->id, media::RelaySide::A);
  }
  return ok_status();
}

void B2bua::phone_leaves_mix(Call& call, Leg& phone, media::ConferenceId conference,
                             const std::string& cause) {
  media::RelayId relay = call.relay->id;
  auto side = side_of(phone);
  phone.quality = media_.quality(relay, side);
  phone.remote_report = media_.remote_report(relay, side);
  media_.leave_conference(conference, relay, side);
  media_.watch_media(relay, side, 0);
  media_.set_remote(relay, side, "0.0.0.0", 0);  // nothing relayed to the gone phone
  if (phone.nh && !phone.bye_sent) nua_bye(phone.nh, TAG_END());
  phone.bye_sent = true;
  end_leg(phone, "answered", std::nullopt, cause);
  if (call.answered_leg == &phone) call.answered_leg = nullptr;
  release_busy(call, phone.endpoint);
}

// The path a survey takes after the agent (continue_without_callee), with the desktop's target.
void B2bua::phone_leaves(Call& call, Leg& leg, HandOver next) {
  call.after_callee = std::move(next);
  nua_bye(leg.nh, TAG_END());
  on_bye(leg);
}

// A blind transfer is the phone leaving the call while the caller goes on elsewhere.
Status B2bua::transfer_for(std::int64_t tenant_id, const std::string& call_id, const std::string& extension,
                           HandOver target, const std::string& username, std::string data) {
  auto leg = phone_that_may_leave(tenant_id, call_id, extension);
  if (!leg) return leg.error();
  Call& call = *(*leg)->call;
  if ((*leg)->role == LegRole::Caller)
    return transfer_own_call(call, **leg, target, username, std::move(data));
  if (auto reachable = may_hand_over(tenant_id, target); !reachable) return reachable;
  if (auto taken = take_over_caller_side(call); !taken) return taken.error();
  if (!data.empty()) call.attached_data = std::move(data);
  std::string destination = destination_name(target);
  add_event(call, "transfer", "user", username + " -> " + destination, std::string("cti"), std::nullopt);
  report(call, extension, PhoneCallEvent::Kind::Transferred, "user", {}, destination);
  phone_leaves(call, **leg, std::move(target));
  return ok_status();
}

// A park is a blind transfer to the parking lot, whose slot is chosen before the phone leaves: a
// full lot refuses the park with the call as it was.
Result<int> B2bua::park_for(std::int64_t tenant_id, const std::string& call_id, const std::string& extension,
                            const std::string& username) {
  if (!parking_ || !services_.contains("park")) return Error::unavailable("there is no parking lot");
  auto leg = phone_that_may_leave(tenant_id, call_id, extension);
  if (!leg) return leg.error();
  Call& call = *(*leg)->call;
  auto slot = parking_->free_slot(tenant_id);
  if (!slot)
    return Error::conflict("the parking lot is full: all " + std::to_string(parking_->slots()) +
                           " slots are taken");
  if ((*leg)->role == LegRole::Caller) return park_own_call(call, **leg, *slot, username);
  if (auto taken = take_over_caller_side(call); !taken) return taken.error();
  std::string name = std::to_string(*slot);
  add_event(call, "parked", "user", "slot " + name + " by " + extension + " (" + username + ")",
            std::string("cti"), std::nullopt);
  report(call, extension, PhoneCallEvent::Kind::Parked, "user", {}, {}, *slot);
  phone_leaves(call, **leg, {"park", name, {{"parked_by", extension}, {"parked_by_user", username}}});
  if (call.ended()) return Error::unavailable("the parking lot refused call " + call_id);
  return *slot;
}

// A call the phone placed is parked through the server's mix (send_own_call_on): the lot holds the
// onward call, which shows the number the agent dialled.
Result<int> B2bua::park_own_call(Call& call, Leg& agent, int slot, const std::string& username) {
  std::string name = std::to_string(slot);
  HandOver target{
      "park",
      name,
      {{"parked_by", agent.endpoint}, {"parked_by_user", username}, {"shown_caller", call.callee}}};
  std::string detail = "slot " + name + " by " + agent.endpoint + " (" + username + ")";
  if (auto onward = send_own_call_on(call, agent, target, username, {}, {"parked", detail}); !onward)
    return onward.error();
  report(call, agent.endpoint, PhoneCallEvent::Kind::Parked, "user", {}, {}, slot);
  phone_leaves_mix(call, agent, call.desk_hold, "parked in slot " + name);
  return slot;
}

}  // namespace hotline::pbx
