// One queue as the router keeps it: its configuration, its calls in line (all of them, ordered with
// rank lookup, and those any agent may take), its ready eligible agents ordered by the strategy, and
// the figures its snapshot and expected-wait estimate need. Internal to the acd module.
//
// Thread: core loop only (owned by QueueRouter).
#pragma once

#include <array>
#include <cstdint>
#include <ext/pb_ds/assoc_container.hpp>
#include <ext/pb_ds/tree_policy.hpp>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include "acd/daily_queue_counts.hpp"
#include "acd/routing_strategy.hpp"
#include "acd/types.hpp"
#include "acd/waiting_call.hpp"

namespace hotline::acd {

struct AgentRecord;

// An ordered set that also answers "how many keys sort before this one" in O(log n) (libstdc++'s
// policy-based red-black tree): a caller's position in line.
using Line = __gnu_pbds::tree<LineKey, __gnu_pbds::null_type, LineOrder, __gnu_pbds::rb_tree_tag,
                              __gnu_pbds::tree_order_statistics_node_update>;

// The mean of the last `capacity` samples.
class RecentMean {
 public:
  explicit RecentMean(std::size_t capacity) : capacity_(capacity) { samples_.reserve(capacity); }

  void add(std::int64_t sample) {
    if (samples_.size() < capacity_) {
      samples_.push_back(sample);
    } else {
      sum_ -= samples_[next_];
      samples_[next_] = sample;
      next_ = (next_ + 1) % capacity_;
    }
    sum_ += sample;
  }
  std::optional<std::int64_t> mean() const {
    if (samples_.empty()) return std::nullopt;
    return sum_ / static_cast<std::int64_t>(samples_.size());
  }

 private:
  std::size_t capacity_;
  std::vector<std::int64_t> samples_;
  std::size_t next_ = 0;
  std::int64_t sum_ = 0;
};

inline constexpr std::size_t kRecentAnsweredWaits = 20;
inline constexpr std::size_t kRecentHandleTimes = 50;

struct QueueState {
  QueueConfig config;
  const RoutingStrategy* strategy = nullptr;

  Line line;                          // every call in line, reserved ones included
  std::set<LineKey, LineOrder> open;  // the calls in line that any eligible agent may take
  ReadyAgents ready;                  // eligible agents that are ready and take inbound calls
  // The agents whose entries in `ready` are stale: they ring for another queue's call, and their
  // entries are left for later (a ring_all offer to many agents would otherwise rebalance all their
  // other queues' sets at once). Membership::stale_at is each one's index here.
  std::vector<AgentRecord*> stale;
  std::map<std::uint64_t, CallId> calls_by_age;  // in line or ringing, by entry seq
  std::size_t ringing_calls = 0;

  std::set<AgentId> members;  // logged in to the queue
  // Members with the queue's skill at min_level, by state.
  std::array<std::size_t, kAgentStateCount> eligible_by_state{};
  std::optional<AgentId> last_offered;  // round-robin memory

  RecentMean answered_waits{kRecentAnsweredWaits};
  RecentMean handle_times{kRecentHandleTimes};
  DailyQueueCounts today;  // since the router's day began

  QueueId id() const { return config.id; }
  std::size_t ready_agents() const { return ready.size() - stale.size(); }
  std::size_t calls_in_queue() const { return calls_by_age.size(); }
};

}  // namespace hotline::acd
