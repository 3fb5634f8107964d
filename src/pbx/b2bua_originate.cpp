// Calls the server places from a user's desktop (click-to-dial, PBX-10): the user's own phone
// rings first, with the server's offer on side A of the relay; once it answers, the call is one
// the server holds for that phone, and goes where the number leads, as if the phone had dialled
// it: the "dial" service rings another extension or an outside number on side B (ClickToDial),
// a service number goes to its service. Everything after the answer is an ordinary service call.
#include <spdlog/spdlog.h>

#include <algorithm>

#include "common/ids.hpp"
#include "media/sdp.hpp"
#include "pbx/b2bua.hpp"
#include "pbx/cdr.hpp"
#include "pbx/feature_codes.hpp"
#include "pbx/sip_message.hpp"

namespace hotline::pbx {
namespace {

bool on_a_call(const std::unordered_map<std::string, std::unique_ptr<Call>>& calls, std::int64_t tenant_id,
               const std::string& extension) {
  return std::any_of(calls.begin(), calls.end(), [&](const auto& entry) {
    const Call& call = *entry.second;
    if (call.tenant_id != tenant_id || call.ended()) return false;
    if (call.caller_leg->endpoint == extension) return true;
    return std::any_of(call.callee_legs.begin(), call.callee_legs.end(),
                       [&](const auto& leg) { return leg->endpoint == extension && !leg->ended_at; });
  });
}

}  // namespace

Status B2bua::may_originate(std::int64_t tenant_id, const TenantDialplan& plan, const std::string& extension,
                            const std::string& number, const RouteTarget& target) const {
  if (target.kind == RouteTarget::Kind::NotFound)
    return Error{ErrorCode::NotFound, "number " + number + " goes nowhere", "number"};
  if (target.kind == RouteTarget::Kind::Trunk) {
    TollClass toll = toll_class(plan.toll, number);
    if (!may_dial(dial_privileges(plan, extension), toll))
      return Error{ErrorCode::PermissionDenied,
                   std::string(to_string(toll)) + " numbers need " + std::string(toll_capability(toll)),
                   "number"};
  }
  if (target.kind != RouteTarget::Kind::Service) return ok_status();
  if (target.service_kind == "pickup" && !ringing_call(tenant_id, target.service_name))
    return Error{ErrorCode::Conflict, "nothing rings at " + target.service_name, "number"};
  if (target.service_kind == "supervise") {
    auto request = parse_supervision_service_name(target.service_name);
    if (request && !may_supervise(dial_privileges(plan, extension), request->mode))
      return Error{ErrorCode::PermissionDenied,
                   std::string(to_string(request->mode)) + " needs " +
                       std::string(supervision_capability(request->mode)),
                   "number"};
    if (request) {
      if (auto agent = talking_call(tenant_id, request->extension); !agent)
        return Error{ErrorCode::Conflict, agent.error().message, "number"};
    }
  }
  return ok_status();
}

Result<HandOver> B2bua::destination_of(std::int64_t tenant_id, const std::string& extension,
                                       const std::string& number) const {
  const auto* plan = directory_.dialplan(tenant_id);
  if (!plan) return Error::not_found("no tenant " + std::to_string(tenant_id));
  RouteTarget target = route(*plan, Origin::Extension, std::nullopt, number, local_now());
  if (auto allowed = may_originate(tenant_id, *plan, extension, number, target); !allowed)
    return allowed.error();
  if (target.kind == RouteTarget::Kind::Extensions && target.extensions.size() == 1)
    return HandOver{"transfer", target.extensions.front(), {}, 0, false};
  if (target.kind != RouteTarget::Kind::Service) return HandOver{"dial", number, {}, 0, false};
  const auto& kind = target.service_kind;
  if (kind == "supervise" || kind == "pickup" || kind == "unpark" || kind == "park")
    return Error{ErrorCode::Conflict, "number " + number + " is a feature code, not somewhere a call can go",
                 "number"};
  return HandOver{kind, target.service_name, {}, 0, false};
}

Result<std::string> B2bua::originate(std::int64_t tenant_id, const std::string& extension,
                                     const std::string& number, const std::string& username,
                                     std::map<std::string, std::string, std::less<>> variables) {
  if (!nua_) return Error::unavailable("the SIP stack is not running");
  const auto* plan = directory_.dialplan(tenant_id);
  auto tenant = directory_.tenant(tenant_id);
  if (!plan || !tenant) return Error::not_found("no tenant " + std::to_string(tenant_id));
  RouteTarget target = route(*plan, Origin::Extension, std::nullopt, number, local_now());
  if (auto allowed = may_originate(tenant_id, *plan, extension, number, target); !allowed)
    return allowed.error();
  if (on_a_call(calls_, tenant_id, extension))
    return Error::conflict("extension " + extension + " is on a call");
  std::string from = "\"" + number + "\" <sip:" + number + "@" + tenant->realm + ">";
  auto placed = ring_user_phone(tenant_id, extension, number, from, target.direction, username);
  if (!placed) return placed.error();
  Call& c = **placed;
  c.on_origin_answer = target.kind == RouteTarget::Kind::Service
                           ? HandOver{target.service_kind, target.service_name, std::move(variables)}
                           : HandOver{"dial", number, std::move(variables)};
  add_event(c, "originated", "user", username + " -> " + number, std::string("cti"), std::nullopt);
  report(c, extension, PhoneCallEvent::Kind::Offered);
  return c.id;
}

Result<Call*> B2bua::ring_user_phone(std::int64_t tenant_id, const std::string& extension,
                                     const std::string& number, const std::string& from,
                                     const std::string& direction, const std::string& username) {
  if (!nua_) return Error::unavailable("the SIP stack is not running");
  auto tenant = directory_.tenant(tenant_id);
  if (!tenant) return Error::not_found("no tenant " + std::to_string(tenant_id));
  auto phones = locations_.lookup({tenant_id, extension}, clock_.now_ms());
  if (phones.empty()) return Error::conflict("no phone of extension " + extension + " is registered");
  auto relay = media_.create_relay();
  if (!relay) return relay.error();

  auto call = std::make_unique<Call>(loop_);
  Call& c = *call;
  c.id = new_uuid();
  c.nua = nua_;
  c.tenant_id = tenant_id;
  c.caller = extension;
  c.callee = number;
  c.direction = direction;
  c.started_at = clock_.now_ms();
  c.originated_by = username;
  c.relay = *relay;
  calls_by_relay_[relay->id] = &c;

  // Every registered phone of the extension rings; the most recent is caller_leg until one answers.
  std::string to = "<sip:" + extension + "@" + tenant->realm + ">";
  std::string offer = media::local_offer(media_.bind_address(), relay->port_a, relay->id);
  for (const auto& phone : phones) {
    auto leg = std::make_unique<Leg>();
    leg->id = new_uuid();
    leg->call = &c;
    leg->role = LegRole::Caller;
    leg->endpoint = extension;
    leg->peer_uri = contact_target(phone, extension);
    leg->started_at = c.started_at;
    leg->nh =
        nua_handle(c.nua, leg.get(), SIPTAG_TO_STR(to.c_str()), SIPTAG_FROM_STR(from.c_str()), TAG_END());
    leg->last_sdp_sent = offer;
    nua_invite(leg->nh, NUTAG_URL(leg->peer_uri.c_str()), SIPTAG_CONTENT_TYPE_STR("application/sdp"),
               SIPTAG_PAYLOAD_STR(offer.c_str()), TAG_END());
    if (!c.caller_leg)
      c.caller_leg = std::move(leg);
    else
      c.origin_forks.push_back(std::move(leg));
  }
  calls_.emplace(c.id, std::move(call));

  save(c);
  store_.calls().save_leg_async(to_leg_record(*c.caller_leg, tenant_id));
  for (const auto& fork : c.origin_forks) store_.calls().save_leg_async(to_leg_record(*fork, tenant_id));
  mark_busy(c, extension);
  c.ring_timeout_ms = options_.ring_timeout_ms;
  ring_for(c);
  return &c;
}

void B2bua::on_origin_response(Call& call, Leg& leg, const sip::SipEvent& ev) {
  if (call.sip_call_id.empty()) call.sip_call_id = leg.sip_call_id;  // the INVITE's, as for a phone's own
  int status = ev.status;
  if (status < 200) return;
  if (call.ended() || leg.ended_at) {  // given up on (ring timeout) while the 2xx was on its way
    if (status < 300 && leg.nh && !leg.answered_at) {
      nua_bye(leg.nh, TAG_END());
      leg.bye_sent = true;
    }
    return;
  }
  if (status < 300) {
    take_origin_fork(call, leg);
    return origin_answered(call, *call.caller_leg, ev);
  }
  std::string cause = std::to_string(status) + " " + sip::str_or_empty(ev.phrase);
  leg.bye_sent = true;  // the INVITE transaction is over: nothing to cancel
  end_leg(leg, disposition_for_status(status), status, cause);
  if (another_phone_rings(call)) return;
  end_call(call, disposition_for_status(status), "caller", cause);
}

// One of the user's phones refused a call from the desktop: whether another still rings (it is the
// caller leg then).
bool B2bua::another_phone_rings(Call& call) {
  if (!call.caller_leg->ended_at) return true;
  for (auto& fork : call.origin_forks) {
    if (!fork->ended_at) {
      std::swap(call.caller_leg, fork);
      return true;
    }
  }
  return false;
}

// One of the user's phones answered a call from the desktop: it becomes the call's caller leg,
// and the others stop ringing.
void B2bua::take_origin_fork(Call& call, Leg& answered) {
  for (auto& fork : call.origin_forks) {
    if (fork.get() == &answered) std::swap(call.caller_leg, fork);
  }
  for (auto& fork : call.origin_forks) {
    if (fork->ended_at) continue;
    if (fork->nh) nua_cancel(fork->nh, TAG_END());
    fork->bye_sent = true;
    end_leg(*fork, "cancelled", std::nullopt, "answered elsewhere");
  }
}

// The user's phone answered: the server holds the call for it (its codec is the phone's choice
// from the server's offer) and sends it where the number leads.
void B2bua::origin_answered(Call& call, Leg& leg, const sip::SipEvent& ev) {
  std::string answer = payload_of(ev.sip);
  auto audio = media::choose_local_audio(answer);
  auto remote = media::parse_sdp_audio(answer);
  if (!audio || !remote) {
    nua_bye(leg.nh, TAG_END());
    leg.bye_sent = true;
    end_leg(leg, "failed", ev.status, "unusable SDP in answer");
    end_call(call, "failed", "system", "unusable SDP in answer");
    return;
  }
  call.local_audio = *audio;
  media_.set_remote(call.relay->id, media::RelaySide::A, remote->connection_ip, remote->port);
  media_.set_audio_payload_type(call.relay->id, media::RelaySide::A, audio->payload_type);
  auto now = clock_.now_ms();
  call.timer.cancel();
  call.answered_at = now;
  leg.answered_at = now;
  leg.sip_status = ev.status;
  recordings_.start(call);
  media_.watch_media(call.relay->id, media::RelaySide::A, options_.media_timeout_ms);
  report(call, leg.endpoint, PhoneCallEvent::Kind::Answered);
  save(call);
  store_.calls().save_leg_async(to_leg_record(leg, call.tenant_id));
  if (!call.consults_for.empty()) return consult_answered(call);
  HandOver next = std::move(*call.on_origin_answer);
  call.on_origin_answer.reset();
  std::string destination = next.kind + ":" + next.name;
  if (auto accepted = pass_to(call, std::move(next)); !accepted) {
    spdlog::warn("call {}: {} refused the call: {}", call.id, destination, accepted.error().message);
    end_call(call, "answered", "system", accepted.error().message);
  }
}

bool B2bua::connect_dialled(const std::string& call_id, std::int64_t ring_timeout_ms) {
  Call* call = service_call(call_id);
  const auto* plan = call ? directory_.dialplan(call->tenant_id) : nullptr;
  if (!plan) return false;
  const std::string& number = call->service_name;  // the "dial" service's: the number dialled
  RouteTarget target = route(*plan, Origin::Extension, std::nullopt, number, local_now());
  if (target.kind == RouteTarget::Kind::Extensions)
    return connect(call_id, target.extensions, ring_timeout_ms, ConnectOptions{{}, true});
  if (target.kind == RouteTarget::Kind::Trunk) return connect_external(call_id, number, ring_timeout_ms);
  return false;
}

}  // namespace hotline::pbx
