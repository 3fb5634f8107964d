// The B2BUA's service calls (see call_service.hpp): calls the server answers itself and hands to a
// service — conference rooms, IVR flows, queues, voicemail — which plays to the caller, listens
// to its keys, and may connect it to phones or to an outside number (through the trunks, as an
// extension dialling it would). The caller's side A of the relay is answered with the server's own
// SDP; phones and trunks are offered side B with the caller's codec, so once one answers the relay
// carries the call without transcoding, exactly like an ordinary call. A call to one extension
// that nobody answers may also end up here (divert_unanswered: voicemail).
#include <spdlog/spdlog.h>

#include <algorithm>
#include <utility>

#include "media/sdp.hpp"
#include "pbx/b2bua.hpp"
#include "pbx/cdr.hpp"
#include "pbx/sip_message.hpp"

namespace hotline::pbx {
namespace {

ConnectOutcome::Result result_for_status(int status) {
  switch (status) {
    case 486:
    case 600:
      return ConnectOutcome::Result::Busy;
    case 603:
      return ConnectOutcome::Result::Declined;
    case 408:
    case 480:
      return ConnectOutcome::Result::NoAnswer;
    default:
      return ConnectOutcome::Result::Failed;
  }
}

}  // namespace

std::string destination_name(const HandOver& next) {
  return (next.kind == "transfer" ? "extension:" : next.kind + ":") + next.name;
}

void B2bua::set_service(const std::string& kind, CallService* service) {
  if (service)
    services_[kind] = service;
  else
    services_.erase(kind);
}

CallService* B2bua::service_of(const Call& call) const {
  if (call.service_kind.empty()) return nullptr;
  auto it = services_.find(call.service_kind);
  return it == services_.end() ? nullptr : it->second;
}

Call* B2bua::service_call(const std::string& call_id) {
  auto it = calls_.find(call_id);
  if (it == calls_.end() || it->second->ended() || it->second->service_kind.empty() || !it->second->relay)
    return nullptr;
  return it->second.get();
}

void B2bua::start_service_call(Call& call, const std::string& offer, const ServiceTarget& target) {
  call.service_kind = target.kind;
  call.service_name = target.name;
  CallService* service = service_of(call);
  if (!service) {
    spdlog::warn("call {}: no service handles '{}' numbers", call.id, target.kind);
    return fail_call(call, 503, "Service Unavailable", "failed", "system");
  }
  if (!answer_for_service(call, offer)) return fail_call(call, SIP_488_NOT_ACCEPTABLE, "failed", "system");
  ServiceCall handed{call.id, call.tenant_id, call.caller, call.callee, call.service_name, call.relay->id};
  handed.kind = call.service_kind;
  handed.vip_level = call.vip_level;
  if (call.whitelisted) handed.variables["caller_whitelisted"] = "true";
  if (!call.unanswered_extension.empty())
    handed.variables["unanswered_extension"] = call.unanswered_extension;
  if (auto accepted = service->on_call(handed); !accepted) {
    spdlog::warn("call {}: {}", call.id, accepted.error().message);
    end_call(call, "answered", "system", accepted.error().message);
  }
}

bool B2bua::answer_for_service(Call& call, const std::string& offer) {
  auto audio = media::choose_local_audio(offer);
  auto remote = media::parse_sdp_audio(offer);
  if (!audio || !remote) return false;
  call.local_audio = *audio;
  media_.set_remote(call.relay->id, media::RelaySide::A, remote->connection_ip, remote->port);
  media_.set_audio_payload_type(call.relay->id, media::RelaySide::A, audio->payload_type);

  auto now = clock_.now_ms();
  call.timer.cancel();
  call.answered_at = now;
  Leg& caller = *call.caller_leg;
  caller.answered_at = now;
  caller.sip_status = 200;
  respond_with_sdp(caller, SIP_200_OK,
                   media::local_sdp(media_.bind_address(), call.relay->port_a, *audio, call.relay->id));
  recordings_.start(call);
  media_.watch_media(call.relay->id, media::RelaySide::A, options_.media_timeout_ms);
  save(call);
  store_.calls().save_leg_async(to_leg_record(caller, call.tenant_id));
  return true;
}

bool B2bua::divert_unanswered(Call& call, const std::string& reason) {
  if (call.ended() || call.answered_at || call.unanswered_extension.empty() || !call.relay ||
      !unanswered_route_)
    return false;
  auto target = unanswered_route_(call.tenant_id, call.unanswered_extension);
  if (!target || !services_.contains(target->kind)) return false;
  for (auto& leg : call.callee_legs) {
    if (leg->ended_at || !leg->nh) continue;
    nua_cancel(leg->nh, TAG_END());
    end_leg(*leg, "no_answer", std::nullopt, reason + ": to " + target->kind);
  }
  // The phones' early media must not reach the caller, nor the caller's audio a phone.
  media_.set_remote(call.relay->id, media::RelaySide::B, "0.0.0.0", 0);
  add_event(call, "diverted", LegRole::Callee, reason + " -> " + target->kind + ":" + target->name);
  start_service_call(call, call.caller_offer, *target);
  return true;
}

Status B2bua::hand_over(const std::string& call_id, HandOver next) {
  Call* call = service_call(call_id);
  if (!call) return Error::not_found("call " + call_id + " is gone");
  if (call->connecting || call->answered_leg) return Error::conflict("call " + call_id + " is connected");
  return pass_to(*call, std::move(next));
}

Status B2bua::pass_to(Call& call, HandOver next) {
  auto service = services_.find(next.kind);
  if (service == services_.end()) return Error::unavailable("no service handles '" + next.kind + "'");
  std::string previous_kind = std::exchange(call.service_kind, next.kind);
  std::string previous_name = std::exchange(call.service_name, next.name);
  ServiceCall handed{call.id,
                     call.tenant_id,
                     call.caller,
                     call.callee,
                     next.name,
                     call.relay->id,
                     std::move(next.variables),
                     next.priority,
                     call.vip_level,
                     next.announce_agent,
                     call.service_kind};
  auto accepted = service->second->on_call(handed);
  if (!accepted && !call.ended()) {
    call.service_kind = previous_kind;
    call.service_name = previous_name;
  }
  return accepted;
}

Status B2bua::hand_over_when_callee_hangs_up(const std::string& call_id, HandOver next) {
  Call* call = service_call(call_id);
  if (!call) return Error::not_found("call " + call_id + " is gone");
  if (!call->answered_leg) return Error::conflict("call " + call_id + " is not connected to a phone");
  call->after_callee = std::move(next);
  return ok_status();
}

// The connected phone hung up first on a call that goes on without it (IVR-9): the caller stays,
// the phone's side of the relay goes quiet, and the call goes where hand_over_when_callee_hangs_up
// said; the service that connected it is done with it.
void B2bua::continue_without_callee(Call& call, Leg& leg) {
  HandOver next = std::move(*call.after_callee);
  call.after_callee.reset();
  media::RelayId relay = call.relay->id;
  leg.quality = media_.quality(relay, media::RelaySide::B);
  leg.remote_report = media_.remote_report(relay, media::RelaySide::B);
  end_leg(leg, "answered", std::nullopt, "BYE");
  call.answered_leg = nullptr;
  bridge_after_announcement(call);
  media_.watch_media(relay, media::RelaySide::B, 0);
  media_.stop_play(relay, media::RelaySide::B);
  media_.stop_play(relay, media::RelaySide::A);
  media_.set_remote(relay, media::RelaySide::B, "0.0.0.0", 0);  // nothing relayed to the gone phone
  release_busy(call, leg.endpoint);
  if (auto* previous = service_of(call)) previous->on_call_ended(call.id);
  add_event(call, "callee_left", LegRole::Callee, next.kind + ":" + next.name, std::nullopt, std::nullopt);
  std::string destination = next.kind + ":" + next.name;
  if (auto accepted = pass_to(call, std::move(next)); !accepted) {
    spdlog::warn("call {}: {} refused the caller: {}", call.id, destination, accepted.error().message);
    end_call(call, "answered", "callee", "BYE");
  }
  maybe_reap(call);
}

void B2bua::release_busy(Call& call, const std::string& extension) {
  auto it = std::find(call.busy_extensions.begin(), call.busy_extensions.end(), extension);
  if (it == call.busy_extensions.end()) return;
  call.busy_extensions.erase(it);
  if (extension_busy_) extension_busy_(call.tenant_id, extension, false);
}

media::PlayId B2bua::play(const std::string& call_id, media::PlaySpec spec) {
  Call* call = service_call(call_id);
  return call ? media_.play(call->relay->id, media::RelaySide::A, std::move(spec)) : 0;
}

void B2bua::stop_play(const std::string& call_id) {
  if (Call* call = service_call(call_id)) media_.stop_play(call->relay->id, media::RelaySide::A);
}

void B2bua::on_play_done(media::RelayId relay, const media::PlayOutcome& outcome) {
  auto it = calls_by_relay_.find(relay);
  if (it == calls_by_relay_.end() || it->second->ended()) return;
  Call& call = *it->second;
  if (outcome.towards == media::RelaySide::B) return;  // the phone's copy of an announcement
  if (call.bridge_announcement != 0 && outcome.play == call.bridge_announcement)
    return bridge_after_announcement(call);
  if (auto* service = service_of(call)) service->on_play_done(call.id, outcome);
}

bool B2bua::connect(const std::string& call_id, const std::vector<std::string>& extensions,
                    std::int64_t ring_timeout_ms, ConnectOptions options) {
  Call* call = service_call(call_id);
  if (!call || call->connecting || call->answered_leg) return false;
  // The caller's codec only: the relay forwards without transcoding.
  std::string offer = media::local_sdp(media_.bind_address(), call->relay->port_b, call->local_audio,
                                       call->relay->id + 1'000'000'000);
  auto reachable = options.respect_dnd ? disturbable(call->tenant_id, extensions) : extensions;
  if (ring_extensions(*call, reachable, offer) == 0) return false;
  call->connecting = true;
  call->announce_before_bridging = std::move(options.announce_before_bridging);
  call->ring_timeout_ms = ring_timeout_ms;
  ring_for(*call);
  return true;
}

bool B2bua::connect_external(const std::string& call_id, const std::string& number,
                             std::int64_t ring_timeout_ms) {
  Call* call = service_call(call_id);
  if (!call || call->connecting || call->answered_leg) return false;
  const auto* plan = directory_.dialplan(call->tenant_id);
  auto trunks = plan ? trunk_candidates(plan->routes, number, local_now()) : std::vector<TrunkCandidate>{};
  if (trunks.empty()) return false;
  std::string offer = media::local_sdp(media_.bind_address(), call->relay->port_b, call->local_audio,
                                       call->relay->id + 1'000'000'000);
  call->connecting = true;
  call->announce_before_bridging.clear();
  call->ring_timeout_ms = ring_timeout_ms;
  add_event(*call, "dial_out", LegRole::Callee, number);
  if (!dial_trunks(*call, std::move(trunks), std::move(offer))) {
    call->connecting = false;
    return false;
  }
  return true;
}

void B2bua::cancel_connect(const std::string& call_id, const std::string& extension) {
  Call* call = service_call(call_id);
  if (!call || !call->connecting) return;
  bool still_ringing = false;
  for (auto& leg : call->callee_legs) {
    if (leg->ended_at || !leg->nh) continue;
    if (!extension.empty() && leg->endpoint != extension) {
      still_ringing = true;
      continue;
    }
    nua_cancel(leg->nh, TAG_END());
    end_leg(*leg, "cancelled", std::nullopt, "connect cancelled");
  }
  if (still_ringing) return;
  call->timer.cancel();
  call->trunk_timer.cancel();
  call->connecting = false;
}

Result<store::RecordingRecord> B2bua::record_caller(const std::string& call_id, const std::string& suffix) {
  Call* call = service_call(call_id);
  if (!call) return Error::not_found("call " + call_id + " is gone");
  if (call->connecting || call->answered_leg) return Error::conflict("call " + call_id + " is connected");
  return recordings_.record_caller(*call, suffix);
}

void B2bua::hang_up(const std::string& call_id, const std::string& cause) {
  if (Call* call = service_call(call_id)) {
    end_call(*call, "answered", "system", cause);
    maybe_reap(*call);
  }
}

// Responses to the INVITEs connect() placed. The caller was answered long ago, so provisional
// responses are not passed on (the service decides what the caller hears meanwhile).
void B2bua::on_service_setup_response(Call& call, Leg& leg, const sip::SipEvent& ev) {
  int status = ev.status;
  if (status < 200) return;
  if (status < 300) {
    if (call.ended() || !call.connecting) {  // another phone was faster, or the connect was cancelled
      nua_bye(leg.nh, TAG_END());
      leg.bye_sent = true;
      end_leg(leg, "cancelled", status, "answered elsewhere");
      return;
    }
    return connect_answered(call, leg, ev);
  }
  if ((status == 401 || status == 407) && leg.trunk_id && !leg.auth_attempted &&
      authenticate_to_trunk(leg, ev)) {
    return;
  }
  attempt_failed(call, leg, status, std::to_string(status) + " " + sip::str_or_empty(ev.phrase));
}

// Nothing rings for the service's connect any more: it failed as the last attempt did.
void B2bua::connect_failed(Call& call, int status) {
  if (call.ended() || !call.connecting) return;
  for (const auto& other : call.callee_legs) {
    if (!other->ended_at) return;  // still ringing elsewhere
  }
  call.timer.cancel();
  finish_connect(call, {result_for_status(status), {}, status});
}

void B2bua::connect_answered(Call& call, Leg& leg, const sip::SipEvent& ev) {
  auto answer = media::parse_sdp_audio(payload_of(ev.sip));
  if (!answer) {
    nua_bye(leg.nh, TAG_END());
    leg.bye_sent = true;
    end_leg(leg, "failed", ev.status, "unusable SDP in answer");
    return;
  }
  media_.set_remote(call.relay->id, media::RelaySide::B, answer->connection_ip, answer->port);
  media_.set_audio_payload_type(call.relay->id, media::RelaySide::B, call.local_audio.payload_type);
  auto announcement = call.announce_before_bridging.extract(leg.endpoint);
  call.announce_before_bridging.clear();
  if (announcement)
    announce_before_bridging(call, leg, std::move(announcement.mapped()));
  else
    media_.stop_play(call.relay->id, media::RelaySide::A);  // the caller hears the phone from now on
  call.timer.cancel();
  call.trunk_timer.cancel();
  call.connecting = false;
  call.answered_leg = &leg;
  leg.answered_at = clock_.now_ms();
  leg.sip_status = ev.status;
  for (auto& other : call.callee_legs) {
    if (other.get() == &leg || other->ended_at || !other->nh) continue;
    nua_cancel(other->nh, TAG_END());
    end_leg(*other, "cancelled", std::nullopt, "answered elsewhere");
  }
  media_.watch_media(call.relay->id, media::RelaySide::B, options_.media_timeout_ms);
  // The ACD knows its own calls; a trunk is nobody's phone.
  if (call.service_kind != "queue" && !leg.trunk_id) mark_busy(call, leg.endpoint);
  if (!leg.trunk_id) report(call, leg.endpoint, PhoneCallEvent::Kind::Answered);
  store_.calls().save_leg_async(to_leg_record(leg, call.tenant_id));
  finish_connect(call, {ConnectOutcome::Result::Answered, leg.endpoint, ev.status});
  if (call.tie_relay && !call.ended()) consult_answered(call);  // a consultation's queue or number
}

// IVR-8: both parties hear the announcement, and not each other, until it ends (on_play_done).
// A play starts only once prepared (speech may first be synthesized); meanwhile both sides sit in
// a conference of their own where nobody speaks, so they hear silence rather than each other.
void B2bua::announce_before_bridging(Call& call, const Leg& leg, media::PlaySpec announcement) {
  media::RelayId relay = call.relay->id;
  call.bridge_hold = media_.create_conference();
  for (auto side : {media::RelaySide::A, media::RelaySide::B}) {
    if (auto held = media_.join_conference(call.bridge_hold, relay, side, {false, true, std::nullopt}); !held)
      spdlog::warn("call {}: cannot hold the bridge for the announcement: {}", call.id, held.error().message);
  }
  announcement.interruptible = false;
  announcement.loops = 1;
  media_.play(relay, media::RelaySide::B, announcement);
  call.bridge_announcement = media_.play(relay, media::RelaySide::A, std::move(announcement));
  add_event(call, "agent_announcement", LegRole::Callee, leg.endpoint, std::nullopt, std::nullopt);
}

// The announcement is over (or the call moves on without it): the two hear each other.
void B2bua::bridge_after_announcement(Call& call) {
  call.bridge_announcement = 0;
  if (call.bridge_hold == 0) return;
  if (call.relay) media_.stop_play(call.relay->id, media::RelaySide::B);
  media_.destroy_conference(std::exchange(call.bridge_hold, 0));
}

void B2bua::finish_connect(Call& call, ConnectOutcome outcome) {
  call.connecting = false;
  if (outcome.result != ConnectOutcome::Result::Answered) call.announce_before_bridging.clear();
  if (auto* service = service_of(call)) service->on_connect_result(call.id, outcome);
}

}  // namespace hotline::pbx
