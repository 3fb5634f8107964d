#include "pbx/cdr.hpp"

namespace hotline::pbx {

const char* disposition_for_status(int status) {
  switch (status) {
    case 486:
    case 600:
      return "busy";
    case 603:
    case 403:
      return "rejected";
    case 408:
    case 480:
      return "no_answer";
    case 487:
      return "cancelled";
    default:
      return "failed";
  }
}

store::CallRecord to_call_record(const Call& c) {
  store::CallRecord r;
  r.id = c.id;
  r.tenant_id = c.tenant_id;
  r.direction = c.direction;
  r.caller = c.caller;
  r.callee = c.callee;
  r.started_at = c.started_at;
  r.answered_at = c.answered_at;
  r.ended_at = c.ended_at;
  if (c.ended_at) {
    r.duration_ms = *c.ended_at - c.started_at;
    r.ring_ms = c.answered_at.value_or(*c.ended_at) - c.started_at;
    if (c.answered_at) r.talk_ms = *c.ended_at - *c.answered_at;
  }
  r.disposition = c.disposition;
  r.hangup_side = c.hangup_side;
  r.hangup_cause = c.hangup_cause;
  r.sip_call_id = c.sip_call_id;
  return r;
}

store::CallLegRecord to_leg_record(const Leg& l, std::int64_t tenant_id) {
  store::CallLegRecord r;
  r.id = l.id;
  r.call_id = l.call->id;
  r.tenant_id = tenant_id;
  r.role = l.role == LegRole::Caller ? "caller" : "callee";
  r.endpoint = l.endpoint;
  r.peer_uri = l.peer_uri;
  r.sip_call_id = l.sip_call_id;
  r.started_at = l.started_at;
  r.answered_at = l.answered_at;
  r.ended_at = l.ended_at;
  if (l.ended_at) {
    r.duration_ms = *l.ended_at - l.started_at;
    if (l.answered_at) r.talk_ms = *l.ended_at - *l.answered_at;
  }
  r.disposition = l.disposition;
  r.sip_status = l.sip_status;
  r.hangup_cause = l.hangup_cause;
  if (l.quality) {
    r.rtp_received = static_cast<std::int64_t>(l.quality->received);
    r.rtp_lost = l.quality->lost;
    r.jitter_ms = l.quality->jitter_ms;
  }
  if (l.remote_report) {
    r.remote_fraction_lost = l.remote_report->fraction_lost;
    r.remote_lost = l.remote_report->cumulative_lost;
    r.remote_jitter_ms = l.remote_report->jitter_ms;
    r.round_trip_ms = l.remote_report->round_trip_ms;
  }
  return r;
}

}  // namespace hotline::pbx
