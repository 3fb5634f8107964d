// AcdObserver: what the CTI hears of the ACD while it runs — an agent's state, reason, work mode
// or call changed, and a queue's figures (callers waiting and ringing, agents by state) may have
// changed. The store subscriber (LogSink) records the same changes; this one is for live screens.
//
// Thread: core loop only. Called during the ACD's own events: an observer may use QueueCalls'
// const queries, never its commands.
#pragma once

#include <cstdint>

#include "acd/live_views.hpp"
#include "acd/types.hpp"

namespace hotline::acd {

class AcdObserver {
 public:
  virtual ~AcdObserver() = default;
  // The agent as it is now (the view of GET /api/v1/live/agents).
  virtual void agent_changed(const AgentView& agent) = 0;
  virtual void queue_changed(std::int64_t tenant_id, QueueId queue) = 0;
};

}  // namespace hotline::acd
