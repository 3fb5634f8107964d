// A random contact centre in simulated time: six queues with every strategy, overflow, max length,
// wrap-up, ring timeouts and missed calls; thirty agents logging in and out, changing state, mode,
// skills and queues; callers arriving (some VIP, some asking for their last agent), abandoning,
// being answered or missed. After every event the public view must be consistent, and at the end
// every queue entry must have its exit.
#include <map>
#include <random>
#include <set>

#include "acd_test_support.hpp"

namespace hotline::acd::testing {
namespace {

constexpr QueueId kQueues = 6;
constexpr AgentId kAgents = 30;

class AcdSimulation : public AcdTest {
 protected:
  void SetUp() override {
    const StrategyKind strategies[kQueues] = {StrategyKind::LongestIdle,   StrategyKind::RoundRobin,
                                              StrategyKind::RingAll,       StrategyKind::FewestCalls,
                                              StrategyKind::LeastTalkTime, StrategyKind::SkillLevel};
    for (QueueId q = 1; q <= kQueues; ++q) {
      QueueConfig c = queue_config(q, strategies[q - 1]);
      c.skill = kSkill + q;
      c.min_level = q % 3 + 1;
      c.wrap_up_ms = (q % 2) * 5'000;
      c.ring_timeout_ms = 10'000 + q * 1'000;
      c.max_misses = static_cast<int>(q % 4);
      if (q == 1) {
        c.max_wait_ms = 120'000;
        c.overflow = OverflowTarget{OverflowKind::Queue, 2, {}};
      } else if (q == 2) {
        c.max_length = 25;
        c.overflow = OverflowTarget{OverflowKind::Voicemail, 1, {}};
      } else if (q == 3) {
        c.max_wait_ms = 300'000;
      } else if (q == 4) {
        c.max_length = 15;
      }
      configs[q] = c;
      add_queue(c);
    }
  }

  template <typename T>
  T pick(T lo, T hi) {
    return std::uniform_int_distribution<T>(lo, hi)(rng);
  }

  std::vector<AgentSkill> random_skills() {
    std::vector<AgentSkill> skills;
    for (QueueId q = 1; q <= kQueues; ++q) {
      if (pick(0, 2) != 0) skills.push_back({kSkill + q, pick(1, 10)});
    }
    return skills;
  }
  std::vector<QueueId> random_queues() {
    std::vector<QueueId> queues;
    for (QueueId q = 1; q <= kQueues; ++q) {
      if (pick(0, 2) == 0) queues.push_back(q);
    }
    return queues;
  }

  // Keeps the test's view of who rings for what in step with the decisions, in their order.
  void follow_decisions() {
    while (seen_offers < sink.offers.size() || seen_withdrawals < sink.withdrawals.size()) {
      const bool offer_next = seen_withdrawals == sink.withdrawals.size() ||
                              (seen_offers < sink.offers.size() &&
                               sink.offers[seen_offers].seq < sink.withdrawals[seen_withdrawals].seq);
      if (offer_next) {
        const auto& offer = sink.offers[seen_offers++];
        EXPECT_FALSE(ringing.contains(offer.call)) << "call " << offer.call << " offered twice at once";
        for (AgentId a : offer.agents) {
          const auto mode = router.agent_snapshot(a)->mode;
          EXPECT_TRUE(mode == WorkMode::Normal || mode == WorkMode::Supervisor)
              << "agent " << a << " in mode " << to_string(mode) << " was offered call " << offer.call;
          ringing[offer.call].insert(a);
        }
      } else {
        const auto& w = sink.withdrawals[seen_withdrawals++];
        ASSERT_TRUE(ringing[w.call].contains(w.agent)) << "withdrawn but not ringing: " << w.call;
        ringing[w.call].erase(w.agent);
        if (ringing[w.call].empty()) ringing.erase(w.call);
      }
    }
  }

  // The test's own answers and failures end that agent's ringing before the router hears of them.
  void stop_tracking(CallId call, AgentId agent) {
    ringing[call].erase(agent);
    if (ringing[call].empty()) ringing.erase(call);
  }

