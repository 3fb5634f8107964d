// B2bua: the back-to-back user agent that every call goes through. It answers the caller's
// INVITE itself and places new INVITEs to the callee(s) (forking to every registered contact, or
// to a trunk), anchoring media in an RTP relay; it maps outcomes back to the caller with the right
// SIP codes and writes CDRs. re-INVITEs are passed through with their SDP pointed at the relay.
//
// Thread: core loop only.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/clock.hpp"
#include "media/media.hpp"
#include "pbx/call.hpp"
#include "pbx/call_observer.hpp"
#include "pbx/call_recordings.hpp"
#include "pbx/call_service.hpp"
#include "pbx/directory.hpp"
#include "sip/sip.hpp"
#include "store/store.hpp"

namespace hotline::pbx {

class CallParking;

struct B2buaOptions {
  std::int64_t ring_timeout_ms = 30'000;
  std::int64_t reap_after_ms = 40'000;  // force-release handles of an ended call after this long
  // An answered call whose party sends no RTP for this long is hung up (0: never); not on hold.
  std::int64_t media_timeout_ms = 60'000;
  // A trunk that sends no response at all (not even 100 Trying) to an INVITE for this long is
  // given up on and the call fails over to the next trunk (PBX-8), well before SIP's 32 s.
  std::int64_t trunk_response_timeout_ms = 5'000;
  int utc_offset_minutes = 480;  // tenants' local time for outbound route windows (China: UTC+8)
};

// An answered call an extension is talking on, and the side of the call's relay it is on.
struct TalkingCall {
  std::string call_id;
  media::RelayId relay = 0;
  media::RelaySide side = media::RelaySide::A;
};

class B2bua {
 public:
  B2bua(sip::CoreLoop& loop, const Directory& directory, sip::RequestAuthenticator& auth,
        const sip::LocationService& locations, media::MediaEngine& media, CallRecordings& recordings,
        store::Store& store, const Clock& clock, B2buaOptions options);
  ~B2bua();

  // The SIP stack's agent, for calls the server places without an INVITE to answer (originate).
  void set_nua(nua_t* nua) { nua_ = nua; }
  // Returns false when the event is not about calls (the caller handles or discards it).
  bool on_sip_event(const sip::SipEvent& event);
  std::size_t calls_in_progress() const;
  // A party of the call on `relay` pressed a key (posted here from the media engine).
  void on_dtmf(media::RelayId relay, media::RelaySide side, const media::dsp::DtmfDigit& digit);
  // A party of the call on `relay` sent no RTP for the media timeout: the call is hung up.
  void on_media_timeout(media::RelayId relay, media::RelaySide side);
  // Hangs up every call (BYE/CANCEL/503) and records it; used at shutdown.
  void hang_up_all(const std::string& cause);

