// ParkingLot: the numbered slots parked calls wait in (PBX-5), per tenant, and when each is due to
// ring back the extension that parked it. Pure bookkeeping — no SIP, no media, no timer — so that
// slot allocation and the timeout are tested without a call (CallParking drives it).
//
// Thread: core loop only (its owner's).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/clock.hpp"
#include "common/result.hpp"
#include "media/media.hpp"

namespace hotline::pbx {

struct ParkedCall {
  std::int64_t tenant_id = 0;
  int slot = 0;
  std::string call_id;
  std::string caller;          // the parked party's number
  std::string parked_by;       // the extension whose desktop parked it: rung back on the timeout
  std::string parked_by_user;  // that desktop's username
  UnixMs parked_at = 0;
  UnixMs ring_back_at = 0;
  media::RelayId relay = 0;
  // An extension being rung to take the call (a desktop's retrieve), and that desktop's username:
  // the call stays in its slot, and is neither rung back nor given to anyone else, until that
  // extension answers or does not.
  std::string retrieving_by;
  std::string retrieving_user;
};

class ParkingLot {
 public:
  // `slots` per tenant, numbered from 1; a call waits `ring_back_after_ms` before it rings back.
  ParkingLot(int slots, std::int64_t ring_back_after_ms)
      : slots_(slots), ring_back_after_ms_(ring_back_after_ms) {}

  int slots() const { return slots_; }
  std::int64_t ring_back_after_ms() const { return ring_back_after_ms_; }
  // The lowest slot free in the tenant's lot; none when all are taken.
  std::optional<int> free_slot(std::int64_t tenant_id) const;
  // Seats the call in `call.slot` at `now` (its ring_back_at follows). Conflict when that slot is
  // taken or the call is parked already; InvalidArgument (field "slot") for a slot out of range.
  Status park(ParkedCall call, UnixMs now);
  const ParkedCall* in_slot(std::int64_t tenant_id, int slot) const;
  const ParkedCall* find(const std::string& call_id) const;
  // Frees the call's slot; what was there (none when the call was not parked).
  std::optional<ParkedCall> release(const std::string& call_id);
  // Marks the parked call as being rung to `extension` for `username` (empty: no longer); false when
  // it is not parked.
  bool set_retrieving(const std::string& call_id, const std::string& extension, const std::string& username);
  // The tenant's parked calls, by slot.
  std::vector<ParkedCall> of_tenant(std::int64_t tenant_id) const;
  // When the next call is due to ring back (retrievals in progress excepted); none when no call is.
  std::optional<UnixMs> next_ring_back() const;
  // The calls due to ring back at `now`, taken out of their slots, earliest first.
  std::vector<ParkedCall> take_due(UnixMs now);
  std::size_t size() const { return by_slot_.size(); }

 private:
  using SlotKey = std::pair<std::int64_t, int>;  // tenant, slot

  int slots_;
  std::int64_t ring_back_after_ms_;
  std::map<SlotKey, ParkedCall> by_slot_;  // ordered: a tenant's slots are adjacent, lowest first
  std::unordered_map<std::string, SlotKey> by_call_;
};

}  // namespace hotline::pbx
