// Consultation from an agent's desktop (PBX-3: attended transfer, three-way). The customer's call is
// held at the desk (hold_for: the agent's side alone in the call's desk_hold conference, the
// customer hearing music) and the server rings the consulted phone as it rings a user's own phone
// for click-to-dial. Once that phone answers, its side of the consultation call joins the same
// conference: the agent and the target talk while the customer hears music. Three-way brings the
// customer into the conference; a transfer takes the agent out of it, leaving the customer and the
// target talking through it until either hangs up. The two calls keep their own records, linked
// on their timelines.
//
// A queue, a flow or an outside number is consulted through a call the server holds as if the
// agent had dialled it (place_service_consultation): its caller side is tied over the loopback to
// a relay seated in the same conference, so the agent hears the service and whoever answers. The
// agent may be either side of the customer's call (Consultation::agent_side): a call it placed
// itself is consulted about, and transferred blind (transfer_own_call) or parked through such a
// call too (send_own_call_on).
//
// From three-way the agent consults again and the conference grows (PBX-9): the three-way party
// joins Call::conferees, and the agent steps aside into side_talk, a conference of its own with the
// next consultation, while the customer and the conferees talk on in desk_hold. Three-way merges
// side_talk into desk_hold; a cancelled or failed consultation takes the agent back there and makes
// the newest conferee the consultation again.
#include <spdlog/spdlog.h>

#include <algorithm>

#include "common/ids.hpp"
#include "pbx/b2bua.hpp"
#include "pbx/cdr.hpp"