  // Services (b2bua_service_calls.cpp): the handler of numbers whose target type is `kind`
  // ("conference", "flow", "queue"); it must outlive the B2BUA or be unset.
  void set_service(const std::string& kind, CallService* service);
  // What a service asks of its calls. Ids of calls that are gone or not service calls are
  // ignored (0, false).
  media::PlayId play(const std::string& call_id, media::PlaySpec spec);
  void stop_play(const std::string& call_id);
  // Rings the extensions' phones (every registered contact) offering the caller's codec; the
  // first to answer is connected to the caller, the others are cancelled; the outcome comes
  // through CallService::on_connect_result. False when the call is gone, already connected or
  // connecting, or nobody is registered (or, with options.respect_dnd, nobody out of
  // do-not-disturb; then nothing is reported). With an announcement for the
  // extension that answers (options), both parties hear it first and are bridged when it ends;
  // Answered is reported at once.
  bool connect(const std::string& call_id, const std::vector<std::string>& extensions,
               std::int64_t ring_timeout_ms, ConnectOptions options = {});
  // Dials an outside number for the tenant through its outbound routes (PBX-8: the open routes'
  // trunks in turn, failing over on 5xx, 408 or silence, each with its route's caller ID), offering
  // the caller's codec; once the far end answers, the caller is connected to it. The outcome comes
  // through CallService::on_connect_result (Answered: `extension` is "trunk:NAME"). False when the
  // call is gone, already connected or connecting, or no route is open for the number (then
  // nothing is reported).
  bool connect_external(const std::string& call_id, const std::string& number, std::int64_t ring_timeout_ms);
  // Stops ringing the extension's phones (all phones when empty); reports nothing.
  void cancel_connect(const std::string& call_id, const std::string& extension = {});
  // Gives the call to the service for `next.kind` (an IVR flow passing the caller to a queue): its
  // on_call decides; when it refuses, the call stays with the service it was with.
  Status hand_over(const std::string& call_id, HandOver next);
  // For a connected call: when the phone hangs up first, the caller is not hung up but handed to
  // `next` (IVR-9: a survey flow with the agent in its variables); the current service hears
  // on_call_ended. If `next` refuses, the call ends. A caller hanging up ends the call as always.
  // NotFound when the call is gone, Conflict when it is not connected to a phone.
  Status hand_over_when_callee_hangs_up(const std::string& call_id, HandOver next);
  void hang_up(const std::string& call_id, const std::string& cause);
  // Records the caller alone into a file of its own (a voicemail message; `suffix` ends its name)
  // until the call ends; the call's recording stops there. The row as started; NotFound for a call
  // that is gone, Conflict for one connected to a phone.
  Result<store::RecordingRecord> record_caller(const std::string& call_id, const std::string& suffix);
  // Where a call to one extension goes when nobody answers it (no answer within the ring timeout,
  // busy, declined, or no phone registered): a service, or nothing (the call fails as before). The
  // B2BUA then answers the caller itself and hands the call to that service (IVR-7: voicemail).
  using UnansweredRoute =
      std::function<std::optional<ServiceTarget>(std::int64_t tenant_id, const std::string& extension)>;
  void set_unanswered_route(UnansweredRoute route) { unanswered_route_ = std::move(route); }
  // Told when an extension starts or stops being on a call the ACD did not place (it dials, or a
  // direct call to it is answered), so a queue does not offer that agent a call meanwhile.
  using ExtensionBusy = std::function<void(std::int64_t tenant_id, const std::string& extension, bool busy)>;
  void set_extension_busy_observer(ExtensionBusy observer) { extension_busy_ = std::move(observer); }
  // Told of every phone's part in calls (call_observer.hpp): the CTI's events. It must outlive the
  // B2BUA or be unset.
  void set_call_observer(CallObserver* observer) { call_observer_ = observer; }
  // Tells the call observer the extension's do not disturb was set from its phone.
  void report_do_not_disturb(std::int64_t tenant_id, const std::string& extension, bool on) {
    if (call_observer_) call_observer_->on_do_not_disturb(tenant_id, extension, on);
  }
  // Hangs up the tenant's call `call_id` on behalf of the phone at `extension` (its user's desktop),
  // as if that phone had sent BYE: an answered callee leg or the caller's own leg. NotFound when
  // the tenant has no such call in progress, Conflict when the extension's phone is not talking in
  // it (still ringing, say).
  Status hang_up_for(std::int64_t tenant_id, const std::string& call_id, const std::string& extension,
                     const std::string& username);
  // Answers the tenant's call `call_id` at the phone of `extension` ringing for it, from the user's
  // desktop: a NOTIFY "Event: talk" in the early dialog tells the phone to go off hook (the remote
  // answer many desk phones take, announced by `Allow-Events: talk` in their ringing). NotFound as
  // hang_up_for; Conflict when that phone is not ringing for the call, or rings without the talk
  // event (its handset is lifted by hand).
  Status answer_for(std::int64_t tenant_id, const std::string& call_id, const std::string& extension,
                    const std::string& username);
  // Ends the tenant's call `call_id` on a supervisor's command (SUP-1: force hang-up), whoever
  // talks in it; `username` goes on its timeline. NotFound when the tenant has no such call in
  // progress.
  Status force_hang_up(std::int64_t tenant_id, const std::string& call_id, const std::string& username);
  // Holds (or with `hold` false retrieves) the tenant's call `call_id` from the desktop of the phone
  // at `extension`, which talks in it: the other party hears the tenant's music on hold and the
  // phone silence, without a re-INVITE to either. Holding a held call, or retrieving one that is not,
  // changes nothing. NotFound and Conflict as hang_up_for; Conflict too while a phone holds the call
  // itself or an announcement plays.
  Status hold_for(std::int64_t tenant_id, const std::string& call_id, const std::string& extension, bool hold,
                  const std::string& username);
  // Transfers the call blind from the desktop of the phone talking in it: the phone is hung up and
  // the other party goes on to `target`, a service — {"queue", NAME}, {"transfer", EXTENSION} to
  // ring another extension (BlindTransfers), {"dial", NUMBER}, a flow — hearing music or ringback
  // meanwhile. A call the phone placed itself goes on through the server's mix (transfer_own_call).
  // NotFound and Conflict as hang_up_for; Conflict too for an announcement playing or an extension
  // with no phone registered; Unavailable for a kind no service takes.
  // `data`, when not empty, is business data (JSON text) the next phone offered the call is shown.
  Status transfer_for(std::int64_t tenant_id, const std::string& call_id, const std::string& extension,
                      HandOver target, const std::string& username, std::string data = {});
  // Where a number the phone at `extension` dials leads, as a transfer or consultation target
  // (PBX-3: a skill group, an IVR flow or an outside number as well as a colleague): one extension
  // is {"transfer", EXTENSION}; a service number its service (a queue, a flow, a conference room);
  // an outside number or a ring group {"dial", NUMBER}. Checked as originate checks it: NotFound
  // (field "number") when it goes nowhere, PermissionDenied when the extension's owners may not
  // dial it, Conflict for a feature code (supervision, pickup, park).
  Result<HandOver> destination_of(std::int64_t tenant_id, const std::string& extension,
                                  const std::string& number) const;
  // Consultation (attended transfer, three-way; PBX-3, b2bua_consult.cpp). From the desktop of the
  // phone answered in the call: the customer is held (music) and the consultation call is placed.
  // To a colleague ({"transfer", EXTENSION}) the server rings its phone (its most recent
  // registration), showing the agent as the caller and, to its desktop, the customer and `data`;
  // to a service (a queue, a flow, {"dial", NUMBER}) the call goes there as if the agent had dialled
  // it, the agent hearing what a caller would (ringback, the queue's music, the prompts; its keys
  // reach the flow). Once answered, the agent and the target talk while the customer hears music.
  // The consultation call's id. NotFound and Conflict as transfer_for; Conflict too when the
  // call already has a consultation, the target is the agent itself or has no phone registered;
  // Unavailable for a kind no service takes, or the service's refusal.
  Result<std::string> consult_for(std::int64_t tenant_id, const std::string& call_id,
                                  const std::string& extension, const HandOver& target,
                                  const std::string& username, std::string data = {});
  // What the consulting desktop does next: Transfer (the agent leaves, the customer and the target
  // talk), ThreeWay (all three talk; the agent may still transfer, or hang up to leave the two),
  // Cancel (the consultation call is hung up and the customer retrieved). NotFound when the tenant
  // has no such call in progress; Conflict when it has no consultation from `extension`, or for
  // Transfer and ThreeWay while the target has not answered. An agent who hangs up while talking
  // with the target transfers too; one who hangs up while it still rings ends both calls.
  enum class ConsultAction { Transfer, ThreeWay, Cancel };
  Status finish_consult(std::int64_t tenant_id, const std::string& call_id, const std::string& extension,
                        ConsultAction action, const std::string& username);
  // Click-to-dial (PBX-10, b2bua_originate.cpp): rings the phone of the tenant's `extension` first
  // (its most recent registration) with the server's offer; once it answers, the call goes on as
  // if that phone had dialled `number`: another extension or an outside number is rung by the
  // "dial" service (ClickToDial: ringback meanwhile, redial on busy as `variables` say), a service
  // number (conference room, queue, flow, a supervision or pickup code) goes to its service. The
  // number is checked first as the phone's own INVITE would be: NotFound when it goes nowhere,
  // PermissionDenied when the extension's owners may not dial it (toll prefixes, supervision),
  // Conflict when the extension has no phone registered, is on a call, or the code's target is
  // talking to nobody (nothing ringing to pick up). Returns the new call's id.
  Result<std::string> originate(std::int64_t tenant_id, const std::string& extension,
                                const std::string& number, const std::string& username,
                                std::map<std::string, std::string, std::less<>> variables);
  // For the "dial" service: rings the number the call `call_id` was handed to it with (its service
  // name: the number an originated call dialled, or a transfer or consultation went to),
  // routed as its extension would dial it, as connect() or connect_external(). False when the
  // call is gone or connecting, or nothing can ring for the number now.
  bool connect_dialled(const std::string& call_id, std::int64_t ring_timeout_ms);
  // Parks the call from the desktop of the phone answered in it (PBX-5): the phone is hung up as in
  // a blind transfer and the caller waits in the lowest free slot of the tenant's lot
  // (set_parking), hearing music; a call the phone placed itself waits there through the server's
  // mix (park_own_call). The slot. NotFound and Conflict as transfer_for; Conflict too when the lot
  // is full (the call is left as it was); Unavailable when there is no lot.
  Result<int> park_for(std::int64_t tenant_id, const std::string& call_id, const std::string& extension,
                       const std::string& username);
  // The parking lot (the "park" and "unpark" service): park_for seats calls there, and *7 + a slot
  // is refused before answering when no call waits in it. It must outlive the B2BUA or be unset.
  void set_parking(CallParking* parking) { parking_ = parking; }
  // A play on the call on `relay` ended (posted here from the media engine).
  void on_play_done(media::RelayId relay, const media::PlayOutcome& outcome);
  // Pauses or resumes the recording of the tenant's call `call_id` on a user's command and puts
  // it on the call's timeline with `username`. NotFound when the tenant has no such call in
  // progress (ended calls included: the caller tells those apart from unknown ones); Conflict when
  // the call is in progress but not being recorded.
  Result<RecordingPauseState> set_recording_paused(std::int64_t tenant_id, const std::string& call_id,
                                                   bool paused, const std::string& username);

