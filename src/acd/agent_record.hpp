// One agent as the router keeps it: state, work mode, skills, the queues it is logged in to and
// where it sits in their indexes, the figures strategies rank by, and calls reserved for it.
// Internal to the acd module.
//
// Thread: core loop only (owned by QueueRouter).
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "acd/routing_strategy.hpp"
#include "acd/types.hpp"
#include "acd/waiting_call.hpp"

namespace hotline::acd {

struct QueueState;

// The agent's place in one queue it is logged in to.
struct Membership {
  QueueState* queue = nullptr;
  bool eligible = false;  // has the queue's skill at its min_level
  bool counted = false;   // counted in queue->eligible_by_state under AgentRecord::counted_state
  bool listed = false;    // in queue->ready at `slot` (erasing by iterator needs no search)
  // Listed, but the agent rings for a call of another queue: the entry is skipped, and erased at
  // the agent's next change or before the queue next chooses an agent (QueueState::stale).
  bool stale = false;
  std::uint32_t stale_at = 0;  // where the agent is in queue->stale while stale
  ReadyAgents::iterator slot;
};

struct ActiveCall {
  CallId call = 0;
  QueueId queue = 0;
  UnixMs answered_at = 0;
};

struct WrapUp {
  QueueId queue = 0;
  std::int64_t talk_ms = 0;
  UnixMs started_at = 0;
  UnixMs until = 0;
};

struct AgentRecord {
  AgentId id = 0;
  TenantId tenant = 0;
  std::vector<AgentSkill> skills;  // sorted by skill
  WorkMode mode = WorkMode::Normal;
  AgentState state = AgentState::LoggedOut;
  std::string reason;
  UnixMs state_since = 0;

  std::vector<Membership> memberships;
  AgentState counted_state = AgentState::LoggedOut;
  bool listed = false;  // in the ready set of at least one queue: may be offered a call now

  UnixMs idle_since = 0;
  std::int64_t calls_answered_today = 0;
  std::int64_t talk_time_today_ms = 0;
  int consecutive_misses = 0;

  std::optional<std::string> not_ready_after_call;  // asked for while talking
  std::optional<CallId> ringing_call;
  std::optional<ActiveCall> active_call;  // answered from a queue, until call_ended
  std::optional<WrapUp> wrap_up;
  std::set<LineKey, LineOrder> reserved;  // calls in line waiting for this agent (ACD-5)

  int level_for(SkillId skill) const {
    for (const auto& s : skills) {
      if (s.skill == skill) return s.level;
    }
    return 0;
  }
  bool takes_inbound() const { return mode == WorkMode::Normal || mode == WorkMode::Supervisor; }
  const Membership* membership(QueueId queue) const;
};

}  // namespace hotline::acd
