// Call and Leg: the call model (DESIGN.md "Call model"). A call is what the customer experiences
// from first ring to last hang-up; each leg is one SIP dialog the server holds with a phone or a
// trunk. For now a call has one caller leg and one or more callee legs (forked ringing), bridged
// through one RTP relay; later issues add bridges for transfer, conference and supervision.
//
// Thread: core loop only.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "media/media.hpp"
#include "media/sdp.hpp"
#include "pbx/call_service.hpp"
#include "pbx/outbound_rules.hpp"
#include "sip/core_loop.hpp"
#include "sip/sofia.hpp"

namespace hotline::pbx {

struct Call;

enum class LegRole { Caller, Callee };

struct Leg {
  std::string id;
  Call* call = nullptr;
  LegRole role = LegRole::Caller;
  nua_handle_t* nh = nullptr;  // null once the dialog has terminated and the handle is gone
  std::string endpoint;        // extension number, or "trunk:<name>"
  std::string peer_uri;
  std::string sip_call_id;
  UnixMs started_at = 0;
  std::optional<UnixMs> answered_at;
  std::optional<UnixMs> ended_at;
  std::string disposition = "in_progress";
  std::optional<int> sip_status;
  std::optional<std::string> hangup_cause;
  std::optional<media::ReceiveQuality> quality;      // the RTP received from this leg, at its end
  std::optional<media::RemoteReport> remote_report;  // what its RTCP said last about what it heard
  std::int64_t trunk_id = 0;                         // a callee leg towards a trunk
  bool auth_attempted = false;
  bool responded = false;  // any response to our INVITE came (a trunk that sends none is failed over)
  bool bye_sent = false;
  bool pending_reinvite = false;  // this leg sent a re-INVITE we forwarded and owe an answer to
  bool holding = false;           // this leg put the call on hold: its peer hears music
  // Its ringing said `Allow-Events: talk`: the To (with the phone's tag) of the NOTIFY by which the
  // desktop answers it; empty when the phone takes no such NOTIFY.
  std::string talk_to;
  std::string last_sdp_sent;                 // answers an offerless re-INVITE (session refresh)
  nua_saved_event_t pending_update[1] = {};  // an UPDATE forwarded to the peer, answered later
  bool has_pending_update = false;

  ~Leg() {
    if (has_pending_update) nua_destroy_event(pending_update);
  }  // this leg sent a re-INVITE we forwarded and owe an answer to
};

// The side of the call's relay a leg's phone sends to and hears from: A for the caller, B for a callee.
inline media::RelaySide side_of(const Leg& leg) {
  return leg.role == LegRole::Caller ? media::RelaySide::A : media::RelaySide::B;
}

// An agent's consultation about a call (attended transfer, three-way; PBX-3): while it rings and
// while the two talk, the customer hears music; three-way, all three hear one another; transferred,
// the agent is gone and the customer talks with the consulted phone.
enum class ConsultState { Ringing, Talking, ThreeWay, Transferred };
const char* to_string(ConsultState state);

struct Consultation {
  std::string call_id;      // the consultation call: the server's INVITE to the consulted phone
  std::string extension;    // the consulting phone, talking in the customer's call
  std::string target;       // the extension consulted, the number, or KIND:NAME of a service
  std::string destination;  // as a transfer names it: extension:EXT, queue:NAME, dial:NUMBER...
  ConsultState state = ConsultState::Ringing;
  // The consulting phone's side of the customer's call: B when it answered the call, A when it
  // placed it (the customer is on the other side).
  media::RelaySide agent_side = media::RelaySide::B;
  // No consultation but a blind transfer of a call the agent placed (B2bua::transfer_own_call):
  // the phones this call rings are offered the customer, not a consultation.
  bool blind = false;
};

struct Call {
  explicit Call(sip::CoreLoop& loop) : timer(loop), trunk_timer(loop) {}

  std::string id;
  nua_t* nua = nullptr;
  std::int64_t tenant_id = 0;
  std::string direction;  // internal | inbound | outbound
  std::string caller;
  std::string callee;
  std::string sip_call_id;   // the caller leg's
  std::string caller_offer;  // the SDP of the caller's INVITE, should the server answer it later
  // A call to one extension: its calls nobody answers may go to the extension's voicemail box.
  std::string unanswered_extension;
  UnixMs started_at = 0;
  std::optional<UnixMs> answered_at;
  std::optional<UnixMs> ended_at;
  std::string disposition = "in_progress";
  std::optional<std::string> hangup_side;
  std::optional<std::string> hangup_cause;

