// What the ACD hands out: offers, log records for the store, and snapshots for the pbx and the
// wallboard. Plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "acd/daily_queue_counts.hpp"
#include "acd/types.hpp"

namespace hotline::acd {

// Ring these agents for this call. One agent, or every ready agent of a ring_all queue.
struct Offer {
  CallId call = 0;
  QueueId queue = 0;
  PayloadHandle payload = 0;
  std::span<const AgentId> agents;  // valid during the callback only
  // When the ACD stops the ringing itself (withdraw with RingTimeout) and counts a no_answer.
  std::optional<UnixMs> ring_deadline;
};

// Every agent state change, including a change of not-ready reason. `reason` is the not-ready reason
// when `to` is NotReady, otherwise the cause (docs/acd.md lists them: login, offer, answered, …).
struct AgentStateChange {
  AgentId agent = 0;
  TenantId tenant = 0;
  AgentState from = AgentState::LoggedOut;
  AgentState to = AgentState::LoggedOut;
  std::string reason;
  UnixMs at = 0;
};

// A call entered a queue. Exactly one QueueExit with the same call and queue follows.
struct QueueEntry {
  CallId call = 0;
  QueueId queue = 0;
  TenantId tenant = 0;
  int priority = 0;
  UnixMs entered_at = 0;
};

struct QueueExit {
  CallId call = 0;
  QueueId queue = 0;
  TenantId tenant = 0;
  UnixMs entered_at = 0;
  UnixMs left_at = 0;
  std::int64_t wait_ms = 0;  // left_at - entered_at, ringing included
  QueueOutcome outcome = QueueOutcome::Left;
  std::optional<AgentId> agent;  // who answered (outcome Answered)
};

struct QueueSnapshot {
  QueueId queue = 0;
  TenantId tenant = 0;
  std::size_t waiting = 0;           // in line
  std::size_t ringing = 0;           // offered to an agent, not answered yet
  std::int64_t longest_wait_ms = 0;  // the oldest call in the queue, waiting or ringing
  // Agents logged in to the queue. The per-state counts are of those who have the skill and a work
  // mode that takes inbound calls ("staffed" is ready + ringing + talking + wrap_up of those).
  std::size_t logged_in_agents = 0;
  std::size_t ready_agents = 0;
  std::size_t ringing_agents = 0;
  std::size_t talking_agents = 0;
  std::size_t wrap_up_agents = 0;
  std::size_t not_ready_agents = 0;
  std::optional<std::int64_t> average_wait_ms;    // of the recent answered calls
  std::optional<std::int64_t> average_handle_ms;  // talk + wrap-up of the recent calls
  // Today's calls, since the local midnight, and the service level they give (docs/acd.md).
  std::int64_t service_level_ms = 0;  // the queue's threshold
  DailyQueueCounts today;
  std::optional<double> service_level_today;
};

// A call in line, for the agents' queue view (ACD-11) and announcements.
struct WaitingCallView {
  CallId call = 0;
  PayloadHandle payload = 0;
  int priority = 0;
  UnixMs entered_at = 0;
  std::int64_t waited_ms = 0;
  std::size_t position = 0;            // 1 = next
  std::optional<AgentId> waiting_for;  // reserved for its last agent (ACD-5)
};

struct AgentSnapshot {
  AgentId agent = 0;
  TenantId tenant = 0;
  AgentState state = AgentState::LoggedOut;
  std::string reason;  // of the last state change
  UnixMs state_since = 0;
  WorkMode mode = WorkMode::Normal;
  std::vector<AgentSkill> skills;
  std::vector<QueueId> queues;
  std::optional<CallId> call;  // ringing or talking
  std::optional<std::string> not_ready_after_call;
  std::optional<UnixMs> wrap_up_until;
  UnixMs idle_since = 0;  // the later of the last call's end and login
  std::int64_t calls_answered_today = 0;
  std::int64_t talk_time_today_ms = 0;
  int consecutive_misses = 0;
};

}  // namespace hotline::acd
