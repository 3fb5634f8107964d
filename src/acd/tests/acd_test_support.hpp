// Test support: a sink that records every decision and log record, and a fixture that drives a
// QueueRouter in simulated time with a ManualClock.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <utility>
#include <vector>

#include "acd/acd.hpp"
#include "common/clock.hpp"

namespace hotline::acd::testing {

// Thread: the test.
class RecordingSink final : public DecisionSink, public LogSink {
 public:
  struct OfferRecord {
    CallId call = 0;
    QueueId queue = 0;
    PayloadHandle payload = 0;
    std::vector<AgentId> agents;
    std::optional<UnixMs> ring_deadline;
    std::size_t seq = 0;  // order among offers and withdrawals
  };
  struct Withdrawal {
    CallId call = 0;
    AgentId agent = 0;
    WithdrawReason reason = WithdrawReason::Left;
    std::size_t seq = 0;
  };
  struct OverflowRecord {
    CallId call = 0;
    QueueId from = 0;
    OverflowTarget target;
  };

  void offer(const Offer& offer) override {
    offers.push_back({offer.call,
                      offer.queue,
                      offer.payload,
                      {offer.agents.begin(), offer.agents.end()},
                      offer.ring_deadline,
                      next_seq++});
  }
  void withdraw(CallId call, AgentId agent, WithdrawReason reason) override {
    withdrawals.push_back({call, agent, reason, next_seq++});
  }
  void overflow(CallId call, QueueId from, const OverflowTarget& target) override {
    overflows.push_back({call, from, target});
  }
  void timed_out(CallId call, QueueId queue) override { timeouts.emplace_back(call, queue); }
  void agent_state_changed(const AgentStateChange& change) override { states.push_back(change); }
  void queue_entered(const QueueEntry& entry) override {
    entries.push_back(entry);
    queue_log.push_back({true, entry.call, entry.queue, entry.entered_at});
  }
  void queue_left(const QueueExit& exit) override {
    exits.push_back(exit);
    queue_log.push_back({false, exit.call, exit.queue, exit.entered_at});
  }

  void clear_decisions() {
    offers.clear();
    withdrawals.clear();
    overflows.clear();
    timeouts.clear();
  }
  std::vector<AgentStateChange> states_of(AgentId agent) const {
    std::vector<AgentStateChange> out;
    for (const auto& s : states) {
      if (s.agent == agent) out.push_back(s);
    }
    return out;
  }
  std::optional<QueueExit> exit_of(CallId call) const {
    for (const auto& e : exits) {
      if (e.call == call) return e;
    }
    return std::nullopt;
  }

  std::size_t next_seq = 0;
  std::vector<OfferRecord> offers;
  std::vector<Withdrawal> withdrawals;
  std::vector<OverflowRecord> overflows;
  std::vector<std::pair<CallId, QueueId>> timeouts;
  std::vector<AgentStateChange> states;
  std::vector<QueueEntry> entries;
  std::vector<QueueExit> exits;
  struct QueueLogRecord {
    bool entry = false;
    CallId call = 0;
    QueueId queue = 0;
    UnixMs entered_at = 0;
  };
  std::vector<QueueLogRecord> queue_log;  // entries and exits in the order they came
};

#define ASSERT_OK(expr)                                                    \
  do {                                                                     \
    const auto& status_ = (expr);                                          \
    ASSERT_TRUE(status_.ok()) << #expr << ": " << status_.error().message; \
  } while (false)

inline constexpr TenantId kTenant = 1;
inline constexpr SkillId kSkill = 100;

class AcdTest : public ::testing::Test {
 protected:
  static QueueConfig queue_config(QueueId id, StrategyKind strategy = StrategyKind::LongestIdle) {
    QueueConfig c;
    c.id = id;
    c.tenant = kTenant;
    c.skill = kSkill;
    c.strategy = strategy;
    c.max_misses = 0;
    return c;
  }

  void add_queue(const QueueConfig& config) { ASSERT_OK(router.add_queue(config)); }

  void login(AgentId agent, std::vector<QueueId> queues, int level = 5, WorkMode mode = WorkMode::Normal) {
    ASSERT_OK(router.login({agent, kTenant, {{kSkill, level}}, std::move(queues), mode}));
  }
  void login_ready(AgentId agent, std::vector<QueueId> queues, int level = 5) {
    login(agent, std::move(queues), level);
    ASSERT_OK(router.set_ready(agent));
  }
  void enqueue(CallId call, QueueId queue, int priority = 0) {
    ASSERT_OK(router.enqueue({call, queue, priority, call * 10, std::nullopt, 0}));
  }
  // Moves the clock and processes the deadlines due.
  void tick(std::int64_t ms) {
    clock.advance_ms(ms);
    ASSERT_OK(router.advance(clock.now_ms()));
  }
  // The agents of the last offer of this call, or none.
  std::vector<AgentId> offered(CallId call) const {
    for (auto it = sink.offers.rbegin(); it != sink.offers.rend(); ++it) {
      if (it->call == call) return it->agents;
    }
    return {};
  }
  std::optional<AgentId> single_offer(CallId call) const {
    auto agents = offered(call);
    if (agents.size() != 1) return std::nullopt;
    return agents.front();
  }
  AgentState state_of(AgentId agent) const { return router.agent_snapshot(agent)->state; }
  std::string reason_of(AgentId agent) const { return router.agent_snapshot(agent)->reason; }

  // Every queue entry is followed by exactly one exit of the same call from the same queue, with the
  // same entry time and wait = left - entered, before the call enters that queue again; the calls
  // still in a queue have no exit yet. Each agent's state records form one chain (each `from` is the
  // previous `to`).
  void expect_logs_consistent() const {
    std::map<std::pair<CallId, QueueId>, UnixMs> open;
    for (const auto& r : sink.queue_log) {
      const std::pair<CallId, QueueId> key(r.call, r.queue);
      auto it = open.find(key);
      if (r.entry) {
        EXPECT_TRUE(it == open.end()) << "call " << r.call << " entered queue " << r.queue << " twice";
        open[key] = r.entered_at;
      } else {
        ASSERT_TRUE(it != open.end()) << "exit without entry: call " << r.call << " queue " << r.queue;
        EXPECT_EQ(r.entered_at, it->second);
        open.erase(it);
      }
    }
    for (const auto& x : sink.exits) {
      EXPECT_EQ(x.wait_ms, x.left_at - x.entered_at);
      EXPECT_GE(x.wait_ms, 0);
      EXPECT_EQ(x.agent.has_value(), x.outcome == QueueOutcome::Answered);
    }
    EXPECT_EQ(open.size(), router.calls_waiting()) << "entries without exit that are not in a queue";
    for (const auto& [key, entered_at] : open) {
      const auto position = router.position(key.first);
      EXPECT_TRUE(position.ok() || position.error().code == ErrorCode::Conflict)
          << "call " << key.first << " has no exit but is not in a queue";
    }
    EXPECT_EQ(sink.entries.size(), sink.exits.size() + open.size());

    std::map<AgentId, AgentState> last;
    for (const auto& s : sink.states) {
      auto it = last.find(s.agent);
      const AgentState previous = it == last.end() ? AgentState::LoggedOut : it->second;
      EXPECT_EQ(s.from, previous) << "agent " << s.agent << " at " << s.at;
      last[s.agent] = s.to;
    }
  }

  ManualClock clock;
  RecordingSink sink;
  QueueRouter router{clock, sink, sink};
};

}  // namespace hotline::acd::testing
