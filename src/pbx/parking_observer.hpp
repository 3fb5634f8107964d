// ParkingObserver: the changes of a tenant's parking lot (PBX-5), for the CTI, which tells every
// desktop of the tenant (a lot is shared: anyone may take a parked call back). Each event is one
// call's: parked in a slot, rung from there to a desktop's phone, back to waiting when that phone
// did not answer, or gone from its slot — taken with *7, retrieved by a desktop, ringing back whoever
// parked it, or hung up.
//
// Thread: core loop only. Observers must not call back into the pbx from these callbacks.
#pragma once

#include <string>

#include "pbx/parking_lot.hpp"

namespace hotline::pbx {

struct ParkingEvent {
  enum class Kind { Parked, Retrieving, Left };
  Kind kind = Kind::Parked;
  ParkedCall call;    // as it is (Left: as it was in its slot)
  std::string cause;  // Left: "taken by 1002", "retrieved by 1003", "ringing back 1001", "hung up"
  UnixMs at = 0;
};

const char* to_string(ParkingEvent::Kind kind);  // parked, retrieving, left

class ParkingObserver {
 public:
  virtual ~ParkingObserver() = default;
  virtual void parking_changed(const ParkingEvent& event) = 0;
};

}  // namespace hotline::pbx
