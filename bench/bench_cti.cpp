// The CTI hub's fan-out (src/cti/event_hub.hpp) on its own thread with a real SQLite store:
// events published as the core loop publishes them, each serialized once and handed to every
// subscriber it is for. Subscribers here only count frames, so the figures are the hub's side;
// a WebSocket's own queueing and writing come on top (bench/sipp/cti_latency.py measures the
// whole path, INVITE to call.offered on a socket).
//
//   FanOut/AgentStateToWallboards/N   one agent.state to N wallboards watching every agent
//   FanOut/QueueUpdateToAgents/N      one queue.update to the N agents of a queue
//   Publish/CallOfferedWithPop/N      one call.offered to one agent among N connected, with the
//                                     caller's recent calls read from the store (the screen pop)
// Each iteration publishes a batch of events and waits for the hub to finish them; the rates are
// events and delivered frames per second of wall time.
#include <benchmark/benchmark.h>
#include <stdlib.h>

#include <atomic>
#include <filesystem>
#include <future>
#include <memory>
#include <vector>

#include "common/clock.hpp"
#include "cti/event_hub.hpp"
#include "store/store.hpp"

namespace hotline::cti {
namespace {

constexpr int kBatch = 200;  // events published per iteration
constexpr std::int64_t kQueue = 1;

// Thread: the hub's.
class CountingSubscriber final : public Subscriber {
 public:
  explicit CountingSubscriber(std::atomic<std::int64_t>& frames) : frames_(frames) {}
  void greet(Frame) override {}
  void deliver(Frame) override { frames_.fetch_add(1, std::memory_order_relaxed); }
  void end(const std::string&) override {}

 private:
  std::atomic<std::int64_t>& frames_;
};

// A store in a fresh folder, a tenant, a hub and `count` subscribers, agents 1..count with
// extensions 30001.., all members of queue 1.
class Rig {
 public:
  explicit Rig(int count) {
    std::string pattern = (std::filesystem::temp_directory_path() / "hotline-bench-cti-XXXXXX").string();
    if (!mkdtemp(pattern.data())) std::abort();
    dir_ = pattern;
    auto opened =
        store::open_sqlite({.path = dir_ / "hotline.db", .heartbeat_interval_ms = 3'600'000}, clock_);
    if (!opened) std::abort();
    store_ = std::move(opened).value();
    tenant_ = *store_->tenants().create({0, "bench", "bench.test", false, clock_.now_ms()});
    hub_ = std::make_unique<EventHub>(*store_, clock_);
    for (int i = 1; i <= count; ++i) {
      auto sink = std::make_shared<CountingSubscriber>(frames);
      Subscription s{hub_->next_id(), tenant_, i, std::to_string(30000 + i), {kQueue}, "t"};
      ids_.push_back(s.id);
      hub_->subscribe(std::move(s), sink, nlohmann::json::object());
      sinks_.push_back(std::move(sink));
    }
    settle();
  }
  ~Rig() {
    hub_.reset();
    store_->close();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  void watch_agents() {
    for (auto id : ids_) hub_->watch(id, true, false);
    settle();
  }
  void settle() {
    std::promise<void> done;
    hub_->after_pending([&] { done.set_value(); });
    done.get_future().wait();
  }
  EventHub& hub() { return *hub_; }
  std::int64_t tenant() const { return tenant_; }

  std::atomic<std::int64_t> frames{0};

 private:
  SystemClock clock_;
  std::filesystem::path dir_;
  std::unique_ptr<store::Store> store_;
  std::int64_t tenant_ = 0;
  std::unique_ptr<EventHub> hub_;
  std::vector<SubscriberId> ids_;
  std::vector<std::shared_ptr<CountingSubscriber>> sinks_;
};

nlohmann::json agent_state(int agent) {
  return {{"user_id", agent},     {"extension", std::to_string(30000 + agent)}, {"state", "talking"},
          {"reason", "answered"}, {"state_since", 1'700'000'000'000},           {"work_mode", "normal"}};
}

void report(benchmark::State& state, Rig& rig, std::int64_t events) {
  state.counters["events/s"] = benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
  state.counters["frames/s"] =
      benchmark::Counter(static_cast<double>(rig.frames.load()), benchmark::Counter::kIsRate);
  state.counters["frames/event"] = static_cast<double>(rig.frames.load()) / static_cast<double>(events);
}

// Each iteration publishes kBatch events, the i-th made by `make(i)` (its name and data; the
// tenant and time are set here), and waits for the hub to deliver them all.
template <typename MakeEvent>
void publish_batches(benchmark::State& state, Rig& rig, MakeEvent make) {
  std::int64_t events = 0;
  for (auto _ : state) {
    for (int i = 0; i < kBatch; ++i) {
      Event event = make(i);
      event.at = 1'700'000'000'000;
      event.tenant_id = rig.tenant();
      rig.hub().publish(std::move(event));
    }
    rig.settle();
    events += kBatch;
  }
  report(state, rig, events);
}

void BM_AgentStateToWallboards(benchmark::State& state) {
  Rig rig(static_cast<int>(state.range(0)));
  rig.watch_agents();
  publish_batches(state, rig, [](int i) {
    Event event;
    event.name = "agent.state";
    event.user_id = 1 + i % 50;
    event.to_agent_watchers = true;
    event.data = agent_state(1 + i % 50);
    return event;
  });
}
BENCHMARK(BM_AgentStateToWallboards)
    ->Name("FanOut/AgentStateToWallboards")
    ->Arg(10)
    ->Arg(100)
    ->Arg(500)
    ->Arg(2000)
    ->UseRealTime();

void BM_QueueUpdateToAgents(benchmark::State& state) {
  Rig rig(static_cast<int>(state.range(0)));
  publish_batches(state, rig, [](int i) {
    Event event;
    event.name = "queue.update";
    event.queue_id = kQueue;
    event.to_queue_watchers = true;
    event.data = {{"id", kQueue}, {"name", "support"}, {"waiting", i % 7}, {"longest_wait_ms", 1000 * i}};
    return event;
  });
}
BENCHMARK(BM_QueueUpdateToAgents)
    ->Name("FanOut/QueueUpdateToAgents")
    ->Arg(10)
    ->Arg(100)
    ->Arg(500)
    ->Arg(2000)
    ->UseRealTime();

void BM_CallOfferedWithPop(benchmark::State& state) {
  Rig rig(static_cast<int>(state.range(0)));
  publish_batches(state, rig, [](int i) {
    Event event;
    event.name = "call.offered";
    event.extension = std::to_string(30001 + i % 50);
    event.recent_calls_of = "0105550" + std::to_string(i);
    event.data = {
        {"call_id", "c" + std::to_string(i)}, {"caller", *event.recent_calls_of}, {"queue", "support"}};
    return event;
  });
}
BENCHMARK(BM_CallOfferedWithPop)->Name("Publish/CallOfferedWithPop")->Arg(500)->UseRealTime();

}  // namespace
}  // namespace hotline::cti

BENCHMARK_MAIN();