  // Feature codes (b2bua_feature_codes.cpp). The call the tenant's `extension` is talking on
  // (supervision, SUP-1): NotFound when it is on none; Conflict while a service has the caller
  // alone (an IVR flow, a queue still ringing, a conference room) or an announcement still keeps
  // the two apart.
  Result<TalkingCall> talking_call(std::int64_t tenant_id, const std::string& extension) const;
  // Pickup (PBX-6): the tenant's ordinary call ringing `extension`'s phones, not answered yet,
  // becomes a call of the service `service_kind`: its phones are cancelled and its caller is
  // answered with the server's SDP on side A (recorded as any call); the service hears
  // on_call_ended and may hang_up it. `by` (the picking extension) goes on its timeline.
  // NotFound when nothing rings there; Conflict when the caller's offer has no usable audio.
  Result<TalkingCall> take_ringing_call(std::int64_t tenant_id, const std::string& extension,
                                        const std::string& service_kind, const std::string& by);
  // Puts a feature's event on the call's timeline (kind "supervision_started", party
  // "supervisor", detail "listen 1004"); ignored for a call that is gone.
  void note_feature(const std::string& call_id, const char* kind, const char* party,
                    const std::string& detail);
  // Take-over (SUP-1): the agent answered in the call `call_id`, whose parties sit in the
  // supervision mix `conference` with the supervisor `by`, is cut off: its phone is hung up and the
  // customer talks on with the supervisor. NotFound for a call that is gone; Conflict when no phone
  // is answered in it or it has a consultation.
  Status cut_off_agent(const std::string& call_id, media::ConferenceId conference, const std::string& by);
  // Ends a taken-over call (its supervisor hung up): the customer is hung up with `cause`. Nothing
  // for a call that is gone or still has an answered phone.
  void hang_up_taken_over(const std::string& call_id, const std::string& cause);
  // Writes the audit log's row for a supervisor joining a call (listening in is always audited):
  // the supervisor's extension and its owners, the mode, the supervised call.
  void audit_supervision(const std::string& supervisor_call_id, const std::string& supervised_call_id,
                         const std::string& mode);
  // Told when any call ends, after its relay is gone (whoever supervised it is hung up).
  using CallEnded = std::function<void(const std::string& call_id)>;
  void set_call_ended_observer(CallEnded observer) { call_ended_ = std::move(observer); }

