// A call in a queue as the router keeps it: where it is (in line or ringing agents), its place in
// line, and its deadlines. Internal to the acd module.
//
// Thread: core loop only (owned by QueueRouter).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "acd/types.hpp"

namespace hotline::acd {

struct QueueState;

// A call's place in line: priority first (higher sooner), then arrival. `seq` is a router-wide
// counter taken at entry, so it orders by entry time and is unique.
struct LineKey {
  int priority = 0;
  std::uint64_t seq = 0;
  CallId call = 0;
};

struct LineOrder {
  bool operator()(const LineKey& a, const LineKey& b) const {
    return a.priority != b.priority ? a.priority > b.priority : a.seq < b.seq;
  }
};

enum class CallPlace : std::uint8_t { InLine, Ringing };

struct WaitingCall {
  CallId id = 0;
  PayloadHandle payload = 0;
  QueueState* queue = nullptr;
  int priority = 0;
  std::uint64_t seq = 0;
  UnixMs entered_at = 0;
  CallPlace place = CallPlace::InLine;

  // Last-agent preference as asked at enqueue, and whether the call is reserved for that agent now:
  // then it waits in the agent's reserved set instead of the queue's open set.
  std::optional<AgentId> preferred_agent;
  std::optional<UnixMs> preferred_until;
  bool reserved = false;
  std::optional<UnixMs> reservation_deadline;

  std::vector<AgentId> ringing;  // the agents offered the call, while place is Ringing
  std::optional<UnixMs> ring_deadline;
  std::optional<UnixMs> max_wait_deadline;
  bool max_wait_reached = false;  // while ringing; the call leaves if the offers fail

  LineKey key() const { return {priority, seq, id}; }
};

}  // namespace hotline::acd
