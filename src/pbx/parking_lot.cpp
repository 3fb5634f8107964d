#include "pbx/parking_lot.hpp"

#include <algorithm>

namespace hotline::pbx {

std::optional<int> ParkingLot::free_slot(std::int64_t tenant_id) const {
  int expected = 1;
  for (auto it = by_slot_.lower_bound({tenant_id, 1}); it != by_slot_.end() && it->first.first == tenant_id;
       ++it) {
    if (it->first.second != expected) break;  // a gap: the lowest free slot
    ++expected;
  }
  if (expected > slots_) return std::nullopt;
  return expected;
}

Status ParkingLot::park(ParkedCall call, UnixMs now) {
  if (call.slot < 1 || call.slot > slots_)
    return Error::invalid(
        "slot", "slot " + std::to_string(call.slot) + " is not between 1 and " + std::to_string(slots_));
  SlotKey key{call.tenant_id, call.slot};
  if (by_slot_.contains(key)) return Error::conflict("slot " + std::to_string(call.slot) + " is taken");
  if (by_call_.contains(call.call_id)) return Error::conflict("call " + call.call_id + " is parked already");
  call.parked_at = now;
  call.ring_back_at = now + ring_back_after_ms_;
  by_call_[call.call_id] = key;
  by_slot_.emplace(key, std::move(call));
  return ok_status();
}

const ParkedCall* ParkingLot::in_slot(std::int64_t tenant_id, int slot) const {
  auto it = by_slot_.find({tenant_id, slot});
  return it == by_slot_.end() ? nullptr : &it->second;
}

const ParkedCall* ParkingLot::find(const std::string& call_id) const {
  auto it = by_call_.find(call_id);
  return it == by_call_.end() ? nullptr : &by_slot_.at(it->second);
}

std::optional<ParkedCall> ParkingLot::release(const std::string& call_id) {
  auto it = by_call_.find(call_id);
  if (it == by_call_.end()) return std::nullopt;
  auto node = by_slot_.extract(it->second);
  by_call_.erase(it);
  return std::move(node.mapped());
}

bool ParkingLot::set_retrieving(const std::string& call_id, const std::string& extension,
                                const std::string& username) {
  auto it = by_call_.find(call_id);
  if (it == by_call_.end()) return false;
  ParkedCall& call = by_slot_.at(it->second);
  call.retrieving_by = extension;
  call.retrieving_user = username;
  return true;
}

std::vector<ParkedCall> ParkingLot::of_tenant(std::int64_t tenant_id) const {
  std::vector<ParkedCall> out;
  for (auto it = by_slot_.lower_bound({tenant_id, 1}); it != by_slot_.end() && it->first.first == tenant_id;
       ++it)
    out.push_back(it->second);
  return out;
}

std::optional<UnixMs> ParkingLot::next_ring_back() const {
  std::optional<UnixMs> next;
  for (const auto& [key, call] : by_slot_) {
    if (!call.retrieving_by.empty()) continue;
    if (!next || call.ring_back_at < *next) next = call.ring_back_at;
  }
  return next;
}

std::vector<ParkedCall> ParkingLot::take_due(UnixMs now) {
  std::vector<std::string> due;
  for (const auto& [key, call] : by_slot_) {
    if (call.retrieving_by.empty() && call.ring_back_at <= now) due.push_back(call.call_id);
  }
  std::vector<ParkedCall> out;
  for (const auto& call_id : due) out.push_back(*release(call_id));
  std::sort(out.begin(), out.end(),
            [](const ParkedCall& a, const ParkedCall& b) { return a.ring_back_at < b.ring_back_at; });
  return out;
}

}  // namespace hotline::pbx
