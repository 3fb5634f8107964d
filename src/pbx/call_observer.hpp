// CallObserver: what the user of a phone sees of a call, for the CTI (the agent desktop's
// WebSocket, DESIGN.md "Call model": CTI fan-out is a subscriber of the call events). Each event is
// about one extension's part in one call: its phone is offered the call (rung), answers it, holds
// and retrieves it, transfers or parks it, or is done with it. The B2BUA reports them as they
// happen, whoever placed the call (an ordinary call to the extension, a ring-all number, a queue's
// connect).
//
// Thread: core loop only. Observers must not call back into the B2BUA from these callbacks.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/clock.hpp"

namespace hotline::pbx {

struct PhoneCallEvent {
  enum class Kind { Offered, Answered, Held, Retrieved, Transferred, Parked, Consult, Ended };
  Kind kind = Kind::Offered;
  std::int64_t tenant_id = 0;
  std::string call_id;    // the pbx's call id (the call record's id)
  std::string extension;  // the phone this event is about
  std::string caller;     // the caller's number or extension
  std::string dialled;    // what the caller dialled
  std::string direction;  // internal | inbound | outbound
  // The service that connects the call to the phone, when one does ("queue" and the queue's name).
  std::string service_kind;
  std::string service_name;
  // Held and Retrieved: which side holds ("caller", "callee" or "user" for a command).
  // Transferred: where the caller went ("queue:NAME", "extension:EXT"), in `cause`.
  // Parked: the slot the caller waits in, in `slot`.
  // Ended: the phone's part ended how (leg disposition: answered, no_answer, cancelled, busy, ...),
  // why (the hang-up cause, e.g. "BYE", "answered elsewhere") and who ended it ("caller",
  // "callee", "system"; empty when nobody in particular did).
  std::string side;
  std::string disposition;
  std::string cause;
  int slot = 0;
  // Consult: the consultation of this call from this phone's desktop changed: its state
  // ("ringing", "talking", "three_way", "transferred", or "failed"/"ended" when it is over), the
  // extension consulted and the consultation call; `cause` says why it failed or ended.
  std::string consult_state;
  std::string consult_target;
  std::string consult_call;
  // The parties the agent brought into its conference before this consultation (their targets,
  // oldest first): they talk on with the customer while the agent consults.
  std::vector<std::string> conference;
  // Offered on a consultation call: the customer's call it is about and the customer's number.
  std::string consults_for;
  std::string consult_customer;
  // The phone placed the call: dialled it on its keypad, or the desktop placed it through the phone
  // (click-to-dial). The other party is `dialled`.
  bool outgoing = false;
  // Business data a desktop attached to the call (form fields, a ticket draft: JSON text, empty
  // when none), for whoever takes it next; on a consultation call, the customer's call's.
  std::string attached_data;
  UnixMs at = 0;
};

const char* to_string(PhoneCallEvent::Kind kind);

class CallObserver {
 public:
  virtual ~CallObserver() = default;
  virtual void on_phone_call(const PhoneCallEvent& event) = 0;
  // The extension's do not disturb was set from its phone (*51, *50).
  virtual void on_do_not_disturb(std::int64_t tenant_id, const std::string& extension, bool on) = 0;
};

}  // namespace hotline::pbx
