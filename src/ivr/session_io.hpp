// What a Session asks of the runtime (actions) and what the runtime tells it (events). The
// session does no I/O: the pbx turns actions into media and SIP commands on the core loop and
// feeds the outcomes back.
//
// Tokens: Play, AnnounceAgent, WaitDigits and HttpRequest carry a token, unique within the
// session; the event that answers them carries it back. An event whose token is not the one the
// session waits for is stale (a prompt it already stopped, a timer it replaced) and is ignored,
// so the runtime needs no cancellation bookkeeping: it may let a replaced timer fire.
//
// Keys: every key the caller presses reaches the session as a Digit event, including the one
// that interrupted a prompt; PlayInterrupted only says that the prompt ended (its digit is not
// counted again). Digit and PlayInterrupted may arrive in either order.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "ivr/call_context.hpp"
#include "media/media.hpp"

namespace hotline::ivr {

// --- actions, session → runtime ---

// Play towards the caller (replacing any play running). spec.interruptible: a key stops it.
// Answered by PlayFinished, PlayInterrupted or PlayFailed with the token.
struct Play {
  std::uint64_t token = 0;
  media::PlaySpec spec;
};

// Stop the play running towards the caller, if any; no event is expected back.
struct StopPlay {};

// Start (or restart) the digit timer: Timeout{token} after timeout_ms unless a newer WaitDigits
// came. Keys keep coming as Digit events meanwhile.
struct WaitDigits {
  std::uint64_t token = 0;
  std::int64_t timeout_ms = 0;
};

// Answered by HttpResult (any status) or HttpError (no answer within timeout_ms, connection
// failure).
struct HttpRequest {
  std::uint64_t token = 0;
  std::string method;
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;  // JSON, with a Content-Type header when not empty
  std::int64_t timeout_ms = 0;
};

// The call goes to an ACD queue, carrying variables to the agent's screen pop and the CDR
// (IVR-10). The session is HandedOff: HandoffFailed brings it back to the node's on_failure.
struct Enqueue {
  std::string queue;
  int priority = 0;
  std::string skill;
  Variables variables;
  bool announce_agent = false;  // IVR-8: play the agent's work number before connecting
};

// Blind transfer to an extension or, external, an outside number (IVR-10). HandedOff.
struct Transfer {
  std::string target;
  bool external = false;
};

// The caller leaves a message in a box (IVR-7). HandedOff.
struct Voicemail {
  std::string box;
};

// Play `before`, the agent's work number (the runtime knows it: it fills it in as speech in
// `language`, digit by digit), then `after`; answered like a Play with the same token.
struct AnnounceAgent {
  std::uint64_t token = 0;
  media::PlaySpec before;
  media::PlaySpec after;
  std::string language = "zh-CN";
  bool interruptible = false;
};

struct Hangup {
  std::string cause;  // "normal", or ivr_no_input / ivr_error / ivr_loop when the flow gave up
};

// The session is over: nothing more will come from it and it needs no more events.
struct Finished {};

using Action = std::variant<Play, StopPlay, WaitDigits, HttpRequest, Enqueue, Transfer, Voicemail,
                            AnnounceAgent, Hangup, Finished>;
using Actions = std::vector<Action>;

// --- events, runtime → session ---

struct PlayFinished {
  std::uint64_t token = 0;
};
struct PlayInterrupted {
  std::uint64_t token = 0;
  char digit = 0;
};
struct PlayFailed {
  std::uint64_t token = 0;
  std::string error;
};
struct Digit {
  char digit = 0;
};
struct Timeout {
  std::uint64_t token = 0;
};
struct HttpResult {
  std::uint64_t token = 0;
  int status = 0;
  std::string body;
};
struct HttpError {
  std::uint64_t token = 0;
  std::string message;
};
// The queue, transfer or voicemail the session handed the call to could not take it.
struct HandoffFailed {
  std::string reason;
};
// The caller hung up; the session ends without further actions.
struct CallerHangup {};

using Event = std::variant<PlayFinished, PlayInterrupted, PlayFailed, Digit, Timeout, HttpResult, HttpError,
                           HandoffFailed, CallerHangup>;

}  // namespace hotline::ivr
