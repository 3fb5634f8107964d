// DailyQueueCounts: one queue's calls since the local midnight, for the wallboard (SUP-2), and the
// service level they give. The router keeps one per queue and counts each entry and exit as it
// happens; at start the runtime counts today's exits again from the store's queue log through the
// same functions, so the live figures and the restored ones agree. Plain integers: counting costs
// no allocation. Formula and definitions: docs/acd.md, "Today's figures".
#pragma once

#include <cstdint>
#include <optional>

#include "acd/types.hpp"

namespace hotline::acd {

struct DailyQueueCounts {
  std::int64_t offered = 0;              // entered the queue today (full-queue pass-throughs too)
  std::int64_t answered = 0;             // left it today answered
  std::int64_t answered_within_sl = 0;   //   of them after waiting at most the threshold
  std::int64_t abandoned = 0;            // left it today because the caller hung up, waiting or ringing
  std::int64_t abandoned_within_sl = 0;  //   of them within the threshold ("short abandons")
  std::int64_t overflowed = 0;           // left it today overflowed or timed out (no agent, no abandon)

  // A call left the queue after `wait_ms` (ringing included). Left (taken out by the pbx) counts in
  // nothing: the queue neither served nor failed it.
  void count_exit(QueueOutcome outcome, std::int64_t wait_ms, std::int64_t service_level_ms);

  // answered_within_sl / (answered + abandoned after the threshold + overflowed), 0..1; nullopt
  // while that denominator is 0 (no call has a known outcome today).
  std::optional<double> service_level() const;
};

}  // namespace hotline::acd
