// CallParking: call park and retrieve (PBX-5, 呼叫驻留). An agent's desktop parks the call its phone
// answered (B2bua::park_for): the phone leaves, and the caller — now a call the server holds — hears
// the tenant's music on hold in the lowest free numbered slot of the tenant's lot. Anyone takes it
// back: any extension of the tenant dials *7 + the slot (the two are mixed, as a pickup is), or a
// desktop asks for it (retrieve_to: its phone rings and is connected when it answers). A call left
// in its slot for the timeout rings the extension that parked it; nobody answering there ends it.
//
// Thread: core loop only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/clock.hpp"
#include "media/media.hpp"
#include "pbx/call_pairs.hpp"
#include "pbx/call_service.hpp"
#include "pbx/directory.hpp"
#include "pbx/parking_lot.hpp"
#include "pbx/parking_observer.hpp"
#include "sip/core_loop.hpp"

namespace hotline::pbx {

class B2bua;

struct ParkingOptions {
  int slots = 50;                             // per tenant, numbered from 1
  std::int64_t ring_back_after_ms = 120'000;  // a call parked this long rings back who parked it
  std::int64_t ring_timeout_ms = 30'000;      // how long a ring-back or a desktop's retrieve rings
  // The calls' media timeout, suspended while a call is parked: a caller who listens to music may
  // rightly send nothing (silence suppression), as on hold.
  std::int64_t media_timeout_ms = 60'000;
};

class CallParking final : public CallService {
 public:
  CallParking(sip::CoreLoop& loop, media::MediaEngine& media, B2bua& b2bua, const Directory& directory,
              const Clock& clock, ParkingOptions options);

  // The slot a call parked now would get (B2bua::park_for asks before the phone leaves); none when
  // the tenant's lot is full.
  std::optional<int> free_slot(std::int64_t tenant_id) const { return lot_.free_slot(tenant_id); }
  int slots() const { return lot_.slots(); }
  // Whether a call waits in the slot for a phone to take it (*7): parked, and not being rung to a
  // desktop's phone.
  bool waiting_in(std::int64_t tenant_id, int slot) const;
  // A desktop's retrieve: rings `extension`'s phones, and the one that answers talks to the caller
  // in `slot`, which waits there (with its music) meanwhile; nobody answering leaves it parked. The
  // parked call's id. NotFound (field "slot") for an empty slot; Conflict while the call is being
  // rung to a phone already, or when no phone of the extension is registered.
  Result<std::string> retrieve_to(std::int64_t tenant_id, int slot, const std::string& extension,
                                  const std::string& username);
  // The tenant's parked calls, by slot.
  std::vector<ParkedCall> parked(std::int64_t tenant_id) const { return lot_.of_tenant(tenant_id); }
  // Told of every change of the lots (the CTI); it must outlive this or be unset.
  void set_observer(ParkingObserver* observer) { observer_ = observer; }

  // Kind "park": a call handed over by B2bua::park_for, `service` its slot, `variables` who parked
  // it. Kind "unpark": a phone that dialled *7 + the slot (`service`), which takes the parked call.
  Status on_call(const ServiceCall& call) override;
  void on_digit(const std::string&, const media::dsp::DtmfDigit&) override {}
  void on_play_done(const std::string&, const media::PlayOutcome&) override {}
  void on_connect_result(const std::string& call_id, const ConnectOutcome& outcome) override;
  void on_call_ended(const std::string& call_id) override;

 private:
  Status seat(const ServiceCall& call);
  Status take_to_phone(const ServiceCall& call);
  void retrieve_answered(const std::string& call_id, const ConnectOutcome& outcome);
  void ring_back_answered(const std::string& call_id, const ConnectOutcome& outcome);
  void ring_back_due();
  void ring_back(const ParkedCall& call);
  void arm_ring_back_timer();
  void start_music(std::int64_t tenant_id, media::RelayId relay);
  // Music stops and the media timeout is back: the caller talks to someone again.
  void stop_music(media::RelayId relay);
  void tell(ParkingEvent::Kind kind, const ParkedCall& call, std::string cause = {});

  media::MediaEngine& media_;
  B2bua& b2bua_;
  const Directory& directory_;  // the tenant's music on hold
  const Clock& clock_;
  ParkingOptions options_;
  ParkingLot lot_;
  CallPairs pairs_;                 // parked callers and the phones that took them with *7
  sip::CoreTimer ring_back_timer_;  // armed for the lot's next ring-back
  // Calls ringing back the extension that parked them, as they were in their slot (now left).
  std::unordered_map<std::string, ParkedCall> ringing_back_;
  ParkingObserver* observer_ = nullptr;
};

}  // namespace hotline::pbx
