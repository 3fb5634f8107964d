// QueueUpdateThrottle: at most one queue.update per queue per interval (1 s). A queue whose figures
// change is sent at once when its last update is an interval old, otherwise when the interval is
// over, with its figures as they are then: a burst of changes costs one update, and the last
// change is never lost. Pure logic in the caller's time.
//
// Thread: its owner's (the core loop).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include "common/clock.hpp"

namespace hotline::cti {

class QueueUpdateThrottle {
 public:
  explicit QueueUpdateThrottle(std::int64_t interval_ms = 1000) : interval_ms_(interval_ms) {}

  void changed(std::int64_t queue) { pending_.insert(queue); }
  // When the earliest pending queue may be sent; nullopt when none is pending.
  std::optional<UnixMs> next_due() const;
  // The pending queues that may be sent at `now`, taken off the pending set and marked sent.
  std::vector<std::int64_t> take_due(UnixMs now);
  // Forgets a queue (deleted).
  void forget(std::int64_t queue);

 private:
  UnixMs due_at(std::int64_t queue) const;

  std::int64_t interval_ms_;
  std::set<std::int64_t> pending_;
  std::map<std::int64_t, UnixMs> last_sent_;
};

}  // namespace hotline::cti