  void step() {
    const int action = pick(0, 99);
    if (action < 12) {  // a caller arrives
      EnqueueRequest r{next_call++, pick<QueueId>(1, kQueues), pick(0, 9) == 0 ? 10 : 0, 0, std::nullopt, 0};
      if (pick(0, 4) == 0) {
        r.preferred_agent = pick<AgentId>(1, kAgents);
        r.preferred_window_ms = pick<std::int64_t>(0, 90'000);
      }
      (void)router.enqueue(r);
    } else if (action < 16) {  // a caller hangs up
      if (next_call > 1) (void)router.abandon(pick<CallId>(1, next_call - 1));
    } else if (action < 17) {  // the pbx takes a call out
      if (next_call > 1) (void)router.leave(pick<CallId>(1, next_call - 1));
    } else if (action < 37 && !ringing.empty()) {  // an agent answers
      auto it = std::next(ringing.begin(), pick<std::size_t>(0, ringing.size() - 1));
      const CallId call = it->first;
      const AgentId agent = *std::next(it->second.begin(), pick<std::size_t>(0, it->second.size() - 1));
      stop_tracking(call, agent);
      ASSERT_OK(router.offer_answered(call, agent));
    } else if (action < 42 && !ringing.empty()) {  // an offer fails
      auto it = std::next(ringing.begin(), pick<std::size_t>(0, ringing.size() - 1));
      const CallId call = it->first;
      const AgentId agent = *it->second.begin();
      stop_tracking(call, agent);
      ASSERT_OK(router.offer_failed(call, agent, static_cast<OfferFailure>(pick(0, 3))));
    } else if (action < 57) {  // a call ends
      (void)router.call_ended(pick<AgentId>(1, kAgents));
    } else if (action < 67) {
      (void)router.set_ready(pick<AgentId>(1, kAgents));
    } else if (action < 69) {
      (void)router.set_not_ready(pick<AgentId>(1, kAgents), pick(0, 1) ? "break" : "meeting");
    } else if (action < 72) {
      const AgentId agent = pick<AgentId>(1, kAgents);
      const auto mode = pick(0, 5) == 0 ? WorkMode::Supervisor : WorkMode::Normal;
      if (router.login({agent, kTenant, random_skills(), random_queues(), mode}).ok()) {
        (void)router.set_ready(agent);
      }
    } else if (action < 73) {
      (void)router.logout(pick<AgentId>(1, kAgents));
    } else if (action < 75) {
      const WorkMode modes[] = {WorkMode::Normal,     WorkMode::Normal,       WorkMode::Normal,
                                WorkMode::Supervisor, WorkMode::OutboundOnly, WorkMode::EndOfShift};
      (void)router.set_work_mode(pick<AgentId>(1, kAgents), modes[pick(0, 5)]);
    } else if (action < 76) {
      (void)router.update_skills(pick<AgentId>(1, kAgents), random_skills());
    } else if (action < 77) {
      (void)router.set_queues(pick<AgentId>(1, kAgents), random_queues());
    } else if (action < 78) {
      QueueConfig c = configs[pick<QueueId>(1, kQueues)];
      c.min_level = pick(1, 6);
      c.strategy = static_cast<StrategyKind>(pick(0, 5));
      ASSERT_OK(router.update_queue(c));
      configs[c.id] = c;
    } else {
      tick(pick<std::int64_t>(0, 6'000));
    }
  }

  // What must hold between events.
  void check_invariants() {
    std::size_t in_line = 0;
    for (QueueId q = 1; q <= kQueues; ++q) {
      const auto snapshot = router.queue_snapshot(q).value();
      const auto waiting = router.waiting_calls(q, static_cast<std::size_t>(-1)).value();
      ASSERT_EQ(waiting.size(), snapshot.waiting);
      in_line += waiting.size();
      for (std::size_t i = 0; i < waiting.size(); ++i) {
        ASSERT_EQ(router.position(waiting[i].call).value(), i + 1);
        if (i > 0) {
          ASSERT_GE(waiting[i - 1].priority, waiting[i].priority);
        }
        // Event-driven routing: nobody who could take a call is ready while it waits.
        if (snapshot.ready_agents > 0) {
          ASSERT_TRUE(waiting[i].waiting_for.has_value())
              << "call " << waiting[i].call << " waits in queue " << q << " with an agent ready";
        }
      }
      if (configs[q].max_length > 0) {
        ASSERT_LE(snapshot.waiting + snapshot.ringing, configs[q].max_length);
      }
    }
    std::size_t ringing_calls = 0;
    for (AgentId a = 1; a <= kAgents; ++a) {
      auto s = router.agent_snapshot(a);
      if (!s.ok()) continue;
      if (s->state == AgentState::Ringing) {
        ASSERT_TRUE(s->call);
        ASSERT_TRUE(ringing.contains(*s->call) && ringing[*s->call].contains(a))
            << "agent " << a << " rings for call " << *s->call << " nobody offered it";
      }
    }
    for (const auto& [call, agents] : ringing) {
      ++ringing_calls;
      for (AgentId a : agents) {
        auto s = router.agent_snapshot(a).value();
        ASSERT_EQ(s.state, AgentState::Ringing) << "agent " << a << " call " << call;
        ASSERT_EQ(s.call, call);
      }
    }
    ASSERT_EQ(in_line + ringing_calls, router.calls_waiting());
    if (auto next = router.next_deadline()) {
      ASSERT_GT(*next, clock.now_ms());
    }
  }

  std::mt19937 rng{20240601};
  std::map<QueueId, QueueConfig> configs;
  std::map<CallId, std::set<AgentId>> ringing;
  std::size_t seen_offers = 0;
  std::size_t seen_withdrawals = 0;
  CallId next_call = 1;
};

TEST_F(AcdSimulation, TwentyThousandRandomEventsKeepEveryInvariant) {
  for (int i = 0; i < 20'000; ++i) {
    step();
    follow_decisions();
    check_invariants();
    if (HasFatalFailure() || HasNonfatalFailure()) FAIL() << "after event " << i;
  }
  EXPECT_GT(sink.exits.size(), 2'000u);
  std::map<QueueOutcome, int> outcomes;
  for (const auto& x : sink.exits) ++outcomes[x.outcome];
  EXPECT_GT(outcomes[QueueOutcome::Answered], 1'000);
  for (auto outcome :
       {QueueOutcome::Abandoned, QueueOutcome::Overflowed, QueueOutcome::TimedOut, QueueOutcome::Left}) {
    EXPECT_GT(outcomes[outcome], 0) << to_string(outcome);
  }
  EXPECT_GT(sink.withdrawals.size(), 100u);

  // Wind down: every caller hangs up, every call ends; then nothing is left and the log closes.
  for (CallId c = 1; c < next_call; ++c) (void)router.abandon(c);
  for (AgentId a = 1; a <= kAgents; ++a) (void)router.call_ended(a);
  EXPECT_EQ(router.calls_waiting(), 0u);
  tick(3'600'000);
  for (AgentId a = 1; a <= kAgents; ++a) {
    auto s = router.agent_snapshot(a);
    if (s.ok()) {
      EXPECT_NE(s->state, AgentState::Ringing);
    }
  }
  EXPECT_FALSE(router.next_deadline());
  expect_logs_consistent();
  EXPECT_EQ(sink.entries.size(), sink.exits.size());
}

}  // namespace
}  // namespace hotline::acd::testing
