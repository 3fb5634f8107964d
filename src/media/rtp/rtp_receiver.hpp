// RtpReceiver: what a leg knows about the stream it receives, per RFC 3550 appendix A: sequence
// validation with probation for a new source (A.1), extended highest sequence with wrap cycles,
// expected versus received packets and the loss they imply (A.3), and the interarrival jitter
// (A.8). When the peer's SSRC changes (re-INVITE, the far end switching sources) the new source
// is taken only after it passes probation, and then replaces the old one with fresh counters.
//
// Arrival times are the worker's media clock in RTP units (8 kHz), the same clock as timestamps.
#pragma once

#include <cstdint>

#include "media/rtp/rtp_header.hpp"

namespace hotline::media::rtp {

enum class ReceiveVerdict : std::uint8_t {
  Accepted,     // a valid packet of the current source
  NewSource,    // valid, and the first of a new source or of a restarted one: reset what follows
  Probation,    // from a source not validated yet; do not play it
  BadSequence,  // a sequence jump; dropped unless the next packet confirms it as a restart
};

inline bool is_playable(ReceiveVerdict verdict) {
  return verdict == ReceiveVerdict::Accepted || verdict == ReceiveVerdict::NewSource;
}

// The figures of one RTCP report block, about the source we receive.
struct ReceptionReport {
  std::uint32_t ssrc = 0;
  std::uint8_t fraction_lost = 0;    // since the previous report, in 1/256
  std::int32_t cumulative_lost = 0;  // clamped to 24 bits signed
  std::uint32_t extended_highest_sequence = 0;
  std::uint32_t jitter = 0;  // RTP timestamp units
};

struct ReceiveStats {
  bool has_source = false;
  std::uint32_t ssrc = 0;
  std::uint32_t extended_highest_sequence = 0;
  std::uint32_t expected = 0;
  std::uint32_t received = 0;  // valid packets, duplicates included (as RFC 3550 counts them)
  std::int64_t lost = 0;       // expected - received; negative when duplicates outnumber losses
  std::uint32_t jitter = 0;    // RTP timestamp units
  double jitter_ms = 0;
};

// Thread: the media worker that owns the leg.
class RtpReceiver {
 public:
  explicit RtpReceiver(std::uint32_t clock_rate = 8000) : clock_rate_(clock_rate) {}

  ReceiveVerdict on_packet(const RtpHeader& header, std::uint32_t arrival) noexcept;

  ReceiveStats stats() const noexcept;
  // The report block for the next RTCP report; fraction lost covers the interval since the
  // previous call (RFC 3550 A.3).
  ReceptionReport take_report() noexcept;
  bool has_source() const { return has_source_; }
  // The validated source's SSRC; 0 before there is one.
  std::uint32_t source_ssrc() const { return has_source_ ? source_.ssrc : 0; }
  std::uint32_t clock_rate() const { return clock_rate_; }
  void reset() noexcept;

 private:
  static constexpr int kMinSequential = 2;
  static constexpr std::uint32_t kMaxDropout = 3000;
  static constexpr std::uint32_t kMaxMisorder = 100;
  static constexpr std::uint32_t kSequenceMod = 1u << 16;

  // RFC 3550 A.1's `source`, plus the A.8 jitter state.
  struct Source {
    std::uint32_t ssrc = 0;
    std::uint16_t max_seq = 0;
    std::uint32_t cycles = 0;
    std::uint32_t base_seq = 0;
    std::uint32_t bad_seq = kSequenceMod + 1;
    int probation = 0;
    std::uint32_t received = 0;
    std::uint32_t expected_prior = 0;
    std::uint32_t received_prior = 0;
    std::int32_t transit = 0;
    bool has_transit = false;
    double jitter = 0;  // timestamp units
  };
  enum class SequenceUpdate : std::uint8_t { Valid, Restarted, Invalid };

  static void init_sequence(Source& source, std::uint16_t seq);
  static void start_probation(Source& source, std::uint32_t ssrc, std::uint16_t seq);
  static SequenceUpdate update_sequence(Source& source, std::uint16_t seq);
  static void update_jitter(Source& source, std::uint32_t timestamp, std::uint32_t arrival);
  ReceiveVerdict on_candidate_packet(const RtpHeader& header, std::uint32_t arrival);
  static std::uint32_t extended_max(const Source& source) { return source.cycles + source.max_seq; }

  std::uint32_t clock_rate_;
  bool has_source_ = false;
  Source source_;     // the validated source
  Source candidate_;  // a different SSRC on probation
  bool has_candidate_ = false;
};

}  // namespace hotline::media::rtp
