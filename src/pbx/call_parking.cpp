#include "pbx/call_parking.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>

#include "pbx/b2bua.hpp"

namespace hotline::pbx {
namespace {

std::optional<int> slot_number(const std::string& text) {
  int slot = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), slot);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return slot;
}

std::string variable(const ServiceCall& call, std::string_view name) {
  auto it = call.variables.find(name);
  return it == call.variables.end() ? std::string() : it->second;
}

std::string slot_name(int slot) { return "slot " + std::to_string(slot); }

}  // namespace

const char* to_string(ParkingEvent::Kind kind) {
  switch (kind) {
    case ParkingEvent::Kind::Parked:
      return "parked";
    case ParkingEvent::Kind::Retrieving:
      return "retrieving";
    case ParkingEvent::Kind::Left:
      return "left";
  }
  return "unknown";
}

CallParking::CallParking(sip::CoreLoop& loop, media::MediaEngine& media, B2bua& b2bua,
                         const Directory& directory, const Clock& clock, ParkingOptions options)
    : media_(media),
      b2bua_(b2bua),
      directory_(directory),
      clock_(clock),
      options_(options),
      lot_(options.slots, options.ring_back_after_ms),
      pairs_(media, b2bua),
      ring_back_timer_(loop) {}

bool CallParking::waiting_in(std::int64_t tenant_id, int slot) const {
  const ParkedCall* parked = lot_.in_slot(tenant_id, slot);
  return parked && parked->retrieving_by.empty();
}

Status CallParking::on_call(const ServiceCall& call) {
  return call.kind == "unpark" ? take_to_phone(call) : seat(call);
}

void CallParking::tell(ParkingEvent::Kind kind, const ParkedCall& call, std::string cause) {
  if (observer_) observer_->parking_changed({kind, call, std::move(cause), clock_.now_ms()});
}

void CallParking::start_music(std::int64_t tenant_id, media::RelayId relay) {
  media_.watch_media(relay, media::RelaySide::A, 0);
  media_.start_music(relay, media::RelaySide::A,
                     media::tenant_music_class(tenant_id, directory_.music_class(tenant_id)));
}

void CallParking::stop_music(media::RelayId relay) {
  media_.stop_music(relay, media::RelaySide::A);
  media_.watch_media(relay, media::RelaySide::A, options_.media_timeout_ms);
}

Status CallParking::seat(const ServiceCall& call) {
  auto slot = slot_number(call.service);
  if (!slot) return Error::invalid("slot", "'" + call.service + "' is no parking slot");
  ParkedCall parked;
  parked.tenant_id = call.tenant_id;
  parked.slot = *slot;
  parked.call_id = call.call_id;
  parked.caller = variable(call, "shown_caller");  // a call an agent placed: the number it dialled
  if (parked.caller.empty()) parked.caller = call.caller;
  parked.parked_by = variable(call, "parked_by");
  parked.parked_by_user = variable(call, "parked_by_user");
  parked.relay = call.relay;
  if (auto seated = lot_.park(std::move(parked), clock_.now_ms()); !seated) return seated.error();
  start_music(call.tenant_id, call.relay);
  arm_ring_back_timer();
  tell(ParkingEvent::Kind::Parked, *lot_.find(call.call_id));
  spdlog::info("call {}: parked in slot {} by {}", call.call_id, *slot, variable(call, "parked_by"));
  return ok_status();
}

// *7 + slot: the parked caller and the phone that dialled talk through one mix, as after a pickup.
Status CallParking::take_to_phone(const ServiceCall& call) {
  auto slot = slot_number(call.service);
  if (!slot) return Error::invalid("slot", "'" + call.service + "' is no parking slot");
  const ParkedCall* parked = lot_.in_slot(call.tenant_id, *slot);
  if (!parked || !parked->retrieving_by.empty())
    return Error::not_found("no call waits in " + slot_name(*slot));
  stop_music(parked->relay);
  TalkingCall taken{parked->call_id, parked->relay, media::RelaySide::A};
  if (auto joined = pairs_.join(taken, {call.call_id, call.relay, media::RelaySide::A}); !joined) {
    start_music(call.tenant_id, parked->relay);  // it stays parked
    return joined.error();
  }
  tell(ParkingEvent::Kind::Left, *lot_.release(taken.call_id), "taken by " + call.caller);
  arm_ring_back_timer();
  b2bua_.note_feature(taken.call_id, "unparked", "callee", slot_name(*slot) + " by " + call.caller);
  spdlog::info("call {}: taken from slot {} by {} (call {})", taken.call_id, *slot, call.caller,
               call.call_id);
  return ok_status();
}

