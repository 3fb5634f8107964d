// The CTI protocol's event frames (docs/cti.md): {"event": NAME, "at": ISO-8601, "data": {...}},
// and the JSON of what events carry that the REST API has no view of.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "common/clock.hpp"
#include "pbx/call_observer.hpp"
#include "pbx/parking_observer.hpp"
#include "store/records.hpp"

namespace hotline::cti {

// "2026-03-01T08:30:00.250Z": UTC with milliseconds.
std::string iso8601(UnixMs at);

// The serialized frame; invalid UTF-8 (a caller name from a trunk) is replaced, never thrown on.
std::string event_frame(std::string_view name, UnixMs at, const nlohmann::json& data);

// A call record in the short form of call.offered's recent_calls and calls.recent's items.
nlohmann::json recent_call_json(const store::CallRecord& call);

// call.answered, call.held, call.retrieved, call.transferred, call.parked and call.ended data for a
// phone's event (call.offered's is built by the publisher, which adds the queue's and IVR's data).
nlohmann::json phone_call_json(const pbx::PhoneCallEvent& event);

// A parked call (calls.parked's items, GET /api/v1/live/parked): slot, call_id, caller, parked_by
// (the extension), parked_by_user, parked_at, ring_back_at and retrieving_by (the extension a
// desktop's retrieve is ringing; null when none is).
nlohmann::json parked_call_json(const pbx::ParkedCall& call);
// park.update's data: the call as parked_call_json, its state (parked, retrieving, left) and, once
// it left its slot, why ("taken by 1002", "retrieved by 1003", "ringing back 1001", "hung up").
nlohmann::json parking_event_json(const pbx::ParkingEvent& event);

}  // namespace hotline::cti
