#include "cti/event_json.hpp"

#include <cstdio>
#include <ctime>

#include "common/json_values.hpp"

namespace hotline::cti {

std::string iso8601(UnixMs at) {
  std::time_t seconds = static_cast<std::time_t>(at / 1000);
  int millis = static_cast<int>(at % 1000);
  if (millis < 0) {
    millis += 1000;
    --seconds;
  }
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[96];  // room for any int the compiler can imagine in each field
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900, utc.tm_mon + 1,
                utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, millis);
  return text;
}

std::string event_frame(std::string_view name, UnixMs at, const nlohmann::json& data) {
  nlohmann::json frame = {{"event", name}, {"at", iso8601(at)}, {"data", data}};
  return frame.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

nlohmann::json recent_call_json(const store::CallRecord& call) {
  auto optional = [](const auto& value) { return value ? nlohmann::json(*value) : nlohmann::json(nullptr); };
  return {{"id", call.id},
          {"direction", call.direction},
          {"caller", call.caller},
          {"callee", call.callee},
          {"started_at", call.started_at},
          {"answered_at", optional(call.answered_at)},
          {"ended_at", optional(call.ended_at)},
          {"talk_ms", optional(call.talk_ms)},
          {"disposition", call.disposition}};
}

nlohmann::json phone_call_json(const pbx::PhoneCallEvent& event) {
  nlohmann::json data = {{"call_id", event.call_id}, {"extension", event.extension}};
  using Kind = pbx::PhoneCallEvent::Kind;
  if (event.kind == Kind::Held || event.kind == Kind::Retrieved) data["by"] = event.side;
  if (event.kind == Kind::Transferred) data["to"] = event.cause;
  if (event.kind == Kind::Parked) data["slot"] = event.slot;
  if (event.kind == Kind::Consult) {
    data["state"] = event.consult_state;
    data["target"] = event.consult_target;
    data["consult_call_id"] = event.consult_call;
    data["conference"] = event.conference;
    data["cause"] = null_if_empty(event.cause);
  }
  if (event.kind == Kind::Ended) {
    data["disposition"] = event.disposition;
    data["cause"] = event.cause;
    data["side"] = null_if_empty(event.side);
  }
  return data;
}

nlohmann::json parked_call_json(const pbx::ParkedCall& call) {
  return {{"slot", call.slot},
          {"call_id", call.call_id},
          {"caller", call.caller},
          {"parked_by", call.parked_by},
          {"parked_by_user", call.parked_by_user},
          {"parked_at", call.parked_at},
          {"ring_back_at", call.ring_back_at},
          {"retrieving_by", null_if_empty(call.retrieving_by)}};
}

nlohmann::json parking_event_json(const pbx::ParkingEvent& event) {
  nlohmann::json data = parked_call_json(event.call);
  data["state"] = to_string(event.kind);
  data["cause"] = null_if_empty(event.cause);
  return data;
}

}  // namespace hotline::cti