namespace hotline::pbx {
namespace {

constexpr media::ParticipantSpec kHearsOnly{false, true, std::nullopt};  // the agent while the target rings
// What a service consultation speaks to its service: G.711 µ-law, keys as RFC 4733 events.
constexpr int kPcmu = 0;
constexpr int kTelephoneEvent = 101;

}  // namespace

const char* to_string(ConsultState state) {
  switch (state) {
    case ConsultState::Ringing:
      return "ringing";
    case ConsultState::Talking:
      return "talking";
    case ConsultState::ThreeWay:
      return "three_way";
    case ConsultState::Transferred:
      return "transferred";
  }
  return "unknown";
}

Result<Call*> B2bua::call_in_progress(std::int64_t tenant_id, const std::string& call_id) {
  auto it = calls_.find(call_id);
  if (it == calls_.end() || it->second->tenant_id != tenant_id || it->second->ended())
    return Error::not_found("no call " + call_id + " in progress");
  return it->second.get();
}

Result<std::string> B2bua::consult_for(std::int64_t tenant_id, const std::string& call_id,
                                       const std::string& extension, const HandOver& target,
                                       const std::string& username, std::string data) {
  auto agent = phone_that_may_consult(tenant_id, call_id, extension);
  if (!agent) return agent.error();
  Call& call = *(*agent)->call;
  bool to_phone = target.kind == "transfer";
  if (to_phone && target.name == extension)
    return Error{ErrorCode::Conflict, "an agent cannot consult itself", "extension"};
  if (auto reachable = may_hand_over(tenant_id, target); !reachable) return reachable.error();
  bool from_conference = call.consultation.has_value();  // three-way: the agent steps aside
  if (from_conference) {
    if (auto aside = step_aside(call); !aside) return aside.error();
  } else if (call.desk_hold == 0) {
    if (auto held = hold_for(tenant_id, call_id, extension, true, username); !held) return held.error();
  }
  if (!data.empty()) call.attached_data = std::move(data);
  auto placed = to_phone ? ring_consulted_phone(call, extension, target.name, username)
                         : place_service_consultation(call, extension, target);
  if (!placed) {
    if (from_conference) back_to_conference(call, side_of(**agent), extension);
    return placed.error();
  }
  Call& consult = **placed;
  consult.consults_for = call.id;
  std::string destination = destination_name(target);
  std::string label = to_phone || target.kind == "dial" ? target.name : destination;
  call.consultation =
      Consultation{consult.id, extension, label, destination, ConsultState::Ringing, side_of(**agent)};
  save(consult);
  add_event(consult, "consult", "user", username + " about call " + call.id, std::string("cti"),
            std::nullopt);
  add_event(call, "consult", "user", username + " -> " + destination + " (call " + consult.id + ")",
            std::string("cti"), std::nullopt);
  if (to_phone) report(consult, target.name, PhoneCallEvent::Kind::Offered);
  report_consult(call, *call.consultation, "ringing");
  if (to_phone) return consult.id;
  std::string id = consult.id;
  if (auto accepted = pass_to(consult, target); !accepted) {
    end_call(consult, "failed", "system", accepted.error().message);
    maybe_reap(consult);
    return accepted.error();
  }
  // A queue or a number rings first; a flow or a room talks at once.
  if (!consult.ended() && target.kind != "queue" && target.kind != "dial") consult_answered(consult);
  return id;
}

Status B2bua::may_hand_over(std::int64_t tenant_id, const HandOver& target) const {
  if (target.kind != "transfer") {
    if (!services_.contains(target.kind))
      return Error::unavailable("no service takes '" + target.kind + "' calls");
    return ok_status();
  }
  if (locations_.lookup({tenant_id, target.name}, clock_.now_ms()).empty())
    return Error{ErrorCode::Conflict, "no phone of extension " + target.name + " is registered", "extension"};
  if (directory_.do_not_disturb(tenant_id, target.name))
    return Error{ErrorCode::Conflict, "extension " + target.name + " is in do-not-disturb", "extension"};
  return ok_status();
}

Status B2bua::transfer_own_call(Call& call, Leg& agent, const HandOver& target, const std::string& username,
                                std::string data) {
  std::string destination = destination_name(target);
  auto onward = send_own_call_on(call, agent, target, username, std::move(data),
                                 {"transfer", username + " -> " + destination});
  if (!onward) return onward.error();
  report(call, agent.endpoint, PhoneCallEvent::Kind::Transferred, "user", {}, destination);
  phone_leaves_mix(call, agent, call.desk_hold, "transferred to " + destination);
  return ok_status();
}

Result<std::string> B2bua::send_own_call_on(Call& call, Leg& agent, const HandOver& target,
                                            const std::string& username, std::string data,
                                            const NotedStep& step) {
  // A call to a service the server answered itself (*7, *8, a flow) has nobody across to hand on.
  if (!call.answered_leg || call.answered_leg->ended_at)
    return Error::conflict("call " + call.id + " has nobody across from extension " + agent.endpoint +
                           " to hand on");
  if (auto reachable = may_hand_over(call.tenant_id, target); !reachable) return reachable.error();
  if (call.desk_hold == 0) {
    if (auto held = hold_for(call.tenant_id, call.id, agent.endpoint, true, username); !held)
      return held.error();
  }
  auto retrieve = [&] { (void)hold_for(call.tenant_id, call.id, agent.endpoint, false, username); };
  auto customer = media::other_side(side_of(agent));
  if (auto spoken = speak_to_caller(call, customer); !spoken) {
    retrieve();
    return spoken.error();
  }
  auto placed = place_service_consultation(call, agent.endpoint, target);
  if (!placed) {
    retrieve();
    return placed.error();
  }
  Call& onward = **placed;
  if (!data.empty()) call.attached_data = std::move(data);
  std::string destination = destination_name(target);
  onward.consults_for = call.id;
  call.consultation = Consultation{
      onward.id, agent.endpoint, destination, destination, ConsultState::Transferred, side_of(agent), true};
  save(onward);
  add_event(onward, "transferred_from", "user", username + ": call " + call.id, std::string("cti"),
            std::nullopt);
  add_event(call, step.kind, "user", step.detail + " (call " + onward.id + ")", std::string("cti"),
            std::nullopt);
  if (auto accepted = pass_to(onward, target); !accepted) {
    call.consultation.reset();  // the customer stays, held, with its agent
    end_call(onward, "failed", "system", accepted.error().message);
    maybe_reap(onward);
    retrieve();
    return accepted.error();
  }
  seat_customer(call);
  return onward.id;
}

Result<Call*> B2bua::ring_consulted_phone(Call& customer, const std::string& extension,
                                          const std::string& target, const std::string& username) {
  auto tenant = directory_.tenant(customer.tenant_id);
  if (!tenant) return Error::not_found("no tenant " + std::to_string(customer.tenant_id));
  std::string from = "\"" + extension + "\" <sip:" + extension + "@" + tenant->realm + ">";
  auto placed = ring_user_phone(customer.tenant_id, target, extension, from, "internal", username);
  if (!placed) return placed.error();
  (*placed)->caller = extension;  // on record: the agent consulted the target
  (*placed)->callee = target;
  return placed;
}

Result<Call*> B2bua::place_service_consultation(Call& customer, const std::string& extension,
                                                const HandOver& target) {
  auto relay = media_.create_relay();
  if (!relay) return relay.error();
  auto tie = media_.create_relay();
  if (!tie) {
    media_.destroy_relay(relay->id);
    return tie.error();
  }
  auto call = std::make_unique<Call>(loop_);
  Call& c = *call;
  c.id = new_uuid();
  c.nua = nua_;
  c.tenant_id = customer.tenant_id;
  c.caller = extension;
  c.callee = target.name;
  const auto* plan = directory_.dialplan(c.tenant_id);
  c.direction = target.kind == "dial" && plan
                    ? route(*plan, Origin::Extension, std::nullopt, target.name, local_now()).direction
                    : "internal";
  c.started_at = clock_.now_ms();
  c.answered_at = c.started_at;
  c.relay = *relay;
  c.tie_relay = *tie;
  c.local_audio = media::LocalAudio{kPcmu, kTelephoneEvent, "sendrecv"};
  calls_by_relay_[relay->id] = &c;

  auto leg = std::make_unique<Leg>();  // the agent, heard through the tie: no SIP dialog of its own
  leg->id = new_uuid();
  leg->call = &c;
  leg->role = LegRole::Caller;
  leg->endpoint = extension;
  leg->started_at = c.started_at;
  leg->answered_at = c.started_at;
  leg->sip_status = 200;
  c.caller_leg = std::move(leg);

  std::string here = media_.bind_address();
  media_.set_remote(relay->id, media::RelaySide::A, here, tie->port_a);
  media_.set_remote(tie->id, media::RelaySide::A, here, relay->port_a);
  media_.set_audio_payload_type(relay->id, media::RelaySide::A, kPcmu);
  media_.set_audio_payload_type(tie->id, media::RelaySide::A, kPcmu);
  if (auto joined = media_.join_conference(consult_room(customer), tie->id, media::RelaySide::A); !joined) {
    media_.destroy_relay(tie->id);
    media_.destroy_relay(relay->id);
    calls_by_relay_.erase(relay->id);
    return joined.error();
  }
  calls_.emplace(c.id, std::move(call));
  save(c);  // before its leg and recording, which refer to it
  store_.calls().save_leg_async(to_leg_record(*c.caller_leg, c.tenant_id));
  recordings_.start(c);
  return &c;
}

void B2bua::pass_digit_to_consultation(Call& call, media::RelaySide side,
                                       const media::dsp::DtmfDigit& digit) {
  if (call.ended() || !call.consultation || side != call.consultation->agent_side) return;
  auto consult = calls_.find(call.consultation->call_id);
  if (consult == calls_.end() || consult->second->ended() || !consult->second->tie_relay) return;
  media::DtmfSendSpec spec;
  spec.digits = std::string(1, digit.digit);
  spec.telephone_event_pt = kTelephoneEvent;
  if (auto sent = media_.send_dtmf(consult->second->tie_relay->id, media::RelaySide::A, spec); !sent)
    spdlog::warn("call {}: the key {} does not reach the consultation: {}", call.id, digit.digit,
                 sent.error().message);
}

// The consultation answered: the consulted phone joins the customer's call's conference (a
// service's is there through its tie already), where the agent, who only heard until now, speaks.
void B2bua::consult_answered(Call& consult) {
  auto it = calls_.find(consult.consults_for);
  Call* call = it == calls_.end() ? nullptr : it->second.get();
  if (!call || call->ended() || !call->consultation || call->consultation->call_id != consult.id ||
      call->desk_hold == 0) {
    end_call(consult, "answered", "system", "the consulted call is gone");
    return maybe_reap(consult);
  }
  Consultation& consultation = *call->consultation;
  if (consultation.state != ConsultState::Ringing) return;  // a flow's call connected later on
  media::ConferenceId room = consult_room(*call);
  auto joined =
      consult.tie_relay ? ok_status() : media_.join_conference(room, consult.relay->id, media::RelaySide::A);
  if (joined) joined = media_.join_conference(room, call->relay->id, consultation.agent_side);
  if (!joined) {
    spdlog::warn("call {}: the consultation {} cannot join: {}", call->id, consult.id,
                 joined.error().message);
    end_call(consult, "answered", "system", joined.error().message);
    return maybe_reap(consult);
  }
  consultation.state = ConsultState::Talking;
  add_event(*call, "consult_answered", LegRole::Callee, consultation.target);
  report_consult(*call, consultation, "talking");
}

Status B2bua::finish_consult(std::int64_t tenant_id, const std::string& call_id, const std::string& extension,
                             ConsultAction action, const std::string& username) {
  auto found = call_in_progress(tenant_id, call_id);
  if (!found) return found.error();
  Call& call = **found;
  Leg* agent = call.consultation ? consulting_phone(call) : nullptr;
  if (!agent || call.consultation->extension != extension)
    return Error::conflict("extension " + extension + " has no consultation about call " + call_id);
  Consultation& consultation = *call.consultation;
  if (action == ConsultAction::Cancel) {
    add_event(call, "consult_cancelled", "user", username, std::string("cti"), std::nullopt);
    hang_up_consult_call(call.consultation->call_id, "consultation cancelled");
    if (call.consultation) return ok_status();  // back in its conference
    return call.desk_hold != 0 ? hold_for(tenant_id, call_id, extension, false, username) : ok_status();
  }
  if (consultation.state == ConsultState::Ringing)
    return Error::conflict("extension " + consultation.target + " has not answered yet");
  if (auto joined = bring_in_customer(call, username); !joined) return joined.error();
  if (action == ConsultAction::Transfer) transfer_to_consulted(call, *agent, username);
  return ok_status();
}

Leg* B2bua::consulting_phone(Call& call) {
  if (!call.consultation) return nullptr;
  Leg* agent =
      call.consultation->agent_side == media::RelaySide::A ? call.caller_leg.get() : call.answered_leg;
  return agent && !agent->ended_at ? agent : nullptr;
}

// The phone that consults: one that may leave the call, or the consulting phone of a three-way
// call, which steps aside from its conference to consult once more.
Result<Leg*> B2bua::phone_that_may_consult(std::int64_t tenant_id, const std::string& call_id,
                                           const std::string& extension) {
  auto found = call_in_progress(tenant_id, call_id);
  if (!found) return found.error();
  Call& call = **found;
  const auto& consultation = call.consultation;
  if (!consultation || consultation->state != ConsultState::ThreeWay || consultation->extension != extension)
    return phone_that_may_leave(tenant_id, call_id, extension);
  Leg* agent = consulting_phone(call);
  if (!agent) return Error::conflict("extension " + extension + " is not talking in call " + call_id);
  return agent;
}

media::ConferenceId B2bua::consult_room(const Call& call) {
  return call.side_talk != 0 ? call.side_talk : call.desk_hold;
}

media::RelayId B2bua::consult_seat(const Call& consult) {
  return consult.tie_relay ? consult.tie_relay->id : consult.relay->id;
}

// The agent consults from its conference: its side leaves desk_hold, where the customer and the
// parties brought in talk on, for side_talk, where it hears the next consultation ring.
Status B2bua::step_aside(Call& call) {
  auto agent_side = call.consultation->agent_side;
  media::RelayId relay = call.relay->id;
  call.side_talk = media_.create_conference_beside(call.desk_hold);
  media_.leave_conference(call.desk_hold, relay, agent_side);
  if (auto joined = media_.join_conference(call.side_talk, relay, agent_side, kHearsOnly); !joined) {
    media_.destroy_conference(std::exchange(call.side_talk, 0));
    (void)media_.join_conference(call.desk_hold, relay, agent_side);
    return joined.error();
  }
  call.conferees.push_back(*std::exchange(call.consultation, std::nullopt));
  return ok_status();
}

// A consultation made from the conference is over: the agent's side goes back to desk_hold, and the
// newest party brought in is the desktop's three-way again. With nobody else left there, the
// customer and the agent talk directly again.
void B2bua::back_to_conference(Call& call, media::RelaySide agent_side, const std::string& extension) {
  media_.destroy_conference(std::exchange(call.side_talk, 0));
  if (call.conferees.empty()) {
    media_.destroy_conference(std::exchange(call.desk_hold, 0));
    after_desk_mix(call, agent_side);
  } else {
    restore_conferee(call);
    if (auto joined = media_.join_conference(call.desk_hold, call.relay->id, agent_side); !joined)
      spdlog::warn("call {}: the agent cannot go back to its conference: {}", call.id,
                   joined.error().message);
  }
  report(call, extension, PhoneCallEvent::Kind::Retrieved, "user");
}

void B2bua::restore_conferee(Call& call) {
  call.consultation = std::move(call.conferees.back());
  call.conferees.pop_back();
}

void B2bua::hang_up_consult_call(const std::string& call_id, const std::string& cause) {
  auto consult = calls_.find(call_id);
  if (consult == calls_.end() || consult->second->ended()) return;
  Call& other = *consult->second;
  end_call(other, other.answered_at ? "answered" : "cancelled", "system", cause);
  maybe_reap(other);
}

// The agent hung up its phone while talking with the consulted one: the customer is transferred.
// A consultation still ringing from a conference is hung up: the conference goes on without both.
bool B2bua::agent_hung_up_consulting(Call& call, Leg& agent) {
  if (call.ended() || &agent != consulting_phone(call)) return false;
  if (call.consultation->state == ConsultState::Ringing && !call.conferees.empty()) {
    hang_up_consult_call(call.consultation->call_id, "consultation cancelled");
    if (!call.consultation) return false;
  }
  auto state = call.consultation->state;
  if (state != ConsultState::Talking && state != ConsultState::ThreeWay) return false;
  if (!bring_in_customer(call, agent.endpoint)) return false;
  transfer_to_consulted(call, agent, agent.endpoint + " hung up");
  return true;
}

Status B2bua::bring_in_customer(Call& call, const std::string& username) {
  if (call.consultation->state != ConsultState::Talking) return ok_status();
  if (call.side_talk != 0) {
    if (auto merged = merge_side_talk(call); !merged) return merged.error();
  } else {
    if (auto spoken = speak_to_caller(call, media::other_side(call.consultation->agent_side)); !spoken)
      return spoken.error();
    seat_customer(call);
  }
  call.consultation->state = ConsultState::ThreeWay;
  report(call, call.consultation->extension, PhoneCallEvent::Kind::Retrieved, "user");
  report_consult(call, *call.consultation, "three_way");
  add_event(call, "three_way", "user", username + " with " + call.consultation->destination,
            std::string("cti"), std::nullopt);
  return ok_status();
}

// The party consulted from the conference joins it: it and the agent leave side_talk for desk_hold.
Status B2bua::merge_side_talk(Call& call) {
  auto consult = calls_.find(call.consultation->call_id);
  if (consult == calls_.end() || consult->second->ended())
    return Error::conflict("the consultation of call " + call.id + " is gone");
  media::RelayId seat = consult_seat(*consult->second);
  media_.destroy_conference(std::exchange(call.side_talk, 0));
  auto joined = media_.join_conference(call.desk_hold, seat, media::RelaySide::A);
  if (joined) joined = media_.join_conference(call.desk_hold, call.relay->id, call.consultation->agent_side);
  return joined;
}

void B2bua::transfer_to_consulted(Call& call, Leg& agent, const std::string& username) {
  add_event(call, "transfer", "user", username + " -> " + call.consultation->destination + " (consulted)",
            std::string("cti"), std::nullopt);
  agent_leaves(call, agent);
}

// The customer, who heard music, speaks and hears in the conference.
void B2bua::seat_customer(Call& call) {
  media::RelayId relay = call.relay->id;
  auto customer = media::other_side(call.consultation->agent_side);
  media_.stop_music(relay, customer);
  if (auto joined = media_.join_conference(call.desk_hold, relay, customer); !joined)
    spdlog::warn("call {}: the customer cannot join the conference: {}", call.id, joined.error().message);
  watch_media(call, true);
}

// The agent's phone leaves a call whose customer talks with the consulted phone (a transfer; the
// agent hanging up after answering): the call goes on without it.
void B2bua::agent_leaves(Call& call, Leg& agent) {
  Consultation& consultation = *call.consultation;
  consultation.state = ConsultState::Transferred;
  report(call, agent.endpoint, PhoneCallEvent::Kind::Transferred, "user", {}, consultation.destination);
  report_consult(call, consultation, "transferred");
  phone_leaves_mix(call, agent, call.desk_hold, "transferred to " + consultation.target);
}

void B2bua::end_consultation(Call& call) {
  if (call.consultation || !call.conferees.empty()) {
    std::vector<Consultation> others = std::exchange(call.conferees, {});
    if (call.consultation) others.push_back(*std::exchange(call.consultation, std::nullopt));
    for (const Consultation& consultation : others)
      hang_up_consult_call(consultation.call_id, "the customer's call ended");
    return;
  }
  auto customer = calls_.find(call.consults_for);
  if (customer == calls_.end() || customer->second->ended()) return;
  Call& customer_call = *customer->second;
  if (customer_call.consultation && customer_call.consultation->call_id == call.id)
    consult_call_ended(customer_call, call);
  else
    conferee_left(customer_call, call);
}

// A party brought into the conference earlier hung up: it leaves desk_hold, the others talk on.
void B2bua::conferee_left(Call& call, Call& conferee) {
  auto it = std::ranges::find(call.conferees, conferee.id, &Consultation::call_id);
  if (it == call.conferees.end()) return;
  std::string target = it->target;
  call.conferees.erase(it);
  if (call.desk_hold != 0)
    media_.leave_conference(call.desk_hold, consult_seat(conferee), media::RelaySide::A);
  add_event(call, "consult_ended", LegRole::Callee, target + ": " + conferee.hangup_cause.value_or(""));
  if (call.consultation && call.consultation->state != ConsultState::Transferred)
    report_consult(call, *call.consultation, to_string(call.consultation->state));
}

// The consultation call ended before the customer's: ringing, it failed (the agent may retrieve or
// consult again); talking, the agent is back alone with the held customer; three-way, agent and
// customer talk on; after the transfer, the customer's call ends too.
void B2bua::consult_call_ended(Call& call, Call& consult) {
  Consultation consultation = *std::exchange(call.consultation, std::nullopt);
  std::string cause = consult.hangup_cause.value_or("");
  media::ConferenceId room = consult_room(call);
  if (room != 0 && (consult.tie_relay || consult.relay))
    media_.leave_conference(room, consult_seat(consult), media::RelaySide::A);
  add_event(call, "consult_ended", LegRole::Callee, consultation.target + ": " + cause);
  if (consultation.state == ConsultState::Transferred) {
    if (call.conferees.empty()) {
      end_call(call, "answered", "callee", "the consulted phone hung up");
      return maybe_reap(call);
    }
    restore_conferee(call);  // the agent is gone; the conference goes on with who is left
    call.consultation->state = ConsultState::Transferred;
    return;
  }
  report_consult(call, consultation, consultation.state == ConsultState::Ringing ? "failed" : "ended", cause);
  if (call.side_talk != 0) {
    back_to_conference(call, consultation.agent_side, consultation.extension);
  } else if (consultation.state == ConsultState::ThreeWay) {
    if (!call.conferees.empty()) {
      restore_conferee(call);
    } else {
      media_.destroy_conference(std::exchange(call.desk_hold, 0));  // the two relay again
      after_desk_mix(call, consultation.agent_side);
    }
  } else if (call.desk_hold != 0) {
    if (auto held =
            media_.join_conference(call.desk_hold, call.relay->id, consultation.agent_side, kHearsOnly);
        !held)
      spdlog::warn("call {}: the agent cannot go back on hold: {}", call.id, held.error().message);
  }
  if (call.consultation) report_consult(call, *call.consultation, to_string(call.consultation->state));
}

void B2bua::report_consult(const Call& call, const Consultation& consultation, const char* state,
                           std::string cause) {
  if (!call_observer_) return;
  PhoneCallEvent event = phone_event(call, consultation.extension, PhoneCallEvent::Kind::Consult);
  event.consult_state = state;
  event.consult_target = consultation.target;
  event.consult_call = consultation.call_id;
  for (const Consultation& conferee : call.conferees) event.conference.push_back(conferee.target);
  event.cause = std::move(cause);
  call_observer_->on_phone_call(event);
}

}  // namespace hotline::pbx
