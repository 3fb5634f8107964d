// Figures for the ACD's routing decisions at contact-centre scale: 10,000 agents, 500 skills (one
// queue per skill, each agent with 5 skills at random levels, logged in to those 5 queues) and
// 100,000 calls waiting. One benchmark iteration is one routing decision, timed on its own with
// steady_clock (manual time), so the mean Google Benchmark prints is the mean decision; the label
// and the counters give the 50th and 99th percentiles and the worst case, which the mean hides.
// Only the timed event is measured; answering the offer, ending calls and topping the queues back up
// to 100,000 calls happen between timings.
//
// Run with `build/bench/bench_acd`; the numbers depend on the machine and are printed, never
// asserted.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "acd/acd.hpp"
#include "common/clock.hpp"

namespace hotline::acd {
namespace {

constexpr int kAgents = 10'000;
constexpr int kSkills = 500;
constexpr int kSkillsPerAgent = 5;
constexpr std::size_t kWaitingCalls = 100'000;

// Counts decisions and remembers the last offer; the log records are dropped.
// Thread: the benchmark.
class CountingSink final : public DecisionSink, public LogSink {
 public:
  void offer(const Offer& offer) override {
    ++offers;
    last_call = offer.call;
    last_agents.assign(offer.agents.begin(), offer.agents.end());
  }
  void withdraw(CallId, AgentId, WithdrawReason) override {}
  void overflow(CallId, QueueId, const OverflowTarget&) override {}
  void timed_out(CallId, QueueId) override {}
  void agent_state_changed(const AgentStateChange&) override {}
  void queue_entered(const QueueEntry&) override {}
  void queue_left(const QueueExit&) override {}

  std::uint64_t offers = 0;
  CallId last_call = 0;
  std::vector<AgentId> last_agents;
};

// The router with its queues and agents. Agents are split into `sides`: side s has the skills
// [s * kSkills / sides, (s + 1) * kSkills / sides) and only those.
// Thread: the benchmark.
struct Centre {
  ManualClock clock;
  CountingSink sink;
  QueueRouter router{clock, sink, sink};
  std::mt19937_64 rng{20240601};
  CallId next_call = 1;

  Centre(StrategyKind strategy, int sides) {
    for (QueueId q = 0; q < kSkills; ++q) {
      QueueConfig config;
      config.id = q;
      config.tenant = 1;
      config.skill = q;
      config.strategy = strategy;
      config.max_misses = 0;
      check(router.add_queue(config));
    }
    const int agents_per_side = kAgents / sides;
    const int skills_per_side = kSkills / sides;
    for (AgentId a = 0; a < kAgents; ++a) {
      const int side = static_cast<int>(a) / agents_per_side;
      std::vector<AgentSkill> skills;
      std::vector<QueueId> queues;
      while (skills.size() < kSkillsPerAgent) {
        const SkillId skill = side * skills_per_side + pick(skills_per_side);
        if (std::find(queues.begin(), queues.end(), skill) != queues.end()) continue;
        skills.push_back({skill, 1 + pick(10)});
        queues.push_back(skill);
      }
      check(router.login({a, 1, skills, queues, WorkMode::Normal}));
      check(router.set_ready(a));
      clock.advance_ms(1);
    }
  }

  int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); }

  static void check(const Status& status) {
    if (!status.ok()) {
      std::fprintf(stderr, "bench_acd: %s\n", status.error().message.c_str());
      std::abort();
    }
  }

  // Makes every agent in [first, last) busy: a call into one of its queues while it is ready is
  // offered to some ready agent of that queue, who answers.
  void occupy(AgentId first, AgentId last) {
    for (AgentId a = first; a < last; ++a) {
      while (router.agent_snapshot(a)->state == AgentState::Ready) {
        const QueueId queue = router.agent_snapshot(a)->queues.front();
        enqueue(queue);
        answer_last_offer();
      }
    }
  }

  void enqueue(QueueId queue) { check(router.enqueue({next_call++, queue, 0, 0, std::nullopt, 0})); }
  void answer_last_offer() { check(router.offer_answered(sink.last_call, sink.last_agents.front())); }
};

// p50 / p99 / max of the decisions timed, into the label and counters.
// Thread: the benchmark.
class Latencies {
 public:
  explicit Latencies(std::size_t expected) { ns_.reserve(expected); }

  template <typename Event>
  void time(benchmark::State& state, Event&& event) {
    state.SetIterationTime(time_aside(std::forward<Event>(event)) * 1e-9);
  }

  // Times an event that is not the iteration's decision (it follows from it); returns nanoseconds.
  template <typename Event>
  double time_aside(Event&& event) {
    const auto start = std::chrono::steady_clock::now();
    event();
    const auto elapsed = std::chrono::steady_clock::now() - start;
    const double ns =
        static_cast<double>(std::chrono::duration_cast<std::chrono::nanoseconds>(elapsed).count());
    ns_.push_back(ns);
    return ns;
  }

  // p50 and p99 as counters named `prefix`_p50_us and `prefix`_p99_us.
  void report_counters(benchmark::State& state, const std::string& prefix) {
    if (ns_.empty()) return;
    std::sort(ns_.begin(), ns_.end());
    state.counters[prefix + "_p50_us"] = ns_[(ns_.size() - 1) / 2] / 1000;
    state.counters[prefix + "_p99_us"] =
        ns_[static_cast<std::size_t>(0.99 * static_cast<double>(ns_.size() - 1))] / 1000;
  }

