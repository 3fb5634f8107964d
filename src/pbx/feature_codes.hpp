// Feature codes an extension dials. Supervision (SUP-1): a team leader's phone dials *1 + an
// agent's extension to listen to the agent's call, *2 + extension to whisper to the agent (the
// customer does not hear it), *3 + extension to barge in (everyone hears everyone), *4 + extension
// to take the call over (the supervisor barges in and the agent's phone is hung up); the dialplan
// turns such a number into the service target "supervise:MODE:EXTENSION", and each mode needs its
// capability (dial_privileges.hpp). Pickup (PBX-6): *8 + extension answers a call ringing there
// ("pickup:EXTENSION"). Park (PBX-5): *7 + a slot number takes the call parked there
// ("unpark:SLOT"). Do not disturb (PBX-7): *51 turns it on for the dialling phone's extension,
// *50 off ("dnd:on", "dnd:off"; *78/*79, usual elsewhere, are parking slots 8 and 9 here). Pure
// logic, so that the codes are tested without SIP.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "pbx/dial_privileges.hpp"

namespace hotline::pbx {

enum class SupervisionMode { Listen, Whisper, Barge, TakeOver };

struct SupervisionRequest {
  SupervisionMode mode = SupervisionMode::Listen;
  std::string extension;  // whose call
};

// "*11002" → listen to 1002. Null for anything else, including a code with no extension.
std::optional<SupervisionRequest> parse_supervision_code(std::string_view dialled);
// The service name the dialplan routes a code to ("listen:1002"), and back.
std::string supervision_service_name(const SupervisionRequest& request);
std::optional<SupervisionRequest> parse_supervision_service_name(std::string_view name);

// "*81002" → the call ringing 1002. Null for anything else.
std::optional<std::string> parse_pickup_code(std::string_view dialled);

// "*71" → the call parked in slot 1. Null for anything else: no digits, a leading 0, over 4 digits.
std::optional<int> parse_park_retrieve_code(std::string_view dialled);
// The slot of the service name the dialplan routes *7 to ("12" → 12); null for anything else.
std::optional<int> parse_park_slot(std::string_view name);

// "*51" → true (do not disturb on), "*50" → false (off); null for anything else.
std::optional<bool> parse_dnd_code(std::string_view dialled);

std::string_view to_string(SupervisionMode mode);  // listen, whisper, barge, take_over
std::string_view supervision_capability(
    SupervisionMode mode);  // calls.listen, calls.whisper, calls.barge (take over too)
bool may_supervise(const DialPrivileges& privileges, SupervisionMode mode);

}  // namespace hotline::pbx
