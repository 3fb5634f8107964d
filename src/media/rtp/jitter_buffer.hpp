// JitterBuffer: turns the packets of one received stream, arriving early, late, reordered or
// twice, into one frame per 20 ms tick. It holds up to kCapacity frames and plays each at its RTP
// timestamp plus a delay that adapts to the measured jitter: the delay is measured against the
// fastest recent packet (lowest transit time), the target is the recent peak lateness rounded up
// to whole frames and kept between min_delay_ms and max_delay_ms. It grows by holding the playout
// position when a frame is missing but the target says the delay is too short (the frame is
// probably only late), and shrinks by skipping a frame at most once a second, or at a talkspurt.
//
// pop() answers Frame, Missing (conceal it, see LossConcealer) or Silence (nothing is playing: not
// started yet, a DTX gap before the next talkspurt, or the stream stopped). A talkspurt start is a
// packet with the marker bit, or one whose sequence follows the last played one while its
// timestamp jumps: the gap before it was silence, not loss, so it is not concealed, and playout
// restarts at the current target delay.
//
// Payloads are stored encoded (up to kMaxPayloadBytes, 20 ms of L16 at 8 kHz); the caller decodes.
// Times are the worker's media clock in RTP units, the same clock as arrival times elsewhere.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "media/rtp/rtp_header.hpp"

namespace hotline::media::rtp {

struct JitterBufferConfig {
  std::uint32_t clock_rate = 8000;
  std::uint32_t samples_per_frame = 160;
  std::uint32_t min_delay_ms = 40;
  std::uint32_t max_delay_ms = 60;
};

enum class PushResult : std::uint8_t {
  Stored,
  Duplicate,  // already buffered or already played
  TooLate,    // its playout time has passed
  Oversized,  // payload larger than kMaxPayloadBytes
  Overflow,   // no free slot
};

enum class PopStatus : std::uint8_t { Frame, Missing, Silence };

struct PoppedFrame {
  PopStatus status = PopStatus::Silence;
  std::uint8_t payload_type = 0;
  bool marker = false;
  std::uint16_t sequence = 0;
  std::uint32_t timestamp = 0;            // of the frame played or missing
  std::span<const std::uint8_t> payload;  // Frame only; valid until the next push or pop
};

struct JitterBufferStats {
  std::uint64_t pushed = 0;
  std::uint64_t duplicates = 0;
  std::uint64_t late = 0;  // arrived after their playout time, or left behind by a resync
  std::uint64_t overflows = 0;
  std::uint64_t played = 0;
  std::uint64_t missing = 0;  // ticks answered Missing (including holds while the delay grows)
  std::uint64_t silent = 0;   // ticks answered Silence
  std::uint64_t skipped = 0;  // frames dropped to shrink the delay
  std::uint64_t resyncs = 0;  // playout (re)started: first packet, talkspurt, after a gap
  std::uint32_t target_delay_ms = 0;
  std::uint32_t depth = 0;  // frames buffered now
};

// Thread: the media worker that owns the leg.
class JitterBuffer {
 public:
  static constexpr std::size_t kCapacity = 16;
  static constexpr std::size_t kMaxPayloadBytes = 320;

  explicit JitterBuffer(JitterBufferConfig config = {});

  PushResult push(const RtpHeader& header, std::span<const std::uint8_t> payload,
                  std::uint32_t arrival) noexcept;
  // Called once per tick.
  PoppedFrame pop(std::uint32_t now) noexcept;
  // Forgets everything but the counters: a new source (RtpReceiver said NewSource).
  void reset() noexcept;

  JitterBufferStats stats() const noexcept;
  std::uint32_t target_delay() const { return target_delay_; }  // RTP units

 private:
  struct Slot {
    bool used = false;
    bool marker = false;
    std::uint8_t payload_type = 0;
    std::uint16_t sequence = 0;
    std::uint16_t size = 0;
    std::uint32_t timestamp = 0;
    std::array<std::uint8_t, kMaxPayloadBytes> bytes{};
  };
  enum class State : std::uint8_t { Idle, Waiting, Playing };
  static constexpr int kMaxConcealedFrames = 3;         // then an empty buffer means the stream paused
  static constexpr int kTicksBetweenSkips = 50;         // shrink by at most one frame a second
  static constexpr std::uint32_t kTransitWindow = 250;  // packets per min-transit window (5 s)

  void note_transit(std::uint32_t timestamp, std::uint32_t arrival);
  std::int32_t delay_at(std::uint32_t now) const;  // how long after its earliest arrival next_ts_ plays
  PushResult classify_old_packet(const RtpHeader& header);
  bool was_played(std::uint16_t sequence) const;
  Slot* find_slot(std::uint32_t timestamp);
  Slot* find_sequence(std::uint16_t sequence);
  Slot* free_slot();
  Slot* earliest_slot();
  void drop_stale();
  bool starts_talkspurt(const Slot& slot) const;
  void restart_at(std::uint32_t timestamp);
  PoppedFrame on_missing(std::uint32_t now);
  Slot* maybe_skip(Slot* slot, std::uint32_t now);
  PoppedFrame play(Slot& slot);
  PoppedFrame silence();

  JitterBufferConfig config_;
  std::uint32_t min_delay_;
  std::uint32_t max_delay_;
  std::uint32_t target_delay_;

  std::array<Slot, kCapacity> slots_{};
  std::array<std::uint8_t, kMaxPayloadBytes> out_{};
  State state_ = State::Idle;
  std::uint32_t next_ts_ = 0;  // timestamp of the frame the next tick plays
  int consecutive_missing_ = 0;
  int ticks_since_skip_ = 0;
  bool has_played_ = false;
  std::uint16_t last_played_sequence_ = 0;
  std::array<std::uint16_t, kCapacity> recent_played_{};  // ring of played sequences
  std::size_t recent_played_count_ = 0;

  bool has_transit_ = false;
  std::uint32_t min_transit_current_ = 0;   // this window's lowest transit time
  std::uint32_t min_transit_previous_ = 0;  // the previous window's
  std::uint32_t transit_window_count_ = 0;
  double peak_lateness_ = 0;  // RTP units; rises at once, decays slowly

  JitterBufferStats stats_;
};

}  // namespace hotline::media::rtp