Result<std::string> CallParking::retrieve_to(std::int64_t tenant_id, int slot, const std::string& extension,
                                             const std::string& username) {
  const ParkedCall* parked = lot_.in_slot(tenant_id, slot);
  if (!parked) return Error{ErrorCode::NotFound, "no call is parked in " + slot_name(slot), "slot"};
  if (!parked->retrieving_by.empty())
    return Error::conflict(slot_name(slot) + " is being retrieved by " + parked->retrieving_by + " already");
  std::string call_id = parked->call_id;
  if (!b2bua_.connect(call_id, {extension}, options_.ring_timeout_ms))
    return Error::conflict("no phone of extension " + extension + " is registered");
  lot_.set_retrieving(call_id, extension, username);
  tell(ParkingEvent::Kind::Retrieving, *lot_.find(call_id));
  return call_id;
}

void CallParking::on_connect_result(const std::string& call_id, const ConnectOutcome& outcome) {
  if (ringing_back_.contains(call_id)) return ring_back_answered(call_id, outcome);
  retrieve_answered(call_id, outcome);
}

// A desktop's retrieve rang its phone: answered, the call leaves its slot; else it stays parked
// (and rings back at once if its time came meanwhile).
void CallParking::retrieve_answered(const std::string& call_id, const ConnectOutcome& outcome) {
  const ParkedCall* parked = lot_.find(call_id);
  if (!parked) return;
  if (outcome.result != ConnectOutcome::Result::Answered) {
    spdlog::info("call {}: {} did not answer the retrieve from slot {}; it stays parked", call_id,
                 parked->retrieving_by, parked->slot);
    lot_.set_retrieving(call_id, {}, {});
    tell(ParkingEvent::Kind::Parked, *parked);
  } else {
    stop_music(parked->relay);
    ParkedCall taken = *lot_.release(call_id);
    std::string by = taken.retrieving_by + " (" + taken.retrieving_user + ")";
    b2bua_.note_feature(call_id, "unparked", "user", slot_name(taken.slot) + " by " + by);
    tell(ParkingEvent::Kind::Left, taken, "retrieved by " + taken.retrieving_by);
  }
  arm_ring_back_timer();
}

void CallParking::arm_ring_back_timer() {
  auto next = lot_.next_ring_back();
  if (!next) return ring_back_timer_.cancel();
  ring_back_timer_.start(std::max<std::int64_t>(0, *next - clock_.now_ms()), [this] { ring_back_due(); });
}

void CallParking::ring_back_due() {
  for (const ParkedCall& call : lot_.take_due(clock_.now_ms())) ring_back(call);
  arm_ring_back_timer();
}

// Nobody took the call in time: it leaves its slot and rings the extension that parked it, still
// hearing music.
void CallParking::ring_back(const ParkedCall& call) {
  tell(ParkingEvent::Kind::Left, call, "ringing back " + call.parked_by);
  std::string waited = std::to_string((clock_.now_ms() - call.parked_at) / 1000) + " s";
  b2bua_.note_feature(
      call.call_id, "unparked", "system",
      slot_name(call.slot) + ": not retrieved in " + waited + ", ringing back " + call.parked_by);
  if (!b2bua_.connect(call.call_id, {call.parked_by}, options_.ring_timeout_ms)) {
    b2bua_.hang_up(call.call_id, "parked in " + slot_name(call.slot) + " for " + waited + "; no phone of " +
                                     call.parked_by + " is registered to ring back");
    return;
  }
  ringing_back_[call.call_id] = call;
}

void CallParking::ring_back_answered(const std::string& call_id, const ConnectOutcome& outcome) {
  auto it = ringing_back_.find(call_id);
  ParkedCall call = std::move(it->second);
  ringing_back_.erase(it);
  stop_music(call.relay);
  if (outcome.result == ConnectOutcome::Result::Answered) return;  // they talk
  b2bua_.hang_up(call_id, "parked in " + slot_name(call.slot) + " and not retrieved; " + call.parked_by +
                              " did not answer the ring-back (SIP " + std::to_string(outcome.sip_status) +
                              ")");
}

void CallParking::on_call_ended(const std::string& call_id) {
  if (pairs_.on_call_ended(call_id)) return;
  ringing_back_.erase(call_id);
  if (auto parked = lot_.release(call_id)) {
    tell(ParkingEvent::Kind::Left, *parked, "hung up");
    arm_ring_back_timer();
  }
}

}  // namespace hotline::pbx
