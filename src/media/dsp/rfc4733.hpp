// RFC 4733 telephone-event payloads for DTMF: the 4-byte payload, an encoder that turns digits
// into the packet sequence a sender emits, and a decoder that turns received packets back into
// digits, once each, despite loss, duplication and reordering.
//
// One event (RFC 4733 2.5): every packet carries the event's start timestamp; the first has the
// RTP marker bit; updates follow every packet interval with the duration so far; the end is sent
// three times with the E bit and the final duration. Durations are in RTP clock units (8000/s for
// every codec we carry, G.722 included).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "media/dsp/dtmf_digit.hpp"
#include "media/dsp/fixed_ring.hpp"

namespace hotline::media::dsp {

struct TelephoneEvent {
  std::uint8_t event = 0;  // 0-15 for DTMF
  bool end = false;
  std::uint8_t volume = 10;    // 0..63, -dBm0
  std::uint16_t duration = 0;  // RTP clock units

  friend bool operator==(const TelephoneEvent&, const TelephoneEvent&) = default;
};

inline constexpr std::size_t kTelephoneEventBytes = 4;

// Writes the payload; returns 4, or 0 when `out` is shorter.
std::size_t write_telephone_event(const TelephoneEvent& event, std::span<std::uint8_t> out);
// Reads the first 4 bytes (RFC 4733 allows several events per packet only for redundancy,
// which we do not negotiate); nullopt when shorter.
std::optional<TelephoneEvent> parse_telephone_event(std::span<const std::uint8_t> payload);

// What an RTP packetizer needs to send one telephone-event packet.
struct Rfc4733Packet {
  TelephoneEvent event;
  bool marker = false;
  std::uint32_t timestamp_offset = 0;  // RTP timestamp of the event, from the first digit's start
  std::uint32_t send_offset = 0;       // when to send, in clock units from the first digit's start
};

struct Rfc4733EncoderOptions {
  int clock_rate = 8000;
  int packet_interval_ms = 20;
  int end_packets = 3;
  std::uint8_t volume = 10;
};

// Thread: the media worker that owns the leg. No allocation.
class Rfc4733Encoder {
 public:
  static constexpr std::size_t kMaxDigits = 32;
  // One event's duration field is 16 bits; longer presses are cut to this (8.19 s at 8 kHz)
  // rather than split into RFC 4733 2.5.2.3 segments.
  static constexpr std::uint32_t kMaxDurationUnits = 0xFFFF;

  explicit Rfc4733Encoder(const Rfc4733EncoderOptions& options = {});

  // Starts sending `digits`, each lasting `duration_ms`, with `gap_ms` from one digit's end to the
  // next one's start (at least the time the end packets take). False (and nothing started) when a
  // character is not a DTMF digit, there are more than kMaxDigits, or duration_ms is 0.
  bool start(std::string_view digits, std::uint32_t duration_ms, std::uint32_t gap_ms = 100);
  // The next packet in send order; false when the sequence is done.
  bool next(Rfc4733Packet& out);
  bool active() const { return index_ < count_; }

 private:
  std::uint32_t units(std::uint32_t ms) const;
  void begin_event();

  Rfc4733EncoderOptions options_;
  std::uint32_t interval_units_;
  std::array<std::uint8_t, kMaxDigits> events_{};
  std::size_t count_ = 0;
  std::size_t index_ = 0;  // the event being sent
  std::uint32_t duration_units_ = 0;
  std::uint32_t step_units_ = 0;  // start to start of consecutive events
  std::uint32_t elapsed_ = 0;     // duration reported by the last update of this event
  int ends_sent_ = 0;
};

struct Rfc4733DecoderOptions {
  int clock_rate = 8000;
  // An event with no packet for this long is over (its end packets were lost).
  std::uint32_t end_timeout_ms = 250;
};

// Thread: the media worker that owns the leg. No allocation.
class Rfc4733Decoder {
 public:
  static constexpr std::size_t kQueueCapacity = 16;

  explicit Rfc4733Decoder(const Rfc4733DecoderOptions& options = {});

  // One received telephone-event packet (the RTP payload, its timestamp and sequence number)
  // arriving at `now` (clock units, any origin, the same one tick() uses). Non-DTMF events and
  // malformed payloads are ignored.
  void on_packet(std::span<const std::uint8_t> payload, std::uint32_t rtp_timestamp, std::uint16_t seq,
                 std::uint64_t now);
  // Ends an event whose packets stopped arriving; call it from the worker's 20 ms tick.
  void tick(std::uint64_t now);
  // Takes the oldest decoded digit; false when there is none.
  bool poll(DtmfDigit& out) { return digits_.pop(out); }
  std::uint64_t dropped() const { return digits_.dropped(); }
  // Forgets the stream (a new SSRC or a re-INVITE): pending and reported events, not the queue.
  void reset();

 private:
  void start_event(const TelephoneEvent& event, std::uint32_t timestamp);
  void finish_event(std::uint32_t duration_units);
  bool is_stale(std::uint32_t timestamp, std::uint16_t seq) const;

  std::uint32_t clock_rate_;
  std::uint64_t timeout_units_;
  FixedRing<DtmfDigit, kQueueCapacity> digits_;

  bool active_ = false;
  std::uint8_t active_event_ = 0;
  std::uint32_t active_timestamp_ = 0;
  std::uint32_t active_duration_ = 0;  // the longest duration seen for the active event
  std::uint64_t last_arrival_ = 0;

  bool have_finished_ = false;
  std::uint32_t finished_timestamp_ = 0;  // the last event reported, to drop its late packets
  bool have_seq_ = false;
  std::uint16_t newest_seq_ = 0;
};

}  // namespace hotline::media::dsp