  void report(benchmark::State& state, const std::string& what) {
    if (ns_.empty()) return;
    std::sort(ns_.begin(), ns_.end());
    const auto at = [this](double q) {
      return ns_[static_cast<std::size_t>(q * static_cast<double>(ns_.size() - 1))];
    };
    state.counters["p50_us"] = at(0.50) / 1000;
    state.counters["p99_us"] = at(0.99) / 1000;
    state.counters["max_us"] = ns_.back() / 1000;
    char label[160];
    std::snprintf(label, sizeof label, "%s; p50 %.2f us, p99 %.2f us, max %.1f us", what.c_str(),
                  at(0.50) / 1000, at(0.99) / 1000, ns_.back() / 1000);
    state.SetLabel(label);
  }

 private:
  std::vector<double> ns_;
};

constexpr std::int64_t kIterations = 100'000;

// An agent's call ends (no wrap-up), the agent becomes ready and is offered the best of the calls
// waiting in its 5 queues: the decision made most often in a busy centre.
void BM_AgentFreedTakesAWaitingCall(benchmark::State& state) {
  const auto strategy = static_cast<StrategyKind>(state.range(0));
  Centre c(strategy, 1);
  c.occupy(0, kAgents);
  while (c.router.calls_waiting() < kWaitingCalls + kAgents) c.enqueue(c.pick(kSkills));
  Latencies latencies(kIterations);
  AgentId next = 0;
  for (auto _ : state) {
    const AgentId agent = next;
    next = (next + 1) % kAgents;
    c.clock.advance_ms(10);
    const std::uint64_t offers = c.sink.offers;
    latencies.time(state, [&] { Centre::check(c.router.call_ended(agent)); });
    if (c.sink.offers == offers) {
      state.SkipWithError("the freed agent was offered no call");
      break;
    }
    c.answer_last_offer();
    c.enqueue(c.pick(kSkills));
  }
  latencies.report(state, to_string(strategy));
  state.counters["waiting"] = static_cast<double>(c.router.calls_waiting() - kAgents);
}

// A call arrives in a queue with ready agents and is offered by the queue's strategy. Half the
// centre (5,000 agents, 250 queues) is busy with 100,000 calls waiting; the call arrives on the
// other half, where range(1) % of the 5,000 agents are ready (100 %: about 100 per queue) and the
// others not ready. The answer that follows is timed aside (counters answer_p50_us, answer_p99_us):
// for ring_all it withdraws the other agents rung and frees them, the larger part of the work.
void BM_CallArrivesAndIsOffered(benchmark::State& state) {
  const auto strategy = static_cast<StrategyKind>(state.range(0));
  const auto ready_percent = state.range(1);
  Centre c(strategy, 2);
  c.occupy(0, kAgents / 2);
  while (c.router.calls_waiting() < kWaitingCalls + kAgents / 2) c.enqueue(c.pick(kSkills / 2));
  for (AgentId a = kAgents / 2; a < kAgents; ++a) {
    if (a % 100 >= ready_percent) Centre::check(c.router.set_not_ready(a, "bench"));
  }
  Latencies latencies(kIterations);
  Latencies answers(kIterations);
  for (auto _ : state) {
    c.clock.advance_ms(10);
    const QueueId queue = kSkills / 2 + c.pick(kSkills / 2);
    const std::uint64_t offers = c.sink.offers;
    latencies.time(state, [&] { c.enqueue(queue); });
    if (c.sink.offers == offers) {  // nobody in that queue is ready: take the call out again
      Centre::check(c.router.abandon(c.next_call - 1));
      continue;
    }
    const AgentId agent = c.sink.last_agents.front();
    answers.time_aside([&] { c.answer_last_offer(); });
    Centre::check(c.router.call_ended(agent));
  }
  answers.report_counters(state, "answer");
  latencies.report(
      state, std::string(to_string(strategy)) + ", " + std::to_string(ready_percent) + " % of agents ready");
  state.counters["agents_rung"] = static_cast<double>(c.sink.last_agents.size());
}

// A call arrives while every agent who could take it is busy: it only takes its place in line.
void BM_CallArrivesAndWaits(benchmark::State& state) {
  Centre c(StrategyKind::LongestIdle, 1);
  c.occupy(0, kAgents);
  while (c.router.calls_waiting() < kWaitingCalls + kAgents) c.enqueue(c.pick(kSkills));
  Latencies latencies(kIterations);
  for (auto _ : state) {
    const QueueId queue = c.pick(kSkills);
    latencies.time(state, [&] { c.enqueue(queue); });
    Centre::check(c.router.abandon(c.next_call - 1));
  }
  latencies.report(state, "longest_idle");
}

void strategies(benchmark::internal::Benchmark* b) {
  for (auto s : {StrategyKind::LongestIdle, StrategyKind::RoundRobin, StrategyKind::FewestCalls,
                 StrategyKind::LeastTalkTime, StrategyKind::SkillLevel, StrategyKind::RingAll}) {
    b->Arg(static_cast<int>(s));
  }
}

BENCHMARK(BM_AgentFreedTakesAWaitingCall)
    ->Apply(strategies)
    ->Iterations(kIterations)
    ->UseManualTime()
    ->Unit(benchmark::kMicrosecond);
void strategies_and_ready_share(benchmark::internal::Benchmark* b) {
  for (auto s : {StrategyKind::LongestIdle, StrategyKind::RoundRobin, StrategyKind::FewestCalls,
                 StrategyKind::LeastTalkTime, StrategyKind::SkillLevel, StrategyKind::RingAll}) {
    b->Args({static_cast<int>(s), 100});
  }
  b->Args({static_cast<int>(StrategyKind::RingAll), 10});  // a ring group of about 10 ready agents
}

BENCHMARK(BM_CallArrivesAndIsOffered)
    ->Apply(strategies_and_ready_share)
    ->Iterations(kIterations)
    ->UseManualTime()
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_CallArrivesAndWaits)->Iterations(kIterations)->UseManualTime()->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace hotline::acd

BENCHMARK_MAIN();