  // Whether the call's caller is one of the tenant's extensions (not a trunk, not anonymous).
  static bool caller_is_extension(const Call& call);

 private:
  struct CallOrigin;

  void on_new_invite(const sip::SipEvent& ev);
  // An INVITE without credentials from a source that is no trunk, to a number marked public.
  bool reaches_public_number(const sip::SipEvent& ev, const sip::TenantRealm& tenant,
                             const std::string& dialled);
  void on_reinvite(Leg& leg, const sip::SipEvent& ev);
  bool talks_to_server(Leg& leg);
  void answer_offer_here(Leg& leg, const sip::SipEvent& ev);
  void on_invite_response(Leg& leg, const sip::SipEvent& ev);
  // Responses from the user's phone to the INVITE of a call the server originated.
  void on_origin_response(Call& call, Leg& leg, const sip::SipEvent& ev);
  void origin_answered(Call& call, Leg& leg, const sip::SipEvent& ev);
  // Whether the extension's owners may dial `target` (toll prefixes, supervision codes) and what
  // it reaches is there (someone to supervise, something to pick up); the error otherwise.
  Status may_originate(std::int64_t tenant_id, const TenantDialplan& plan, const std::string& extension,
                       const std::string& number, const RouteTarget& target) const;
  void on_setup_response(Call& call, Leg& leg, const sip::SipEvent& ev);
  void on_reinvite_response(Call& call, Leg& leg, const sip::SipEvent& ev);
  bool answer_hold(Leg& leg, const sip::SipEvent& ev);
  void on_update(Leg& leg, const sip::SipEvent& ev);
  void on_update_response(Leg& leg, const sip::SipEvent& ev);
  Leg* peer_of(Leg& leg);
  void on_caller_cancel(Leg& leg);
  void on_info(Leg& leg, const sip::SipEvent& ev);
  void on_bye(Leg& leg);
  void on_state(Leg& leg, const sip::SipEvent& ev);

