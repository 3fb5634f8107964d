// The B2BUA's mid-call session changes. Hold and resume (an offer with a=sendonly or a=inactive,
// and the sendrecv offer after it) are answered here: the held party hears music on hold from the
// media engine and its phone sees no re-INVITE (PBX-4). Other re-INVITEs and UPDATEs (codec
// changes, new addresses) are passed to the peer leg with their SDP re-pointed at the relay, and
// the peer's answer comes back the same way; session refreshes without SDP are answered here, and
// so is every offer from a leg that talks to the server rather than to a phone (answer_offer_here).
#include <utility>

#include "media/sdp.hpp"
#include "pbx/b2bua.hpp"
#include "pbx/sip_message.hpp"

namespace hotline::pbx {

namespace {

// An offer that puts the call on hold: a=sendonly or a=inactive, or the older c=0.0.0.0.
bool is_hold(const media::SdpAudio& offer) {
  return offer.direction == "sendonly" || offer.direction == "inactive" || offer.connection_ip == "0.0.0.0";
}

// The direction of the answer to `offer`: recvonly to a hold (inactive to inactive), else sendrecv.
const char* answering_direction(const media::SdpAudio& offer) {
  if (!is_hold(offer)) return "sendrecv";
  return offer.direction == "inactive" ? "inactive" : "recvonly";
}

}  // namespace

// Answers a hold or resume offer from `leg` itself and switches music on hold towards the peer.
// While the desktop holds the call or mixes it (desk_hold: music, a consultation, a conference),
// the phone's hold only silences the phone: what the others hear stays the desktop's to change,
// and the desktops, which show the desktop's hold, hear nothing of it (the timeline does).
// Returns false for any other offer, which is passed through.
bool B2bua::answer_hold(Leg& leg, const sip::SipEvent& ev) {
  Call& call = *leg.call;
  auto offer = media::parse_sdp_audio(payload_of(ev.sip));
  if (!offer || !call.relay || (!is_hold(*offer) && !leg.holding)) return false;
  bool hold = is_hold(*offer);
  auto answer = media::with_direction(leg.last_sdp_sent, answering_direction(*offer));
  if (!answer) return false;
  media_.set_remote(call.relay->id, side_of(leg), offer->connection_ip, offer->port);
  nua_respond(ev.nh, SIP_200_OK, NUTAG_WITH_THIS(ev.nua), SIPTAG_CONTENT_TYPE_STR("application/sdp"),
              SIPTAG_PAYLOAD_STR(answer->c_str()), TAG_END());
  leg.last_sdp_sent = *answer;
  if (std::exchange(leg.holding, hold) == hold) return true;
  add_event(call, hold ? "hold" : "resume", leg.role);
  if (call.desk_hold != 0) return true;
  auto held_side = media::other_side(side_of(leg));
  watch_media(call, !hold);  // a held call may rightly go quiet
  if (hold)
    play_music(call, held_side);
  else
    media_.stop_music(call.relay->id, held_side);
  const char* party = leg.role == LegRole::Caller ? "caller" : "callee";
  report_phone_hold(call, hold ? PhoneCallEvent::Kind::Held : PhoneCallEvent::Kind::Retrieved, party);
  return true;
}

void B2bua::play_music(const Call& call, media::RelaySide side) {
  media_.start_music(call.relay->id, side,
                     media::tenant_music_class(call.tenant_id, directory_.music_class(call.tenant_id)));
}

// The leg talks to the server, not to another phone (a service call, a consultation, a customer
// whose agent left, a phone still ringing for it): a re-INVITE or UPDATE is answered here with the
// server's own SDP — as it is for a session refresh, with the phone's new address learnt for a new
// offer, recvonly (inactive for inactive) for a hold, whose phone then simply does not hear the
// server's audio.
void B2bua::answer_offer_here(Leg& leg, const sip::SipEvent& ev) {
  std::string body = payload_of(ev.sip);
  auto offer = media::parse_sdp_audio(body);
  auto answer = body.empty() ? Result<std::string>(leg.last_sdp_sent)
                             : media::with_direction(leg.last_sdp_sent,
                                                     offer ? answering_direction(*offer) : "sendrecv");
  if ((!body.empty() && !offer) || !answer || !leg.call->relay) {
    nua_respond(ev.nh, SIP_488_NOT_ACCEPTABLE, NUTAG_WITH_THIS(ev.nua), TAG_END());
    return;
  }
  if (offer && !is_hold(*offer))
    media_.set_remote(leg.call->relay->id, side_of(leg), offer->connection_ip, offer->port);
  nua_respond(ev.nh, SIP_200_OK, NUTAG_WITH_THIS(ev.nua), SIPTAG_CONTENT_TYPE_STR("application/sdp"),
              SIPTAG_PAYLOAD_STR(answer->c_str()), TAG_END());
  leg.last_sdp_sent = *answer;
}

// Whether `leg` has no answered phone to pass its offers to (answer_offer_here answers them).
bool B2bua::talks_to_server(Leg& leg) {
  Leg* other = peer_of(leg);
  return !other || !other->nh || !other->answered_at || other->ended_at;
}

// The leg that `leg` talks to: the answered callee (or the only one ringing) for the caller.
Leg* B2bua::peer_of(Leg& leg) {
  Call& call = *leg.call;
  if (leg.role == LegRole::Callee) return call.caller_leg.get();
  if (call.answered_leg) return call.answered_leg;
  return call.callee_legs.size() == 1 ? call.callee_legs.front().get() : nullptr;
}

void B2bua::on_reinvite(Leg& leg, const sip::SipEvent& ev) {
  Call& call = *leg.call;
  if (call.ended() || !call.answered_at || leg.ended_at) {
    nua_respond(ev.nh, SIP_481_NO_TRANSACTION, NUTAG_WITH_THIS(ev.nua), TAG_END());
    return;
  }
  if (talks_to_server(leg)) return answer_offer_here(leg, ev);
  Leg* other = peer_of(leg);
  if (leg.pending_reinvite || other->pending_reinvite) {
    nua_respond(ev.nh, SIP_491_REQUEST_PENDING, NUTAG_WITH_THIS(ev.nua), TAG_END());
    return;
  }
  if (payload_of(ev.sip).empty()) {  // a session refresh: confirm the media as it is
    respond_with_sdp(leg, SIP_200_OK, leg.last_sdp_sent);
    return;
  }
  if (answer_hold(leg, ev)) return;
  auto towards = side_of(*other);
  auto sdp = sdp_towards(call, towards, ev.sip, true);
  if (!sdp) {
    nua_respond(ev.nh, SIP_488_NOT_ACCEPTABLE, NUTAG_WITH_THIS(ev.nua), TAG_END());
    return;
  }
  leg.pending_reinvite = true;
  nua_invite(other->nh, SIPTAG_CONTENT_TYPE_STR("application/sdp"), SIPTAG_PAYLOAD_STR(sdp->c_str()),
             TAG_END());
  other->last_sdp_sent = *sdp;
}

void B2bua::on_reinvite_response(Call& call, Leg& leg, const sip::SipEvent& ev) {
  if (ev.status < 200) return;
  Leg* requester = peer_of(leg);
  if (!requester || !requester->pending_reinvite || !requester->nh) return;
  requester->pending_reinvite = false;
  auto towards = side_of(*requester);
  if (ev.status < 300) {
    if (auto sdp = sdp_towards(call, towards, ev.sip, true)) {
      respond_with_sdp(*requester, SIP_200_OK, *sdp);
      return;
    }
    nua_respond(requester->nh, SIP_488_NOT_ACCEPTABLE, TAG_END());
    return;
  }
  nua_respond(requester->nh, ev.status, static_phrase(ev.status), TAG_END());
}

// UPDATE (RFC 3311) without SDP refreshes the session and is answered here; with SDP it is
// passed to the peer and answered with the peer's SDP once that comes back.
void B2bua::on_update(Leg& leg, const sip::SipEvent& ev) {
  Call& call = *leg.call;
  Leg* other = peer_of(leg);
  if (payload_of(ev.sip).empty()) {
    nua_respond(ev.nh, SIP_200_OK, NUTAG_WITH_THIS(ev.nua), TAG_END());
    return;
  }
  if (call.answered_at && !call.ended() && talks_to_server(leg)) return answer_offer_here(leg, ev);
  if (call.answered_at && answer_hold(leg, ev)) return;
  if (call.ended() || !other || !other->nh || leg.has_pending_update || other->has_pending_update) {
    nua_respond(ev.nh, SIP_491_REQUEST_PENDING, NUTAG_WITH_THIS(ev.nua), TAG_END());
    return;
  }
  auto towards = side_of(*other);
  auto sdp = sdp_towards(call, towards, ev.sip, true);
  if (!sdp) {
    nua_respond(ev.nh, SIP_488_NOT_ACCEPTABLE, NUTAG_WITH_THIS(ev.nua), TAG_END());
    return;
  }
  nua_save_event(ev.nua, leg.pending_update);
  leg.has_pending_update = true;
  nua_update(other->nh, SIPTAG_CONTENT_TYPE_STR("application/sdp"), SIPTAG_PAYLOAD_STR(sdp->c_str()),
             TAG_END());
  other->last_sdp_sent = *sdp;
}

void B2bua::on_update_response(Leg& leg, const sip::SipEvent& ev) {
  if (ev.status < 200) return;
  Leg* requester = peer_of(leg);
  if (!requester || !requester->has_pending_update) return;
  auto towards = side_of(*requester);
  auto sdp = ev.status < 300 ? sdp_towards(*leg.call, towards, ev.sip, true) : std::nullopt;
  if (requester->nh && sdp) {
    nua_respond(requester->nh, SIP_200_OK, NUTAG_WITH_SAVED(requester->pending_update),
                SIPTAG_CONTENT_TYPE_STR("application/sdp"), SIPTAG_PAYLOAD_STR(sdp->c_str()), TAG_END());
    requester->last_sdp_sent = *sdp;
  } else if (requester->nh) {
    int status = ev.status < 300 ? 488 : ev.status;
    nua_respond(requester->nh, status, static_phrase(status), NUTAG_WITH_SAVED(requester->pending_update),
                TAG_END());
  }
  nua_destroy_event(requester->pending_update);
  requester->has_pending_update = false;
}

}  // namespace hotline::pbx
