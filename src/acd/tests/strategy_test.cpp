// Every strategy over thousands of simulated calls: who is offered each call, and how the calls
// spread over the agents.
#include <algorithm>
#include <functional>
#include <map>
#include <random>
#include <set>
#include <tuple>

#include "acd_test_support.hpp"

namespace hotline::acd::testing {
namespace {

class AcdStrategy : public AcdTest {
 protected:
  using Check = std::function<void(const std::vector<AgentSnapshot>& ready, AgentId chosen)>;

  std::vector<AgentSnapshot> ready_agents() const {
    std::vector<AgentSnapshot> ready;
    for (AgentId a : agents) {
      auto s = router.agent_snapshot(a);
      if (s->state == AgentState::Ready) ready.push_back(*s);
    }
    return ready;
  }

  // Answers every offer made since the last call, at once, by its first agent; the call then lasts
  // talk_ms(agent).
  void answer_new_offers() {
    for (; answered_offers < sink.offers.size(); ++answered_offers) {
      const auto offer = sink.offers[answered_offers];
      const AgentId agent = offer.agents.front();
      ASSERT_OK(router.offer_answered(offer.call, agent));
      ending.emplace(clock.now_ms() + talk_ms(agent), agent);
    }
  }

  // `calls` calls arrive in queue 1, one every arrival_ms. Each offer made on an arrival is passed
  // to `check` with the agents that were ready just before it.
  void simulate(int calls, std::int64_t arrival_ms, const Check& check) {
    for (int i = 0; i < calls; ++i) {
      const UnixMs arrival = clock.now_ms() + arrival_ms;
      while (!ending.empty() && ending.begin()->first <= arrival) {
        const auto [at, agent] = *ending.begin();
        ending.erase(ending.begin());
        clock.advance_ms(at - clock.now_ms());
        ASSERT_OK(router.call_ended(agent));
        answer_new_offers();
      }
      tick(arrival - clock.now_ms());
      const auto ready = ready_agents();
      const CallId call = next_call++;
      enqueue(call, 1);
      if (!sink.offers.empty() && sink.offers.back().call == call)
        check(ready, sink.offers.back().agents.front());
      answer_new_offers();
    }
  }

  std::map<AgentId, std::int64_t> calls_per_agent() const {
    std::map<AgentId, std::int64_t> calls;
    for (AgentId a : agents) calls[a] = router.agent_snapshot(a)->calls_answered_today;
    return calls;
  }
  static std::int64_t spread(const std::map<AgentId, std::int64_t>& values) {
    auto [lo, hi] = std::minmax_element(values.begin(), values.end(),
                                        [](const auto& a, const auto& b) { return a.second < b.second; });
    return hi->second - lo->second;
  }

