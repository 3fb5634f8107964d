#include "pbx/b2bua.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <utility>

#include "common/ids.hpp"
#include "media/sdp.hpp"
#include "pbx/cdr.hpp"
#include "pbx/sip_message.hpp"

namespace hotline::pbx {
namespace {

Leg* leg_of(const sip::SipEvent& ev) { return static_cast<Leg*>(ev.handle_context); }

}  // namespace

struct B2bua::CallOrigin {
  std::int64_t tenant_id = 0;
  std::string realm;
  const store::Trunk* trunk = nullptr;  // set when the call comes in from a trunk
  bool anonymous = false;               // a SIP caller without credentials, to a public number
  std::string caller;
  std::string caller_display;
};

B2bua::B2bua(sip::CoreLoop& loop, const Directory& directory, sip::RequestAuthenticator& auth,
             const sip::LocationService& locations, media::MediaEngine& media, CallRecordings& recordings,
             store::Store& store, const Clock& clock, B2buaOptions options)
    : loop_(loop),
      directory_(directory),
      auth_(auth),
      locations_(locations),
      media_(media),
      recordings_(recordings),
      store_(store),
      clock_(clock),
      options_(options) {}

B2bua::~B2bua() = default;

std::size_t B2bua::calls_in_progress() const {
  std::size_t n = 0;
  for (const auto& [id, call] : calls_) n += call->ended() ? 0 : 1;
  return n;
}

bool B2bua::on_sip_event(const sip::SipEvent& ev) {
  Leg* leg = leg_of(ev);
  switch (ev.event) {
    case nua_i_invite:
      if (leg)
        on_reinvite(*leg, ev);
      else
        on_new_invite(ev);
      return true;
    case nua_r_invite:
      if (leg) on_invite_response(*leg, ev);
      return true;
    case nua_i_update:
      if (leg) on_update(*leg, ev);
      return true;
    case nua_r_update:
      if (leg) on_update_response(*leg, ev);
      return true;
    case nua_i_cancel:
      if (leg) on_caller_cancel(*leg);
      return true;
    case nua_i_info:
      if (leg) on_info(*leg, ev);
      return leg != nullptr;
    case nua_i_bye:
      if (leg) on_bye(*leg);
      return true;
    case nua_i_state:
      if (leg) on_state(*leg, ev);
      return true;
    case nua_r_notify:  // the desktop's answer (answer_for): the phone goes on ringing if refused
      if (leg && ev.status >= 300)
        spdlog::warn("call {}: the phone at {} refused the answer from the desktop: {} {}", leg->call->id,
                     leg->endpoint, ev.status, sip::str_or_empty(ev.phrase));
      return leg != nullptr;
    default:
      return leg != nullptr;  // other in-dialog events (ACK, PRACK, INFO) need nothing yet
  }
}

void B2bua::on_new_invite(const sip::SipEvent& ev) {
  const sip_t* sip = ev.sip;
  auto reject = [&](int status, const char* phrase) {
    nua_respond(ev.nh, status, phrase, NUTAG_WITH_THIS(ev.nua), TAG_END());
    nua_handle_destroy(ev.nh);
  };
  if (!sip || !sip->sip_request || !sip->sip_from || !sip->sip_to) return reject(400, "Bad Request");
  std::string dialled = user_of(sip->sip_request->rq_url);
  auto source = sip::current_request_source(ev.nua);
  CallOrigin origin;
  if (const auto* trunk = directory_.trunk_at(source.ip, source.port)) {
    auto tenant = directory_.tenant(trunk->tenant_id);
    if (!tenant) return reject(SIP_403_FORBIDDEN);
    origin = {.tenant_id = tenant->tenant_id,
              .realm = tenant->realm,
              .trunk = trunk,
              .caller = user_of(sip->sip_from->a_url),
              .caller_display = display_of(sip->sip_from)};
  } else {
    auto tenant = directory_.tenant_for_domain(sip::request_domain(sip));
    if (!tenant) return reject(SIP_403_FORBIDDEN);
    if (reaches_public_number(ev, *tenant, dialled)) {
      std::string caller = user_of(sip->sip_from->a_url);
      origin = {.tenant_id = tenant->tenant_id,
                .realm = tenant->realm,
                .anonymous = true,
                .caller = caller.empty() ? "anonymous" : caller,
                .caller_display = display_of(sip->sip_from)};
    } else {
      auto identity = auth_.authenticate(ev.nua, ev.nh, sip, *tenant, true);
      if (!identity) return nua_handle_destroy(ev.nh);
      std::string display =
          identity->display_name.empty() ? display_of(sip->sip_from) : identity->display_name;
      origin = {.tenant_id = tenant->tenant_id,
                .realm = tenant->realm,
                .caller = identity->user,
                .caller_display = display};
    }
  }
  if (dialled.empty()) return reject(SIP_404_NOT_FOUND);
  if (payload_of(sip).empty()) return reject(488, "Offer Required In INVITE");
  start_call(ev, origin, dialled);
}

// Today's rule for everything else stays: a caller that is no trunk authenticates (407). Only a
// request with no credentials at all is considered; one with wrong credentials is refused as such.
bool B2bua::reaches_public_number(const sip::SipEvent& ev, const sip::TenantRealm& tenant,
                                  const std::string& dialled) {
  if (sip::RequestAuthenticator::offers_credentials(ev.sip, tenant, true)) return false;
  const auto* plan = directory_.dialplan(tenant.tenant_id);
  return plan && !dialled.empty() &&
         route(*plan, Origin::Anonymous, std::nullopt, dialled, local_now()).kind !=
             RouteTarget::Kind::NotFound;
}

Call* B2bua::start_call(const sip::SipEvent& ev, const CallOrigin& origin, const std::string& dialled) {
  auto now = clock_.now_ms();
  auto call = std::make_unique<Call>(loop_);
  call->id = new_uuid();
  call->tenant_id = origin.tenant_id;
  call->caller = origin.caller;
  call->callee = dialled;
  call->sip_call_id = ev.sip->sip_call_id ? ev.sip->sip_call_id->i_id : "";
  call->caller_offer = payload_of(ev.sip);
  call->started_at = now;
  call->nua = ev.nua;

  auto leg = std::make_unique<Leg>();
  leg->id = new_uuid();
  leg->call = call.get();
  leg->role = LegRole::Caller;
  leg->nh = ev.nh;
  leg->endpoint = origin.trunk       ? "trunk:" + origin.trunk->name
                  : origin.anonymous ? "anonymous:" + origin.caller
                                     : origin.caller;
  leg->peer_uri = sip::url_to_string(ev.sip->sip_from->a_url);
  leg->sip_call_id = call->sip_call_id;
  leg->started_at = now;
  nua_handle_bind(ev.nh, leg.get());
  call->caller_leg = std::move(leg);

  Call& c = *call;
  calls_.emplace(c.id, std::move(call));
  const auto* plan = directory_.dialplan(c.tenant_id);
  Origin kind = origin.trunk ? Origin::Trunk : origin.anonymous ? Origin::Anonymous : Origin::Extension;
  RouteTarget target = plan
                           ? route(*plan, kind, origin.trunk ? std::optional(origin.trunk->id) : std::nullopt,
                                   dialled, local_now())
                           : RouteTarget{};
  c.direction = target.direction;
  save(c);
  if (kind == Origin::Extension) {
    mark_busy(c, origin.caller);
    // The phone's desktop shows the call it dialled, off hook from the start (as a click-to-dial
    // call once its phone answered), and its end however it goes, refused at once or talked.
    report(c, origin.caller, PhoneCallEvent::Kind::Offered);
    report(c, origin.caller, PhoneCallEvent::Kind::Answered);
  }
  if (plan && caller_list_match(*plan, "blacklist", c.caller)) {  // ACD-6: busy before any media
    fail_call(c, 486, "Busy Here", "blocked", "system");
    return &c;
  }
  c.whitelisted = plan && caller_list_match(*plan, "whitelist", c.caller);
  if (const auto* vip = plan ? caller_list_match(*plan, "vip", c.caller) : nullptr)
    c.vip_level = std::max(1, vip->priority);
  if (target.kind == RouteTarget::Kind::NotFound) {
    fail_call(c, SIP_404_NOT_FOUND, "failed", "system");
    return &c;
  }
  if (target.kind == RouteTarget::Kind::Trunk && refuse_toll_fraud(c, *plan, dialled)) return &c;
  if (target.kind == RouteTarget::Kind::Service && refuse_feature_code(c, *plan, target)) return &c;
  auto relay = media_.create_relay();
  if (!relay) {
    spdlog::error("call {}: {}", c.id, relay.error().message);
    fail_call(c, 503, "No Media Ports", "failed", "system");
    return &c;
  }
  c.relay = *relay;
  calls_by_relay_[relay->id] = &c;
  if (target.kind == RouteTarget::Kind::Service) {
    start_service_call(c, c.caller_offer, {target.service_kind, target.service_name});
    return &c;
  }
  if (target.kind == RouteTarget::Kind::Extensions && target.extensions.size() == 1)
    c.unanswered_extension = target.extensions.front();
  auto offer = sdp_towards(c, media::RelaySide::B, ev.sip, true);
  if (!offer) {
    fail_call(c, SIP_488_NOT_ACCEPTABLE, "failed", "system");
    return &c;
  }
  c.ring_timeout_ms = options_.ring_timeout_ms;
  place_forks(c, target, *offer);
  return &c;
}

// SDP received from the side opposite `towards`, rewritten to reach the relay port of `towards`.
// With learn_remote, the sending side's media address becomes the relay's remote for that side.
std::optional<std::string> B2bua::sdp_towards(Call& call, media::RelaySide towards, const sip_t* sip,
                                              bool learn_remote) {
  std::string body = payload_of(sip);
  if (body.empty() || !call.relay) return std::nullopt;
  auto from_side = towards == media::RelaySide::A ? media::RelaySide::B : media::RelaySide::A;
  if (learn_remote) {
    auto audio = media::parse_sdp_audio(body);
    if (!audio) return std::nullopt;
    media_.set_remote(call.relay->id, from_side, audio->connection_ip, audio->port);
    // The first codec listed is the one that side prefers: what the server's own audio uses.
    for (int pt : audio->payload_types) {
      if (media::is_audio_codec(pt)) {
        media_.set_audio_payload_type(call.relay->id, from_side, pt);
        break;
      }
    }
  }
  auto port = towards == media::RelaySide::A ? call.relay->port_a : call.relay->port_b;
  auto rewritten = media::rewrite_sdp_for_relay(body, media_.bind_address(), port);
  if (!rewritten) return std::nullopt;
  return *rewritten;
}

bool B2bua::place_forks(Call& call, const RouteTarget& target, const std::string& offer) {
  if (target.kind == RouteTarget::Kind::Trunk) {
    if (dial_trunks(call, target.trunks, offer)) return true;
    fail_call(call, 503, "Trunk Not Configured", "failed", "system");
    return false;
  }
  auto reachable = disturbable(call.tenant_id, target.extensions);
  if (reachable.empty() && !target.extensions.empty()) {  // every one of them is in DND: busy
    add_event(call, "do_not_disturb", LegRole::Callee, target.extensions.front());
    if (!divert_unanswered(call, "do not disturb")) fail_call(call, 486, "Busy Here", "busy", "callee");
    return false;
  }
  if (ring_extensions(call, reachable, offer) == 0) {
    if (!divert_unanswered(call, "unavailable"))
      fail_call(call, 480, "Temporarily Unavailable", "unavailable", "system");
    return false;
  }
  ring_for(call);
  return true;
}

std::vector<std::string> B2bua::disturbable(std::int64_t tenant_id,
                                            const std::vector<std::string>& extensions) const {
  std::vector<std::string> out;
  for (const auto& extension : extensions) {
    if (!directory_.do_not_disturb(tenant_id, extension)) out.push_back(extension);
  }
  return out;
}

void B2bua::ring_for(Call& call) {
  call.timer.start(call.ring_timeout_ms, [this, &call] { on_ring_timeout(call); });
}

void B2bua::on_ring_timeout(Call& call) {
  if (call.originated() && !call.caller_leg->answered_at) {  // the user's own phone did not answer
    fail_call(call, 480, "No Answer", "no_answer", "caller");
    maybe_reap(call);
  } else if (call.service_kind.empty()) {
    if (!divert_unanswered(call, "no answer")) fail_call(call, 480, "No Answer", "no_answer", "system");
    maybe_reap(call);
  } else if (service_call(call.id) && call.connecting) {
    cancel_connect(call.id);
    finish_connect(call, {ConnectOutcome::Result::NoAnswer, {}, 480});
  }
}

std::size_t B2bua::ring_extensions(Call& call, const std::vector<std::string>& extensions,
                                   const std::string& offer) {
  auto realm = directory_.tenant(call.tenant_id).value_or(sip::TenantRealm{}).realm;
  auto now = clock_.now_ms();
  std::size_t rung = 0;
  for (const auto& ext : extensions) {
    std::size_t phones = 0;
    for (const auto& b : locations_.lookup({call.tenant_id, ext}, now)) {
      add_callee_leg(call, ext, contact_target(b, ext), "<sip:" + ext + "@" + realm + ">", offer,
                     caller_from(call));
      ++phones;
    }
    if (phones > 0) report(call, ext, PhoneCallEvent::Kind::Offered);
    rung += phones;
  }
  return rung;
}

bool B2bua::caller_is_extension(const Call& call) {
  const auto& endpoint = call.caller_leg->endpoint;
  return !endpoint.empty() && !endpoint.starts_with("trunk:") && !endpoint.starts_with("anonymous:");
}

// The From of INVITEs to phones: the caller's number, with its extension as display name.
std::string B2bua::caller_from(const Call& call) const {
  auto realm = directory_.tenant(call.tenant_id).value_or(sip::TenantRealm{}).realm;
  std::string from = "<sip:" + call.caller + "@" + realm + ">";
  if (caller_is_extension(call)) from = "\"" + call.caller_leg->endpoint + "\" " + from;
  return from;
}

Leg* B2bua::add_callee_leg(Call& call, const std::string& endpoint, const std::string& request_uri,
                           const std::string& to, const std::string& offer, const std::string& from,
                           const std::string& asserted_identity) {
  auto leg = std::make_unique<Leg>();
  leg->id = new_uuid();
  leg->call = &call;
  leg->role = LegRole::Callee;
  leg->endpoint = endpoint;
  leg->peer_uri = request_uri;
  leg->started_at = clock_.now_ms();
  leg->nh =
      nua_handle(call.nua, leg.get(), SIPTAG_TO_STR(to.c_str()), SIPTAG_FROM_STR(from.c_str()), TAG_END());
  std::string pai = asserted_identity.empty() ? "" : "P-Asserted-Identity: " + asserted_identity;
  nua_invite(leg->nh, NUTAG_URL(request_uri.c_str()), SIPTAG_CONTENT_TYPE_STR("application/sdp"),
             SIPTAG_PAYLOAD_STR(offer.c_str()), TAG_IF(!pai.empty(), SIPTAG_HEADER_STR(pai.c_str())),
             TAG_END());
  leg->last_sdp_sent = offer;
  Leg* raw = leg.get();
  call.callee_legs.push_back(std::move(leg));
  store_.calls().save_leg_async(to_leg_record(*raw, call.tenant_id));
  return raw;
}

void B2bua::on_invite_response(Leg& leg, const sip::SipEvent& ev) {
  Call& call = *leg.call;
  leg.responded = true;
  if (leg.sip_call_id.empty() && ev.sip && ev.sip->sip_call_id) leg.sip_call_id = ev.sip->sip_call_id->i_id;
  if (ev.status > 100 && ev.status < 200) note_talk_event(leg, ev.sip);
  if (call.originated() && leg.role == LegRole::Caller && !leg.answered_at) {  // one of the user's phones
    on_origin_response(call, leg, ev);
  } else if (call.answered_at && (call.answered_leg == &leg || leg.role == LegRole::Caller)) {
    on_reinvite_response(call, leg, ev);
  } else {
    on_setup_response(call, leg, ev);
  }
  maybe_reap(call);
}

void B2bua::on_setup_response(Call& call, Leg& leg, const sip::SipEvent& ev) {
  int status = ev.status;
  if (leg.ended_at) {  // an attempt given up on (a silent trunk, a cancelled fork) answers late
    if (status >= 200 && status < 300 && leg.nh) {  // even after our CANCEL: a 2xx won the race
      nua_bye(leg.nh, TAG_END());
      leg.bye_sent = true;
    }
    return;
  }
  if (!call.service_kind.empty()) return on_service_setup_response(call, leg, ev);
  if (status < 200) {
    if (!call.ended() && status != 100) pass_provisional(call, ev);
    return;
  }
  if (status < 300) {
    if (call.ended() || call.answered_leg) {  // lost the race to another fork, or the caller left
      nua_bye(leg.nh, TAG_END());
      leg.bye_sent = true;
      end_leg(leg, "cancelled", status, "answered elsewhere");
      return;
    }
    answer_call(call, leg, ev);
    return;
  }
  if ((status == 401 || status == 407) && leg.trunk_id && !leg.auth_attempted &&
      authenticate_to_trunk(leg, ev)) {
    return;
  }
  attempt_failed(call, leg, status, std::to_string(status) + " " + sip::str_or_empty(ev.phrase));
}

// Ringing and early media reach the caller once: a second trunk after a failover is not
// announced again with 180, and when the caller was hearing the first trunk's early media it
// hears the server's ringback until the next trunk sends its own.
void B2bua::pass_provisional(Call& call, const sip::SipEvent& ev) {
  if (auto sdp = sdp_towards(call, media::RelaySide::A, ev.sip, true)) {
    if (std::exchange(call.ringback_playing, false)) media_.stop_play(call.relay->id, media::RelaySide::A);
    respond_with_sdp(*call.caller_leg, ev.status, static_phrase(ev.status), *sdp);
    call.early_media_sent = true;
    return;
  }
  if (call.ringing_sent || call.early_media_sent) return;
  nua_respond(call.caller_leg->nh, ev.status, static_phrase(ev.status), TAG_END());
  call.ringing_sent = true;
}

void B2bua::attempt_failed(Call& call, Leg& leg, int status, const std::string& cause) {
  end_leg(leg, disposition_for_status(status), status, cause);
  if (fail_over(call, leg, status)) return;
  if (!call.service_kind.empty()) return connect_failed(call, status);
  if (!call.ended()) maybe_fail_after_forks(call);
}

bool B2bua::authenticate_to_trunk(Leg& leg, const sip::SipEvent& ev) {
  const auto* trunk = directory_.trunk(leg.trunk_id);
  if (!trunk || !trunk->username || !trunk->password) return false;
  leg.auth_attempted = true;
  std::string credentials =
      "Digest:\"" + challenge_realm(ev.sip) + "\":" + *trunk->username + ":" + *trunk->password;
  nua_authenticate(leg.nh, NUTAG_AUTH(credentials.c_str()), TAG_END());
  return true;
}

void B2bua::respond_with_sdp(Leg& leg, int status, const char* phrase, const std::string& sdp) {
  nua_respond(leg.nh, status, phrase, SIPTAG_CONTENT_TYPE_STR("application/sdp"),
              SIPTAG_PAYLOAD_STR(sdp.c_str()), TAG_END());
  leg.last_sdp_sent = sdp;
}

void B2bua::answer_call(Call& call, Leg& leg, const sip::SipEvent& ev) {
  auto sdp = sdp_towards(call, media::RelaySide::A, ev.sip, true);
  if (!sdp) {
    nua_bye(leg.nh, TAG_END());
    leg.bye_sent = true;
    end_leg(leg, "failed", ev.status, "unusable SDP in answer");
    fail_call(call, SIP_488_NOT_ACCEPTABLE, "failed", "callee");
    return;
  }
  auto now = clock_.now_ms();
  call.timer.cancel();
  call.trunk_timer.cancel();
  if (std::exchange(call.ringback_playing, false)) media_.stop_play(call.relay->id, media::RelaySide::A);
  call.answered_at = now;
  call.answered_leg = &leg;  // dispositions stay in_progress until the call ends
  if (!leg.trunk_id) mark_busy(call, leg.endpoint);
  if (!leg.trunk_id) report(call, leg.endpoint, PhoneCallEvent::Kind::Answered);
  leg.answered_at = now;
  leg.sip_status = ev.status;
  call.caller_leg->answered_at = now;
  respond_with_sdp(*call.caller_leg, SIP_200_OK, *sdp);
  recordings_.start(call);
  watch_media(call, true);
  for (auto& other : call.callee_legs) {
    if (other.get() == &leg || other->ended_at || !other->nh) continue;
    nua_cancel(other->nh, TAG_END());
    end_leg(*other, "cancelled", std::nullopt, "answered elsewhere");
  }
  save(call);
  store_.calls().save_leg_async(to_leg_record(leg, call.tenant_id));
  store_.calls().save_leg_async(to_leg_record(*call.caller_leg, call.tenant_id));
}

void B2bua::on_caller_cancel(Leg& leg) {
  Call& call = *leg.call;
  if (call.ended() || call.answered_at) return;
  end_leg(leg, "cancelled", 487, "CANCEL");
  end_call(call, "cancelled", "caller", "CANCEL before answer");
  maybe_reap(call);
}

void B2bua::on_bye(Leg& leg) {
  Call& call = *leg.call;
  leg.bye_sent = true;  // the dialog is over: nothing more is sent on it
  if (agent_hung_up_consulting(call, leg)) return maybe_reap(call);
  if (&leg == call.answered_leg && call.after_callee && !call.ended())
    return continue_without_callee(call, leg);
  end_leg(leg, leg.answered_at ? "answered" : "failed", std::nullopt, "BYE");
  if (!call.ended()) {
    end_call(call, call.answered_at ? "answered" : "failed",
             leg.role == LegRole::Caller ? "caller" : "callee", "BYE");
  }
  maybe_reap(call);
}

void B2bua::on_state(Leg& leg, const sip::SipEvent& ev) {
  int state = nua_callstate_init;
  tl_gets(ev.tags, NUTAG_CALLSTATE_REF(state), TAG_END());
  if (state != nua_callstate_terminated) return;
  Call& call = *leg.call;
  if (!call.ended() && leg.answered_at && !leg.ended_at) {  // died without a BYE reaching us (timeout)
    end_leg(leg, "answered", std::nullopt, "dialog terminated");
    end_call(call, "answered", "system", "dialog terminated");
  }
  release_handle(leg);
  maybe_reap(call);
}

void B2bua::end_leg(Leg& leg, const std::string& disposition, std::optional<int> status,
                    const std::string& cause) {
  if (leg.ended_at) return;
  leg.ended_at = clock_.now_ms();
  leg.disposition = leg.answered_at ? "answered" : disposition;
  if (status) leg.sip_status = status;
  leg.hangup_cause = cause;
  store_.calls().save_leg_async(to_leg_record(leg, leg.call->tenant_id));
  report_leg_ended(leg);
}

void B2bua::fail_call(Call& call, int status, const char* phrase, const std::string& disposition,
                      const char* side, const std::string& warning) {
  if (call.ended()) return;
  Leg& caller = *call.caller_leg;
  std::string cause = std::to_string(status) + " " + phrase;
  if (caller.nh && !caller.answered_at && call.originated() && !caller.bye_sent) {
    nua_cancel(caller.nh, TAG_END());  // the server's own INVITE to the user's phone
    caller.bye_sent = true;
  } else if (caller.nh && !caller.answered_at) {
    nua_respond(caller.nh, status, phrase, TAG_IF(!warning.empty(), SIPTAG_WARNING_STR(warning.c_str())),
                TAG_END());
  }
  end_leg(caller, disposition, status, cause);
  end_call(call, disposition, side, cause);
}

void B2bua::end_call(Call& call, const std::string& disposition, const char* side, const std::string& cause) {
  if (call.ended()) return;
  call.ended_at = clock_.now_ms();
  call.disposition = call.answered_at ? "answered" : disposition;
  call.hangup_side = side;
  call.hangup_cause = cause;
  end_consultation(call);  // the consultation call and its customer's call end together or part
  auto close = [&](Leg& leg) {
    if (leg.nh && !leg.bye_sent) {
      if (leg.answered_at)
        nua_bye(leg.nh, TAG_END());
      else if ((leg.role == LegRole::Callee || call.originated()) && !leg.ended_at)
        nua_cancel(leg.nh, TAG_END());  // an INVITE the server sent, still ringing
      leg.bye_sent = true;
    }
    end_leg(leg, disposition, std::nullopt, cause);
  };
  capture_quality(call);
  bridge_after_announcement(call);
  if (call.side_talk != 0) media_.destroy_conference(std::exchange(call.side_talk, 0));
  if (call.desk_hold != 0) media_.destroy_conference(std::exchange(call.desk_hold, 0));
  call.for_each_leg(close);
  if (call.relay) {
    media_.destroy_relay(call.relay->id);
    calls_by_relay_.erase(call.relay->id);
  }
  call.relay.reset();
  if (call.tie_relay) media_.destroy_relay(call.tie_relay->id);
  call.tie_relay.reset();
  save(call);
  for (const auto& extension : std::exchange(call.busy_extensions, {})) {
    if (extension_busy_) extension_busy_(call.tenant_id, extension, false);
  }
  if (auto* service = service_of(call)) service->on_call_ended(call.id);
  if (call_ended_) call_ended_(call.id);
  call.timer.start(options_.reap_after_ms, [this, &call] {
    call.for_each_leg([this](Leg& leg) { release_handle(leg); });
    maybe_reap(call);
  });
}

// What each talking leg's RTP looked like, and what its RTCP said about the audio it heard, read
// before the relay goes. A leg that already ended (the one whose BYE ends the call) is saved again
// with it.
void B2bua::capture_quality(Call& call) {
  if (!call.relay) return;
  std::pair<Leg*, media::RelaySide> talking[] = {{call.caller_leg.get(), media::RelaySide::A},
                                                 {call.answered_leg, media::RelaySide::B}};
  for (auto [leg, side] : talking) {
    if (!leg) continue;
    leg->quality = media_.quality(call.relay->id, side);
    leg->remote_report = media_.remote_report(call.relay->id, side);
    if (leg->ended_at) store_.calls().save_leg_async(to_leg_record(*leg, call.tenant_id));
  }
}

void B2bua::maybe_fail_after_forks(Call& call) {
  int busy = 0, declined = 0, last = 480;
  for (const auto& leg : call.callee_legs) {
    if (!leg->ended_at) return;  // still ringing somewhere
    int s = leg->sip_status.value_or(480);
    busy += (s == 486 || s == 600);
    declined += (s == 603);
    last = s;
  }
  // Trunk attempts follow one another: the last one's answer is the call's (PBX-8).
  bool one_target = call.callee_legs.size() == 1 || call.callee_legs.back()->trunk_id != 0;
  int status = busy ? 486 : declined ? 603 : one_target ? last : 480;
  if (status == 408) status = 480;
  bool unanswered = status == 486 || status == 600 || status == 603 || status == 480;
  if (unanswered && divert_unanswered(call, status == 480 ? "unavailable" : busy ? "busy" : "declined"))
    return;
  fail_call(call, status, static_phrase(status), disposition_for_status(status), "callee");
}

void B2bua::release_handle(Leg& leg) {
  if (!leg.nh) return;
  nua_handle_bind(leg.nh, nullptr);
  nua_handle_destroy(leg.nh);
  leg.nh = nullptr;
}

void B2bua::maybe_reap(Call& call) {
  if (!call.ended() || call.any_leg([](const Leg& leg) { return leg.nh != nullptr; })) return;
  // Erased from the loop, not here: a timer of the call may be the one running this.
  loop_.post([this, id = call.id] { calls_.erase(id); });
}

void B2bua::save(const Call& call) { store_.calls().save_call_async(to_call_record(call)); }

void B2bua::add_event(const Call& call, const char* kind, LegRole party, std::string detail,
                      std::optional<std::string> source, std::optional<std::int64_t> duration_ms) {
  add_event(call, kind, party == LegRole::Caller ? "caller" : "callee", std::move(detail), std::move(source),
            duration_ms);
}

void B2bua::add_event(const Call& call, const char* kind, const char* party, std::string detail,
                      std::optional<std::string> source, std::optional<std::int64_t> duration_ms) {
  store_.call_events().add_async({0, call.id, call.tenant_id, clock_.now_ms(), kind, party, std::move(detail),
                                  std::move(source), duration_ms});
}

Result<RecordingPauseState> B2bua::set_recording_paused(std::int64_t tenant_id, const std::string& call_id,
                                                        bool paused, const std::string& username) {
  auto it = calls_.find(call_id);
  if (it == calls_.end() || it->second->tenant_id != tenant_id || it->second->ended()) {
    return Error::not_found("no call " + call_id + " in progress");
  }
  Call& call = *it->second;
  if (!call.answered_at)
    return Error::conflict("call " + call_id + " is not answered yet: nothing is recorded");
  auto state = recordings_.set_paused(call, paused);
  if (state && state->changed) {
    add_event(call, paused ? "recording_paused" : "recording_resumed", "user", username, "api", std::nullopt);
  }
  return state;
}

// SIP INFO key presses (application/dtmf-relay "Signal=5\r\nDuration=160", or application/dtmf
// "5"), which some phones send instead of RFC 4733. nua has answered the INFO already.
void B2bua::on_info(Leg& leg, const sip::SipEvent& ev) {
  const sip_t* sip = ev.sip;
  if (!sip || !sip->sip_content_type || !sip->sip_content_type->c_type) return;
  std::string type = sip->sip_content_type->c_type;
  std::string body = payload_of(sip);
  auto parsed = parse_info_dtmf(type, body);
  if (!parsed) return;
  add_event(*leg.call, "dtmf", leg.role, std::string(1, parsed->digit), "sip_info", parsed->duration_ms);
  if (auto* service = service_of(*leg.call); service && leg.role == LegRole::Caller && !leg.call->ended())
    service->on_digit(leg.call->id,
                      {parsed->digit, static_cast<std::uint32_t>(parsed->duration_ms.value_or(0)),
                       media::dsp::DtmfDigit::Source::SipInfo});
}

void B2bua::on_dtmf(media::RelayId relay, media::RelaySide side, const media::dsp::DtmfDigit& digit) {
  auto it = calls_by_relay_.find(relay);
  if (it == calls_by_relay_.end()) return;  // the call ended while the digit was on its way
  Call& call = *it->second;                 // outlives `it`: a service may end the call on this digit
  static constexpr const char* kSources[] = {"rfc4733", "inband", "sip_info"};
  add_event(call, "dtmf", side == media::RelaySide::A ? LegRole::Caller : LegRole::Callee,
            std::string(1, digit.digit), kSources[static_cast<int>(digit.source)], digit.duration_ms);
  if (auto* service = service_of(call); service && side == media::RelaySide::A)
    service->on_digit(call.id, digit);
  pass_digit_to_consultation(call, side, digit);
}

void B2bua::mark_busy(Call& call, const std::string& extension) {
  call.busy_extensions.push_back(extension);
  if (extension_busy_) extension_busy_(call.tenant_id, extension, true);
}

void B2bua::watch_media(Call& call, bool watch) {
  if (!call.relay) return;
  for (auto side : {media::RelaySide::A, media::RelaySide::B})
    media_.watch_media(call.relay->id, side, watch ? options_.media_timeout_ms : 0);
}

void B2bua::on_media_timeout(media::RelayId relay, media::RelaySide side) {
  auto it = calls_by_relay_.find(relay);
  if (it == calls_by_relay_.end() || it->second->ended()) return;
  Call& call = *it->second;
  LegRole party = side == media::RelaySide::A ? LegRole::Caller : LegRole::Callee;
  add_event(call, "media_timeout", party);
  end_call(call, "answered", "system",
           std::string("media timeout: no RTP from the ") + (party == LegRole::Caller ? "caller" : "callee") +
               " for " + std::to_string(options_.media_timeout_ms / 1000) + " s");
  maybe_reap(call);
}

void B2bua::hang_up_all(const std::string& cause) {
  for (auto& [id, call] : calls_) {
    if (call->ended()) continue;
    if (call->answered_at)
      end_call(*call, "answered", "system", cause);
    else
      fail_call(*call, 503, "Service Unavailable", "failed", "system");
  }
}

}  // namespace hotline::pbx
