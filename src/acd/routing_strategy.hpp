// Routing strategies (ACD-2): how a queue chooses among its ready agents. Each queue keeps its ready,
// eligible agents in one ordered set sorted by the key its strategy gives them (rank), so choosing is
// taking the first (or, for round-robin, the first after the last agent offered): O(log n).
// Strategies are stateless; the round-robin memory is the queue's.
//
// Thread: any (immutable objects).
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <set>
#include <vector>

#include "acd/types.hpp"

namespace hotline::acd {

// Ascending: the first key is offered first. `agent` is last so that every key is unique.
struct ReadyKey {
  std::int64_t primary = 0;
  std::int64_t secondary = 0;
  AgentId agent = 0;

  auto operator<=>(const ReadyKey&) const = default;
};

using ReadyAgents = std::set<ReadyKey>;

// What a strategy may rank an agent by. The figures change only while the agent is not ready (at
// answer and at call end), so a ready agent's key stays valid until it leaves the set.
struct AgentRankInput {
  AgentId agent = 0;
  int skill_level = 0;  // for the queue's skill
  UnixMs idle_since = 0;
  std::int64_t calls_answered_today = 0;
  std::int64_t talk_time_today_ms = 0;
};

class RoutingStrategy {
 public:
  virtual ~RoutingStrategy() = default;

  virtual StrategyKind kind() const = 0;
  virtual ReadyKey rank(const AgentRankInput& agent) const = 0;
  // Appends the agents to offer the next call to. `ready` is not empty; `last_offered` is the agent
  // this queue offered a call to last.
  virtual void select(const ReadyAgents& ready, std::optional<AgentId> last_offered,
                      std::vector<AgentId>& out) const = 0;
};

const RoutingStrategy& strategy_for(StrategyKind kind);

}  // namespace hotline::acd
