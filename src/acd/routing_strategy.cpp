#include "acd/routing_strategy.hpp"

#include <limits>

namespace hotline::acd {
namespace {

// The strategies that always offer to the first agent of the order their key defines.
class FirstInOrder : public RoutingStrategy {
 public:
  void select(const ReadyAgents& ready, std::optional<AgentId>, std::vector<AgentId>& out) const override {
    out.push_back(ready.begin()->agent);
  }
};

// Every ready agent rings at once; the first to answer wins and the others are withdrawn.
class RingAll final : public RoutingStrategy {
 public:
  StrategyKind kind() const override { return StrategyKind::RingAll; }
  ReadyKey rank(const AgentRankInput& a) const override { return {0, 0, a.agent}; }
  void select(const ReadyAgents& ready, std::optional<AgentId>, std::vector<AgentId>& out) const override {
    for (const auto& key : ready) out.push_back(key.agent);
  }
};

// The rotation is in agent id order; each queue remembers the agent it offered to last and continues
// with the next ready agent after it, wrapping around.
class RoundRobin final : public RoutingStrategy {
 public:
  StrategyKind kind() const override { return StrategyKind::RoundRobin; }
  ReadyKey rank(const AgentRankInput& a) const override { return {a.agent, 0, a.agent}; }
  void select(const ReadyAgents& ready, std::optional<AgentId> last_offered,
              std::vector<AgentId>& out) const override {
    auto next = ready.begin();
    if (last_offered) {
      next = ready.upper_bound({*last_offered, std::numeric_limits<std::int64_t>::max(), *last_offered});
      if (next == ready.end()) next = ready.begin();
    }
    out.push_back(next->agent);
  }
};

// Idle the longest: the earliest end of a last call (or login, if later) first.
class LongestIdle final : public FirstInOrder {
 public:
  StrategyKind kind() const override { return StrategyKind::LongestIdle; }
  ReadyKey rank(const AgentRankInput& a) const override { return {a.idle_since, 0, a.agent}; }
};

class FewestCalls final : public FirstInOrder {
 public:
  StrategyKind kind() const override { return StrategyKind::FewestCalls; }
  ReadyKey rank(const AgentRankInput& a) const override {
    return {a.calls_answered_today, a.idle_since, a.agent};
  }
};

class LeastTalkTime final : public FirstInOrder {
 public:
  StrategyKind kind() const override { return StrategyKind::LeastTalkTime; }
  ReadyKey rank(const AgentRankInput& a) const override {
    return {a.talk_time_today_ms, a.idle_since, a.agent};
  }
};

// The highest level in the queue's skill first; equal levels by longest idle.
class SkillLevel final : public FirstInOrder {
 public:
  StrategyKind kind() const override { return StrategyKind::SkillLevel; }
  ReadyKey rank(const AgentRankInput& a) const override { return {-a.skill_level, a.idle_since, a.agent}; }
};

}  // namespace

const RoutingStrategy& strategy_for(StrategyKind kind) {
  static const RingAll ring_all;
  static const RoundRobin round_robin;
  static const LongestIdle longest_idle;
  static const FewestCalls fewest_calls;
  static const LeastTalkTime least_talk_time;
  static const SkillLevel skill_level;
  switch (kind) {
    case StrategyKind::RingAll:
      return ring_all;
    case StrategyKind::RoundRobin:
      return round_robin;
    case StrategyKind::LongestIdle:
      return longest_idle;
    case StrategyKind::FewestCalls:
      return fewest_calls;
    case StrategyKind::LeastTalkTime:
      return least_talk_time;
    case StrategyKind::SkillLevel:
      return skill_level;
  }
  return longest_idle;
}

}  // namespace hotline::acd
