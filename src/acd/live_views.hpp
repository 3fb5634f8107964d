// What supervisors and agents see of the ACD while it runs (ACD-11, the wallboard) — each queue's
// figures with the calls in it, and each agent's state — and what they may ask of an agent (ACD-2,
// ACD-9). Built by the ACD runtime on the core loop and handed to other threads by value.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "acd/records.hpp"

namespace hotline::acd {

// What the caller brought from the IVR (its variables, ivr_path, ivr_keys): the screen pop's data.
using CallData = std::map<std::string, std::string, std::less<>>;

struct QueuedCallView {
  std::string call_id;  // the pbx's call id
  std::string caller;
  CallData data;
  int priority = 0;
  UnixMs entered_at = 0;
  std::int64_t waited_ms = 0;
  std::size_t position = 0;                // 1 = next; 0 while an agent's phone rings
  std::vector<std::string> ringing;        // extensions of the agents being offered the call
  std::optional<std::string> waiting_for;  // extension of the last agent it is reserved for (ACD-5)
};

struct QueueView {
  std::int64_t id = 0;
  std::string name;
  QueueSnapshot figures;
  std::vector<QueuedCallView> calls;  // waiting and ringing, in line order
};

struct AgentView {
  std::int64_t user_id = 0;
  std::string extension;
  bool phone_registered = false;
  // State LoggedOut with state_since 0 for an agent who has not logged in since the start.
  AgentSnapshot snapshot;
  std::optional<std::string> call_id;  // the call ringing or talking, by the pbx's id
  std::optional<std::string> caller;   // of that call
  CallData call_data;                  // of that call: the screen pop
};

// An agent's state asked for from the desktop or by a supervisor. LogIn needs the agent's phone
// registered and leaves it ready; LogOut keeps it out of its queues until it logs in again (a
// phone that registers again does not log it back in). With `queues`, LogIn and LogOut are about
// those of the agent's queues only: the agent stays logged in to the others, and logging out of
// the last one is a LogOut. NotReady takes effect after a call and its wrap-up; while ringing it
// withdraws the offer. ReadyNow ends a wrap-up early (and is refused outside one).
struct AgentCommand {
  enum class Kind { LogIn, LogOut, Ready, NotReady, SetWorkMode, ReadyNow } kind = Kind::Ready;
  std::string reason;                // NotReady: why (a break, training, ...)
  WorkMode mode = WorkMode::Normal;  // SetWorkMode
  std::vector<std::int64_t> queues;  // LogIn, LogOut: only these queues; empty: all of them
};

}  // namespace hotline::acd
