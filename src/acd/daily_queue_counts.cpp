#include "acd/daily_queue_counts.hpp"

namespace hotline::acd {

void DailyQueueCounts::count_exit(QueueOutcome outcome, std::int64_t wait_ms, std::int64_t service_level_ms) {
  const bool within = wait_ms <= service_level_ms;
  switch (outcome) {
    case QueueOutcome::Answered:
      ++answered;
      if (within) ++answered_within_sl;
      return;
    case QueueOutcome::Abandoned:
      ++abandoned;
      if (within) ++abandoned_within_sl;
      return;
    case QueueOutcome::Overflowed:
    case QueueOutcome::TimedOut:
      ++overflowed;
      return;
    case QueueOutcome::Left:
      return;
  }
}

std::optional<double> DailyQueueCounts::service_level() const {
  const std::int64_t counted = answered + (abandoned - abandoned_within_sl) + overflowed;
  if (counted == 0) return std::nullopt;
  return static_cast<double>(answered_within_sl) / static_cast<double>(counted);
}

}  // namespace hotline::acd
