// LegQuality: a snapshot of one leg's media quality, for the CDR, the wallboard and a MOS estimate
// later. "Received" figures describe the stream the leg sends us, measured here; "remote" figures
// describe the stream we send, as the peer's RTCP reports it.
#pragma once

#include <cstdint>

namespace hotline::media::rtp {

struct LegQuality {
  bool has_received = false;
  double received_fraction_lost = 0;  // 0..1, over the last report interval
  std::int32_t received_cumulative_lost = 0;
  double received_jitter_ms = 0;

  bool has_remote_report = false;
  double remote_fraction_lost = 0;  // 0..1
  std::int32_t remote_cumulative_lost = 0;
  double remote_jitter_ms = 0;

  bool has_round_trip = false;
  double round_trip_ms = 0;

  std::int64_t updated_unix_us = 0;
};

}  // namespace hotline::media::rtp