  std::unique_ptr<Leg> caller_leg;
  // A call from the desktop (originated): the user's other registered phones, rung with caller_leg
  // until one answers, which then becomes caller_leg (the others are cancelled).
  std::vector<std::unique_ptr<Leg>> origin_forks;
  std::vector<std::unique_ptr<Leg>> callee_legs;
  Leg* answered_leg = nullptr;
  std::optional<media::RelayPorts> relay;
  // A call the server answered itself for a service (CallService): its kind and name, and the
  // codec the caller and the server agreed on, which phones it is connected to must use too.
  std::string service_kind;
  std::string service_name;
  media::LocalAudio local_audio;
  bool connecting = false;  // a service call ringing phones (connect())
  // connect(): what to play before bridging, by the extension that answers (IVR-8); the
  // announcement playing to the caller meanwhile (0: none, the two are bridged); and the silent
  // conference both sides sit in until it has played, so that nothing is relayed while the
  // announcement is still being prepared.
  std::map<std::string, media::PlaySpec, std::less<>> announce_before_bridging;
  media::PlayId bridge_announcement = 0;
  media::ConferenceId bridge_hold = 0;
  // Held from an agent's desktop (B2bua::hold_for): the phone's side sits alone in this conference,
  // which a consultation from that desktop then shares with the consulted phone.
  media::ConferenceId desk_hold = 0;
  // The customer's call an agent consults about from the desktop (b2bua_consult.cpp): the
  // consultation call, and the call it consults for on that one.
  std::optional<Consultation> consultation;
  std::string consults_for;
  // The desk conference grows past three (PBX-9): a consultation the agent brought in
  // (call.three_way) and then consulted on from goes here, its party talking on in desk_hold with
  // the customer; the newest last. While such a consultation rings and talks, the agent's side and
  // it talk in side_talk, a conference beside desk_hold.
  std::vector<Consultation> conferees;
  media::ConferenceId side_talk = 0;
  // A consultation of a service (a queue, a flow, an outside number): the call has no SIP caller;
  // its side A is wired over the loopback to side A of this second relay, the tie, which sits in
  // the customer's desk_hold conference. What the service sends the "caller" reaches the mix, and
  // the mix (the agent's voice) comes back as the caller's audio.
  std::optional<media::RelayPorts> tie_relay;
  // Business data a desktop attached on transferring or consulting (JSON text, opaque here): the
  // next phone offered the call is shown it.
  std::string attached_data;
  // Where the caller goes when the connected phone hangs up first (IVR-9: a survey flow); none:
  // the call ends.
  std::optional<HandOver> after_callee;
  // A call the server placed from a user's desktop (click-to-dial, B2bua::originate): the caller
  // leg is the server's INVITE to that user's phone, and once the phone answers the call goes to
  // `on_origin_answer` (the "dial" service ringing the number, or the number's own service).
  std::string originated_by;
  std::optional<HandOver> on_origin_answer;
  int vip_level = 0;                         // the caller's VIP list priority (ACD-4); 0: not a VIP
  bool whitelisted = false;                  // on the tenant's whitelist (ACD-6): flows may skip their menus
  std::vector<std::string> busy_extensions;  // extensions this call keeps busy (caller, answering phone)
  sip::CoreTimer timer;                      // ring timeout while ringing; forced cleanup once ended
  std::int64_t ring_timeout_ms = 0;          // how long each ringing attempt may ring
  // A call out through trunks (PBX-8): the trunks in the order they are tried, the next one to
  // try, the SDP each attempt is offered, and the timer that gives up on a silent trunk.
  std::vector<TrunkCandidate> trunk_candidates;
  std::size_t next_trunk = 0;
  std::string trunk_offer;
  sip::CoreTimer trunk_timer;
  // What the caller of an ordinary call was sent before the answer, so that a trunk failover
  // never sends it a second 180; ringback is played to it while a failover follows early media.
  bool ringing_sent = false;
  bool early_media_sent = false;
  bool ringback_playing = false;

  bool ended() const { return ended_at.has_value(); }
  bool originated() const { return !originated_by.empty(); }
  // Every leg of the call: the caller's, the other phones a call from the desktop rings, the callees'.
  template <typename Visit>
  void for_each_leg(Visit&& visit) const {
    visit(*caller_leg);
    for (const auto& leg : origin_forks) visit(*leg);
    for (const auto& leg : callee_legs) visit(*leg);
  }
  template <typename Predicate>
  bool any_leg(Predicate&& matches) const {
    bool found = false;
    for_each_leg([&](Leg& leg) { found = found || matches(leg); });
    return found;
  }
};

}  // namespace hotline::pbx
