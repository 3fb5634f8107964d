#include "cti/queue_update_throttle.hpp"

namespace hotline::cti {

// A queue never sent is due since the epoch: at once, and a time its owner may subtract from.
UnixMs QueueUpdateThrottle::due_at(std::int64_t queue) const {
  auto sent = last_sent_.find(queue);
  return sent == last_sent_.end() ? 0 : sent->second + interval_ms_;
}

std::optional<UnixMs> QueueUpdateThrottle::next_due() const {
  std::optional<UnixMs> next;
  for (std::int64_t queue : pending_) {
    UnixMs at = due_at(queue);
    if (!next || at < *next) next = at;
  }
  return next;
}

std::vector<std::int64_t> QueueUpdateThrottle::take_due(UnixMs now) {
  std::vector<std::int64_t> due;
  for (auto it = pending_.begin(); it != pending_.end();) {
    if (due_at(*it) <= now) {
      due.push_back(*it);
      last_sent_[*it] = now;
      it = pending_.erase(it);
    } else {
      ++it;
    }
  }
  return due;
}

void QueueUpdateThrottle::forget(std::int64_t queue) {
  pending_.erase(queue);
  last_sent_.erase(queue);
}

}  // namespace hotline::cti