  Call* start_call(const sip::SipEvent& ev, const CallOrigin& origin, const std::string& dialled);
  bool place_forks(Call& call, const RouteTarget& target, const std::string& offer_sdp);
  // The extensions not in do-not-disturb (PBX-7).
  std::vector<std::string> disturbable(std::int64_t tenant_id,
                                       const std::vector<std::string>& extensions) const;
  // Rings every registered phone of the extensions; how many were rung.
  std::size_t ring_extensions(Call& call, const std::vector<std::string>& extensions,
                              const std::string& offer);
  // `from` is the From header; `asserted_identity`, when set, goes out as P-Asserted-Identity.
  Leg* add_callee_leg(Call& call, const std::string& endpoint, const std::string& request_uri,
                      const std::string& to, const std::string& offer_sdp, const std::string& from,
                      const std::string& asserted_identity = {});
  std::string caller_from(const Call& call) const;
  // (Re)starts the ring timeout of the call's ringing attempt (call.ring_timeout_ms).
  void ring_for(Call& call);
  void on_ring_timeout(Call& call);
  void pass_provisional(Call& call, const sip::SipEvent& ev);
  // A callee leg's INVITE failed with `status` (a response, or a trunk that stayed silent): the
  // next trunk is tried, or the call (or the service's connect) fails once nothing rings.
  void attempt_failed(Call& call, Leg& leg, int status, const std::string& cause);
  void connect_failed(Call& call, int status);

