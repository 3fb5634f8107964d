#include "http/call_json.hpp"

#include "common/json_values.hpp"

namespace hotline::http {

nlohmann::json call_json(const store::CallRecord& call) {
  return {{"id", call.id},
          {"direction", call.direction},
          {"caller", call.caller},
          {"callee", call.callee},
          {"started_at", call.started_at},
          {"answered_at", or_null(call.answered_at)},
          {"ended_at", or_null(call.ended_at)},
          {"ring_ms", or_null(call.ring_ms)},
          {"talk_ms", or_null(call.talk_ms)},
          {"duration_ms", or_null(call.duration_ms)},
          {"disposition", call.disposition},
          {"hangup_side", or_null(call.hangup_side)},
          {"hangup_cause", or_null(call.hangup_cause)},
          {"sip_call_id", call.sip_call_id}};
}

nlohmann::json call_leg_json(const store::CallLegRecord& leg) {
  return {{"id", leg.id},
          {"call_id", leg.call_id},
          {"role", leg.role},
          {"endpoint", leg.endpoint},
          {"peer_uri", leg.peer_uri},
          {"sip_call_id", leg.sip_call_id},
          {"started_at", leg.started_at},
          {"answered_at", or_null(leg.answered_at)},
          {"ended_at", or_null(leg.ended_at)},
          {"duration_ms", or_null(leg.duration_ms)},
          {"talk_ms", or_null(leg.talk_ms)},
          {"disposition", leg.disposition},
          {"sip_status", or_null(leg.sip_status)},
          {"hangup_cause", or_null(leg.hangup_cause)},
          {"rtp_received", or_null(leg.rtp_received)},
          {"rtp_lost", or_null(leg.rtp_lost)},
          {"jitter_ms", or_null(leg.jitter_ms)},
          {"remote_fraction_lost", or_null(leg.remote_fraction_lost)},
          {"remote_lost", or_null(leg.remote_lost)},
          {"remote_jitter_ms", or_null(leg.remote_jitter_ms)},
          {"round_trip_ms", or_null(leg.round_trip_ms)}};
}

nlohmann::json recording_json(const store::RecordingRecord& r) {
  return {{"id", r.id},
          {"call_id", r.call_id},
          {"path", r.path},
          {"channels", r.channels},
          {"sample_rate", r.sample_rate},
          {"started_at", r.started_at},
          {"ended_at", or_null(r.ended_at)},
          {"duration_ms", or_null(r.duration_ms)},
          {"paused_ms", r.paused_ms},
          {"bytes", or_null(r.bytes)},
          {"status", r.status},
          {"error", or_null(r.error)}};
}

nlohmann::json call_event_json(const store::CallEvent& e) {
  return {{"at", e.at},
          {"kind", e.kind},
          {"party", e.party},
          {"detail", e.detail},
          {"source", or_null(e.source)},
          {"duration_ms", or_null(e.duration_ms)}};
}

nlohmann::json survey_json(const store::SurveyRecord& s) {
  return {{"id", s.id},
          {"call_id", s.call_id},
          {"agent_id", or_null(s.user_id)},
          {"agent_extension", or_null(s.agent_extension)},
          {"queue", or_null(s.queue)},
          {"flow", s.flow},
          {"question", s.question},
          {"variable", s.variable},
          {"answer", s.answer},
          {"score", or_null(s.score)},
          {"at", s.at}};
}

}  // namespace hotline::http