  std::vector<AgentId> agents;
  std::function<std::int64_t(AgentId)> talk_ms = [](AgentId) { return 60'000; };
  std::multimap<UnixMs, AgentId> ending;
  std::size_t answered_offers = 0;
  CallId next_call = 1;
};

TEST_F(AcdStrategy, RoundRobinSpreadsEvenlyInAgentOrder) {
  add_queue(queue_config(1, StrategyKind::RoundRobin));
  for (AgentId a = 1; a <= 5; ++a) login_ready(a, {1});
  std::map<AgentId, int> count;
  for (CallId c = 1; c <= 5000; ++c) {
    enqueue(c, 1);
    auto agent = single_offer(c);
    ASSERT_TRUE(agent);
    ASSERT_EQ(*agent, static_cast<AgentId>((c - 1) % 5 + 1)) << "call " << c;
    ++count[*agent];
    tick(1000);
    ASSERT_OK(router.offer_answered(c, *agent));
    tick(30'000);
    ASSERT_OK(router.call_ended(*agent));
  }
  for (AgentId a = 1; a <= 5; ++a) EXPECT_EQ(count[a], 1000);
  expect_logs_consistent();
}

TEST_F(AcdStrategy, RoundRobinResumesAfterTheLastAgentOffered) {
  add_queue(queue_config(1, StrategyKind::RoundRobin));
  for (AgentId a = 1; a <= 5; ++a) login_ready(a, {1});
  for (CallId c = 1; c <= 3; ++c) {
    enqueue(c, 1);
    ASSERT_EQ(single_offer(c), static_cast<AgentId>(c));
    ASSERT_OK(router.offer_answered(c, static_cast<AgentId>(c)));
  }
  for (AgentId a = 1; a <= 3; ++a) ASSERT_OK(router.call_ended(a));
  // Agent 1 has been ready longest, but the rotation goes on after agent 3.
  enqueue(4, 1);
  EXPECT_EQ(single_offer(4), 4);
  ASSERT_OK(router.offer_answered(4, 4));
  enqueue(5, 1);
  EXPECT_EQ(single_offer(5), 5);
  ASSERT_OK(router.offer_answered(5, 5));
  enqueue(6, 1);
  EXPECT_EQ(single_offer(6), 1);  // wraps around
  ASSERT_OK(router.offer_answered(6, 1));
  ASSERT_OK(router.set_not_ready(2, "lunch"));
  enqueue(7, 1);
  EXPECT_EQ(single_offer(7), 3);  // skips the agent that is not ready
}

TEST_F(AcdStrategy, RoundRobinMemoryIsPerQueue) {
  add_queue(queue_config(1, StrategyKind::RoundRobin));
  add_queue(queue_config(2, StrategyKind::RoundRobin));
  for (AgentId a = 1; a <= 3; ++a) login_ready(a, {1, 2});
  enqueue(1, 1);
  ASSERT_EQ(single_offer(1), 1);
  ASSERT_OK(router.abandon(1));
  enqueue(2, 1);
  ASSERT_EQ(single_offer(2), 2);
  ASSERT_OK(router.abandon(2));
  enqueue(3, 2);
  EXPECT_EQ(single_offer(3), 1);  // queue 2 starts its own rotation
  ASSERT_OK(router.abandon(3));
  enqueue(4, 1);
  EXPECT_EQ(single_offer(4), 3);  // queue 1 goes on after agent 2
}

TEST_F(AcdStrategy, LongestIdleAlwaysPicksTheLongestIdle) {
  add_queue(queue_config(1, StrategyKind::LongestIdle));
  std::mt19937 rng(7);
  for (AgentId a = 1; a <= 12; ++a) {
    agents.push_back(a);
    login_ready(a, {1});
    tick(100);
  }
  talk_ms = [&rng](AgentId) { return std::uniform_int_distribution<std::int64_t>(5'000, 120'000)(rng); };
  int checked = 0;
  simulate(5000, 8'000, [&](const std::vector<AgentSnapshot>& ready, AgentId chosen) {
    ++checked;
    auto best = std::min_element(ready.begin(), ready.end(), [](const auto& a, const auto& b) {
      return std::tie(a.idle_since, a.agent) < std::tie(b.idle_since, b.agent);
    });
    ASSERT_NE(best, ready.end());
    EXPECT_EQ(chosen, best->agent);
  });
  EXPECT_GT(checked, 4000);
  expect_logs_consistent();
}

TEST_F(AcdStrategy, LongestIdleSpreadsEquallyBusyAgentsEvenly) {
  add_queue(queue_config(1, StrategyKind::LongestIdle));
  for (AgentId a = 1; a <= 10; ++a) {
    agents.push_back(a);
    login_ready(a, {1});
  }
  simulate(3000, 10'000, [](const auto&, AgentId) {});
  EXPECT_LE(spread(calls_per_agent()), 1);
}

TEST_F(AcdStrategy, FewestCallsBalancesAgentsWithUnequalCallLengths) {
  add_queue(queue_config(1, StrategyKind::FewestCalls));
  for (AgentId a = 1; a <= 10; ++a) {
    agents.push_back(a);
    login_ready(a, {1});
  }
  // Agent 10 talks ten times longer than agent 1; at one call every 30 s even agent 10 can take its
  // tenth (400 calls of 120 s in 120,000 s).
  talk_ms = [](AgentId a) { return a * 12'000; };
  simulate(4000, 30'000, [](const std::vector<AgentSnapshot>& ready, AgentId chosen) {
    auto best = std::min_element(ready.begin(), ready.end(), [](const auto& a, const auto& b) {
      return std::tie(a.calls_answered_today, a.idle_since, a.agent) <
             std::tie(b.calls_answered_today, b.idle_since, b.agent);
    });
    ASSERT_NE(best, ready.end());
    EXPECT_EQ(chosen, best->agent);
  });
  const auto calls = calls_per_agent();
  EXPECT_LE(spread(calls), 2) << "fewest_calls keeps answered calls level";
  expect_logs_consistent();
}

TEST_F(AcdStrategy, LeastTalkTimeBalancesTalkTime) {
  add_queue(queue_config(1, StrategyKind::LeastTalkTime));
  for (AgentId a = 1; a <= 10; ++a) {
    agents.push_back(a);
    login_ready(a, {1});
  }
  talk_ms = [](AgentId a) { return a * 12'000; };
  simulate(4000, 10'000, [](const std::vector<AgentSnapshot>& ready, AgentId chosen) {
    auto best = std::min_element(ready.begin(), ready.end(), [](const auto& a, const auto& b) {
      return std::tie(a.talk_time_today_ms, a.idle_since, a.agent) <
             std::tie(b.talk_time_today_ms, b.idle_since, b.agent);
    });
    ASSERT_NE(best, ready.end());
    EXPECT_EQ(chosen, best->agent);
  });
  std::map<AgentId, std::int64_t> talk;
  for (AgentId a : agents) talk[a] = router.agent_snapshot(a)->talk_time_today_ms;
  // Within one long call (ended calls only are counted) of each other; the short talkers take more calls.
  EXPECT_LE(spread(talk), 2 * 120'000);
  const auto calls = calls_per_agent();
  EXPECT_GT(calls.at(1), 4 * calls.at(10));
}

TEST_F(AcdStrategy, SkillLevelPrefersHigherLevels) {
  auto config = queue_config(1, StrategyKind::SkillLevel);
  config.min_level = 3;
  add_queue(config);
  const std::map<AgentId, int> levels{{1, 5}, {2, 9}, {3, 5}, {4, 9}, {5, 3}, {6, 2}};
  for (const auto& [a, level] : levels) {
    agents.push_back(a);
    login_ready(a, {1}, level);
  }
  // Short calls: the two level-9 agents take them all, alternately (longest idle among equals).
  std::map<AgentId, int> count;
  for (CallId c = 1; c <= 2000; ++c) {
    enqueue(c, 1);
    auto agent = single_offer(c);
    ASSERT_TRUE(agent);
    ++count[*agent];
    ASSERT_OK(router.offer_answered(c, *agent));
    tick(10'000);
    ASSERT_OK(router.call_ended(*agent));
  }
  EXPECT_EQ(count[2], 1000);
  EXPECT_EQ(count[4], 1000);
  EXPECT_EQ(count.size(), 2u);

  // Held calls: level 9s first, then the 5s, then the 3; never the level-2 agent (below min_level).
  std::vector<AgentId> order;
  for (CallId c = 5001; c <= 5006; ++c) {
    enqueue(c, 1);
    if (auto agent = single_offer(c)) {
      order.push_back(*agent);
      ASSERT_OK(router.offer_answered(c, *agent));
    }
  }
  ASSERT_EQ(order.size(), 5u);
  EXPECT_EQ(std::set<AgentId>(order.begin(), order.begin() + 2), (std::set<AgentId>{2, 4}));
  EXPECT_EQ(std::set<AgentId>(order.begin() + 2, order.begin() + 4), (std::set<AgentId>{1, 3}));
  EXPECT_EQ(order[4], 5);
  EXPECT_EQ(router.position(5006).value(), 1u);
}

TEST_F(AcdStrategy, SkillLevelWithRandomLoadAlwaysPicksTheHighestReadyLevel) {
  add_queue(queue_config(1, StrategyKind::SkillLevel));
  std::mt19937 rng(11);
  std::map<AgentId, int> levels;
  for (AgentId a = 1; a <= 15; ++a) {
    agents.push_back(a);
    levels[a] = std::uniform_int_distribution<int>(1, 10)(rng);
    login_ready(a, {1}, levels[a]);
  }
  talk_ms = [&rng](AgentId) { return std::uniform_int_distribution<std::int64_t>(10'000, 150'000)(rng); };
  simulate(4000, 7'000, [&](const std::vector<AgentSnapshot>& ready, AgentId chosen) {
    int best_level = 0;
    for (const auto& s : ready) best_level = std::max(best_level, levels[s.agent]);
    EXPECT_EQ(levels[chosen], best_level);
  });
}

TEST_F(AcdStrategy, RingAllOffersEveryReadyAgentAndWithdrawsTheRest) {
  add_queue(queue_config(1, StrategyKind::RingAll));
  for (AgentId a = 1; a <= 6; ++a) {
    agents.push_back(a);
    login_ready(a, {1});
  }
  std::mt19937 rng(3);
  for (CallId c = 1; c <= 2000; ++c) {
    const auto ready = ready_agents();
    std::set<AgentId> expected;
    for (const auto& s : ready) expected.insert(s.agent);
    const std::size_t withdrawn_before = sink.withdrawals.size();
    enqueue(c, 1);
    const auto rung = offered(c);
    ASSERT_EQ(std::set<AgentId>(rung.begin(), rung.end()), expected);
    const AgentId winner = rung[std::uniform_int_distribution<std::size_t>(0, rung.size() - 1)(rng)];
    ASSERT_OK(router.offer_answered(c, winner));
    std::set<AgentId> withdrawn;
    for (std::size_t i = withdrawn_before; i < sink.withdrawals.size(); ++i) {
      EXPECT_EQ(sink.withdrawals[i].call, c);
      EXPECT_EQ(sink.withdrawals[i].reason, WithdrawReason::AnsweredElsewhere);
      withdrawn.insert(sink.withdrawals[i].agent);
    }
    expected.erase(winner);
    EXPECT_EQ(withdrawn, expected);
    for (AgentId a : expected) EXPECT_EQ(state_of(a), AgentState::Ready);
    EXPECT_EQ(state_of(winner), AgentState::Talking);
    tick(5'000);
    ASSERT_OK(router.call_ended(winner));
  }
  expect_logs_consistent();
}

TEST_F(AcdStrategy, RingAllRingsEveryoneAgainAfterARingTimeout) {
  auto config = queue_config(1, StrategyKind::RingAll);
  config.ring_timeout_ms = 15'000;
  add_queue(config);
  for (AgentId a = 1; a <= 4; ++a) login_ready(a, {1});
  enqueue(1, 1);
  EXPECT_EQ(offered(1).size(), 4u);
  EXPECT_EQ(sink.offers.back().ring_deadline, clock.now_ms() + 15'000);
  sink.clear_decisions();
  tick(15'000);
  ASSERT_EQ(sink.offers.size(), 1u);
  EXPECT_EQ(sink.offers[0].agents.size(), 4u);
  for (AgentId a = 1; a <= 4; ++a) EXPECT_EQ(router.agent_snapshot(a)->consecutive_misses, 1);
  ASSERT_OK(router.offer_answered(1, 3));
  EXPECT_EQ(router.agent_snapshot(3)->consecutive_misses, 0);
}

// A ring_all offer empties its queue's ready set at once and takes the agents out of their other
// queues one by one (docs/acd.md, figures): the other queues must see them ringing, offer them
// nothing meanwhile, and list them again once they are free.
TEST_F(AcdStrategy, RingAllTakesTheRungAgentsOutOfTheirOtherQueuesUntilTheyAreFree) {
  add_queue(queue_config(1, StrategyKind::RingAll));
  add_queue(queue_config(2, StrategyKind::LongestIdle));
  add_queue(queue_config(3, StrategyKind::RingAll));
  for (AgentId a = 1; a <= 5; ++a) login_ready(a, {1, a % 2 == 0 ? QueueId{2} : QueueId{3}});
  login_ready(6, {2});
  enqueue(1, 1);
  ASSERT_EQ(offered(1), (std::vector<AgentId>{1, 2, 3, 4, 5}));
  EXPECT_EQ(router.queue_snapshot(1)->ready_agents, 0u);
  EXPECT_EQ(router.queue_snapshot(1)->ringing_agents, 5u);
  EXPECT_EQ(router.queue_snapshot(2)->ready_agents, 1u);  // 6; 2 and 4 ring for call 1
  EXPECT_EQ(router.queue_snapshot(2)->ringing_agents, 2u);
  EXPECT_EQ(router.queue_snapshot(3)->ready_agents, 0u);
  EXPECT_EQ(router.queue_snapshot(3)->ringing_agents, 3u);

  enqueue(2, 2);
  EXPECT_EQ(offered(2), (std::vector<AgentId>{6}));
  enqueue(3, 3);  // everyone who could take it rings for call 1
  EXPECT_TRUE(offered(3).empty());
  EXPECT_EQ(router.position(3).value(), 1u);

  ASSERT_OK(router.offer_answered(1, 3));
  EXPECT_EQ(offered(3), (std::vector<AgentId>{1}));       // the first freed agent to look for a call
  EXPECT_EQ(router.queue_snapshot(1)->ready_agents, 3u);  // 2, 4, 5
  EXPECT_EQ(router.queue_snapshot(2)->ready_agents, 2u);  // 2, 4 (6 rings for call 2)
  EXPECT_EQ(router.queue_snapshot(3)->ready_agents, 1u);  // 5
  EXPECT_EQ(router.queue_snapshot(3)->ringing_agents, 1u);
  expect_logs_consistent();
}

// The entries of rung agents in their other queues are erased in any order: by the agent when it
// is free again, or all at once when that queue next chooses.
TEST_F(AcdStrategy, AgentsRungByRingAllAreFreedInAnyOrderInTheirOtherQueues) {
  add_queue(queue_config(1, StrategyKind::RingAll));
  add_queue(queue_config(2, StrategyKind::LongestIdle));
  for (AgentId a = 1; a <= 4; ++a) {
    login_ready(a, {1, 2});
    tick(1'000);
  }
  enqueue(1, 1);
  ASSERT_EQ(offered(1).size(), 4u);
  EXPECT_EQ(router.queue_snapshot(2)->ready_agents, 0u);

  ASSERT_OK(router.offer_failed(1, 2, OfferFailure::Rejected));  // 2 is free, 1, 3 and 4 still ring
  EXPECT_EQ(router.queue_snapshot(2)->ready_agents, 1u);
  EXPECT_EQ(router.queue_snapshot(2)->ringing_agents, 3u);
  enqueue(2, 2);
  EXPECT_EQ(offered(2), (std::vector<AgentId>{2}));
  enqueue(3, 2);
  EXPECT_TRUE(offered(3).empty());

  ASSERT_OK(router.offer_answered(1, 3));  // 1 and 4 are free; 1 has been idle longest
  EXPECT_EQ(offered(3), (std::vector<AgentId>{1}));
  EXPECT_EQ(router.queue_snapshot(2)->ready_agents, 1u);
  enqueue(4, 2);
  EXPECT_EQ(offered(4), (std::vector<AgentId>{4}));
  EXPECT_EQ(router.queue_snapshot(2)->ready_agents, 0u);
  EXPECT_EQ(router.queue_snapshot(1)->ready_agents, 0u);
  expect_logs_consistent();
}

}  // namespace
}  // namespace hotline::acd::testing