  // Outbound through trunks (b2bua_outbound.cpp).
  bool dial_trunks(Call& call, std::vector<TrunkCandidate> trunks, std::string offer);
  // Toll-fraud rules: refuses (403) an extension's call to a number its owner may not dial.
  bool refuse_toll_fraud(Call& call, const TenantDialplan& plan, const std::string& dialled);
  // Refuses a feature code before answering: 403 when the extension's owner lacks the
  // supervision capability; 480 when the supervised extension is talking to nobody, nothing
  // rings at the one to pick up from, or no call waits in the parking slot.
  bool refuse_feature_code(Call& call, const TenantDialplan& plan, const RouteTarget& target);
  Call* ringing_call(std::int64_t tenant_id, const std::string& extension) const;
  bool dial_next_trunk(Call& call);
  Leg& dial_trunk(Call& call, const store::Trunk& trunk, const TrunkCandidate& candidate);
  bool fail_over(Call& call, const Leg& leg, int status);
  void on_trunk_silent(Call& call, Leg& leg);
  LocalTime local_now() const;
  bool authenticate_to_trunk(Leg& leg, const sip::SipEvent& ev);
  void answer_call(Call& call, Leg& leg, const sip::SipEvent& ev);
  // `warning`, when set, goes to the caller as a Warning header (why the call was refused).
  void fail_call(Call& call, int status, const char* phrase, const std::string& disposition, const char* side,
                 const std::string& warning = {});
  void end_call(Call& call, const std::string& disposition, const char* side, const std::string& cause);
  void end_leg(Leg& leg, const std::string& disposition, std::optional<int> status, const std::string& cause);
  void maybe_fail_after_forks(Call& call);
  void capture_quality(Call& call);
  void mark_busy(Call& call, const std::string& extension);
  PhoneCallEvent phone_event(const Call& call, const std::string& extension, PhoneCallEvent::Kind kind) const;
  // Tells the call observer about the phone at `extension` (an event of that kind on the call).
  void report(const Call& call, const std::string& extension, PhoneCallEvent::Kind kind,
              std::string side = {}, std::string disposition = {}, std::string cause = {}, int slot = 0);
  // A callee leg to a phone (not a trunk) ended: when it was the extension's last leg still
  // ringing or talking in the call, the observer hears Ended.
  void report_leg_ended(const Leg& leg);
  void report_phone_hold(const Call& call, PhoneCallEvent::Kind kind, const char* party);
  Leg* talking_leg(Call& call, const std::string& extension);
  Leg* ringing_leg(Call& call, const std::string& extension);
  void take_origin_fork(Call& call, Leg& answered);
  bool another_phone_rings(Call& call);
  void note_talk_event(Leg& leg, const sip_t* sip);
  // Starts (or, during hold, stops) the media timeout on both parties.
  void watch_media(Call& call, bool watch);
  void release_handle(Leg& leg);
  void maybe_reap(Call& call);
  void respond_with_sdp(Leg& leg, int status, const char* phrase, const std::string& sdp);
  void save(const Call& call);
  void add_event(const Call& call, const char* kind, LegRole party, std::string detail = {},
                 std::optional<std::string> source = std::nullopt,
                 std::optional<std::int64_t> duration_ms = {});
  // `party`: caller | callee, or user for a command given through the API.
  void add_event(const Call& call, const char* kind, const char* party, std::string detail,
                 std::optional<std::string> source, std::optional<std::int64_t> duration_ms);
  void start_service_call(Call& call, const std::string& offer, const ServiceTarget& target);
  // Answers the caller with the server's SDP and starts recording and the media timeout; false
  // (the call failed) when the offer has no usable audio.
  bool answer_for_service(Call& call, const std::string& offer);
  // A call to one extension that nobody answers goes to the unanswered route's service instead of
  // failing; false when there is none (the caller fails the call).
  bool divert_unanswered(Call& call, const std::string& reason);
  void on_service_setup_response(Call& call, Leg& leg, const sip::SipEvent& ev);
  void connect_answered(Call& call, Leg& leg, const sip::SipEvent& ev);
  void announce_before_bridging(Call& call, const Leg& leg, media::PlaySpec announcement);
  void bridge_after_announcement(Call& call);
  void continue_without_callee(Call& call, Leg& leg);
  // The desktop's blind transfer and park (b2bua_phone_events.cpp): the talking phone's leg of the
  // tenant's call, which may leave it while the other party goes on (NotFound, Conflict as
  // transfer_for);
  // the server taking the caller's side over (an ordinary call's codec, a desktop hold undone); the
  // phone hung up and the caller handed to `next`.
  Result<Leg*> phone_that_may_leave(std::int64_t tenant_id, const std::string& call_id,
                                    const std::string& extension);
  Status take_over_caller_side(Call& call);
  // The answered phone leaves a call whose caller talks on through `conference` (a consultation's
  // transfer, a supervisor's take-over): its side leaves the mix and hears nothing more, its leg is
  // hung up (unless it hung up itself) and ends with `cause`; the call goes on without it.
  void phone_leaves_mix(Call& call, Leg& phone, media::ConferenceId conference, const std::string& cause);
  // The desktop's hold or mix is gone: music as the phones' own holds want it (none, or theirs).
  void after_desk_mix(Call& call, media::RelaySide agent_side);
  static const Leg* holding_phone(const Call& call);
  // The tenant's music on hold towards `side` of the call's relay.
  void play_music(const Call& call, media::RelaySide side);
  // The codec the server speaks to the customer on `side` in (from what it already talks): a
  // call's own customer hears the server's mix once its agent has left or joined it to a
  // conference.
  Status speak_to_caller(Call& call, media::RelaySide side = media::RelaySide::A);
  // The tenant's call `call_id`, not ended: NotFound otherwise.
  Result<Call*> call_in_progress(std::int64_t tenant_id, const std::string& call_id);
  // Consultation (b2bua_consult.cpp).
  // The server's INVITE to the user's phone at `extension` (its most recent registration) with
  // its own offer on side A of a new relay: the caller leg of a call placed from a desktop
  // (click-to-dial, consultation). The phone shows `from`; the call's callee is `number`.
  Result<Call*> ring_user_phone(std::int64_t tenant_id, const std::string& extension,
                                const std::string& number, const std::string& from,
                                const std::string& direction, const std::string& username);
  // The consultation call to a colleague's phone, or to a service (see Call::tie_relay).
  Result<Call*> ring_consulted_phone(Call& customer, const std::string& extension, const std::string& target,
                                     const std::string& username);
  Result<Call*> place_service_consultation(Call& customer, const std::string& extension,
                                           const HandOver& target);
  // The consulting agent's key pressed on the customer's call reaches the service consulted.
  void pass_digit_to_consultation(Call& call, media::RelaySide side, const media::dsp::DtmfDigit& digit);
  // The consultation call answered (its phone, or whoever its service connected): the agent talks.
  void consult_answered(Call& consult);
  // Whether a transfer or consultation may go to `target`: Conflict (field "extension") for a
  // colleague with no phone registered or in do-not-disturb, Unavailable for a kind no service takes.
  Status may_hand_over(std::int64_t tenant_id, const HandOver& target) const;
  // The consulting phone's leg of the customer's call, while it is there.
  Leg* consulting_phone(Call& call);
  // A blind transfer of a call the agent's phone placed: the far party is on side B, where no
  // service can take it, so it goes on through a consultation of the target that the agent leaves
  // at once (the customer hears what the target's service plays: music, ringback).
  Status transfer_own_call(Call& call, Leg& agent, const HandOver& target, const std::string& username,
                           std::string data);
  // What the customer's timeline says of it (`detail` followed by the onward call's id).
  struct NotedStep {
    const char* kind;
    std::string detail;
  };
  // The customer of a call the agent placed goes on to `target` through the server's mix (the
  // onward call, whose id this is); the agent's phone is still in the call, which the caller then
  // reports and takes out. Errors as transfer_for, with the call as it was.
  Result<std::string> send_own_call_on(Call& call, Leg& agent, const HandOver& target,
                                       const std::string& username, std::string data, const NotedStep& step);
  // park_for of a call the phone placed: the slot.
  Result<int> park_own_call(Call& call, Leg& agent, int slot, const std::string& username);
  bool agent_hung_up_consulting(Call& call, Leg& agent);
  Result<Leg*> phone_that_may_consult(std::int64_t tenant_id, const std::string& call_id,
                                      const std::string& extension);
  // Where the consultation of `call` talks with the agent: side_talk while the agent consults from
  // its conference, else desk_hold.
  static media::ConferenceId consult_room(const Call& call);
  // The relay whose side A seats a consultation call in a conference: its tie, or its own.
  static media::RelayId consult_seat(const Call& consult);
  Status step_aside(Call& call);
  void back_to_conference(Call& call, media::RelaySide agent_side, const std::string& extension);
  // The newest party brought into the conference is the consultation again.
  static void restore_conferee(Call& call);
  // Hangs up a consultation call still in progress (consult_call_ended or conferee_left follows).
  void hang_up_consult_call(const std::string& call_id, const std::string& cause);
  // Three-way from talking with the consulted phone (nothing to do when three-way already); from
  // a conference, the consulted party joins it (merge_side_talk).
  Status bring_in_customer(Call& call, const std::string& username);
  Status merge_side_talk(Call& call);
  void transfer_to_consulted(Call& call, Leg& agent, const std::string& username);
  // The customer across from the consulting phone leaves its music for the desk_hold conference.
  void seat_customer(Call& call);
  void agent_leaves(Call& call, Leg& agent);
  // A call with a consultation, or a consultation call, ends (end_call): the other one follows or
  // goes back to what it was.
  void end_consultation(Call& call);
  void conferee_left(Call& call, Call& conferee);
  void consult_call_ended(Call& customer_call, Call& consult);
  // The consulting phone's desktop hears how its consultation stands (`state`: ConsultState's
  // name, or "failed"/"ended").
  void report_consult(const Call& call, const Consultation& consultation, const char* state,
                      std::string cause = {});
  void phone_leaves(Call& call, Leg& leg, HandOver next);
  Status pass_to(Call& call, HandOver next);
  void release_busy(Call& call, const std::string& extension);
  void finish_connect(Call& call, ConnectOutcome outcome);
  Call* service_call(const std::string& call_id);
  CallService* service_of(const Call& call) const;
  std::optional<std::string> sdp_towards(Call& call, media::RelaySide side, const sip_t* sip,
                                         bool learn_remote);

  sip::CoreLoop& loop_;
  nua_t* nua_ = nullptr;
  const Directory& directory_;
  sip::RequestAuthenticator& auth_;
  const sip::LocationService& locations_;
  media::MediaEngine& media_;
  CallRecordings& recordings_;
  store::Store& store_;
  const Clock& clock_;
  B2buaOptions options_;
  std::unordered_map<std::string, std::unique_ptr<Call>> calls_;
  std::unordered_map<media::RelayId, Call*> calls_by_relay_;
  std::unordered_map<std::string, CallService*> services_;
  ExtensionBusy extension_busy_;
  CallObserver* call_observer_ = nullptr;
  CallParking* parking_ = nullptr;
  UnansweredRoute unanswered_route_;
  CallEnded call_ended_;
};

}  // namespace hotline::pbx
