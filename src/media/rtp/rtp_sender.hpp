// RtpSender: the RTP stream a leg sends. It has our own SSRC and keeps one continuous sequence and
// timestamp space while what it carries changes: packets forwarded from the peer leg, frames we
// generate (prompts, the conference mix), then the peer again, or a new peer after a re-INVITE.
// Each time the source changes, the next packet continues at last sequence + 1 and at the last
// timestamp plus the frames elapsed since, with the marker bit set so that the far end's jitter
// buffer resynchronises. Within one peer source, packets are rewritten by a fixed offset, so its
// gaps (losses) and reordering reach the far end unchanged.
//
// Times (`now`) are the worker's media clock in RTP units (8 kHz), read once per tick or packet.
#pragma once

#include <array>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <random>
#include <span>

#include "media/rtp/rtp_header.hpp"

namespace hotline::media::rtp {

// Payload-type numbers negotiated on the peer leg mapped to the numbers negotiated on this leg
// (telephone-event may be 101 on one and 96 on the other). Starts as the identity.
// Thread: a value, built on the core loop from the two SDP answers and copied into the sender.
class PayloadTypeMap {
 public:
  PayloadTypeMap();
  void map(std::uint8_t from, std::uint8_t to);
  // Packets of this type are not forwarded (not negotiated on this leg).
  void drop(std::uint8_t from);
  std::optional<std::uint8_t> lookup(std::uint8_t from) const;

 private:
  static constexpr std::uint8_t kDropped = 0xff;
  std::array<std::uint8_t, 128> table_{};
};

// Where a new stream starts; RFC 3550 wants all three random.
struct RtpStreamStart {
  std::uint32_t ssrc = 0;
  std::uint16_t sequence = 0;
  std::uint32_t timestamp = 0;
};

template <std::uniform_random_bit_generator Generator>
RtpStreamStart random_stream_start(Generator& generator) {
  std::uniform_int_distribution<std::uint32_t> any;
  RtpStreamStart start;
  start.ssrc = any(generator);
  start.sequence = static_cast<std::uint16_t>(any(generator));
  start.timestamp = any(generator);
  return start;
}

struct RtpSenderConfig {
  std::uint32_t samples_per_frame = 160;  // 20 ms at 8 kHz
  // After switching from one peer source to another, late packets of the old one are dropped for
  // this long rather than being taken for a switch back.
  std::uint32_t straggler_window = 800;  // 100 ms at 8 kHz
};

enum class ForwardVerdict : std::uint8_t {
  Forwarded,           // rewritten in place; send it
  SourceChanged,       // rewritten, first packet of a new source (marker set); send it
  Malformed,           // not a valid RTP packet; drop it
  PayloadTypeDropped,  // its payload type is not negotiated on this leg; drop it
  Straggler,           // from a source we switched away from, or from before the switch; drop it
};

inline bool should_send(ForwardVerdict verdict) {
  return verdict == ForwardVerdict::Forwarded || verdict == ForwardVerdict::SourceChanged;
}

// Thread: the media worker that owns the leg.
class RtpSender {
 public:
  explicit RtpSender(RtpStreamStart start, PayloadTypeMap payload_types = {}, RtpSenderConfig config = {});

  // Rewrites a packet received from the peer leg, in place, into this stream.
  ForwardVerdict forward(std::span<std::uint8_t> packet, std::uint32_t now) noexcept;

  // Writes a packet carrying one of our own frames into `out`; returns its size, 0 if `out` is
  // too small. `talkspurt_start` sets the marker (it is set anyway after a source change).
  std::size_t write_packet(std::span<const std::uint8_t> payload, std::uint8_t payload_type,
                           bool talkspurt_start, std::uint32_t now, std::span<std::uint8_t> out) noexcept;

  // The next forwarded packet starts a new source even if its SSRC is the current one's (a peer
  // that restarts its stream without changing SSRC, a re-INVITE to the same endpoint).
  void restart_source() noexcept;
  void set_payload_types(const PayloadTypeMap& payload_types) { payload_types_ = payload_types; }

  std::uint32_t ssrc() const { return ssrc_; }
  // The RTP timestamp that corresponds to `now`, for the sender report.
  std::uint32_t rtp_timestamp_at(std::uint32_t now) const;
  std::uint32_t packets_sent() const { return packets_sent_; }
  std::uint32_t octets_sent() const { return octets_sent_; }  // payload octets, as RTCP counts them

 private:
  enum class Source : std::uint8_t { None, Own, Peer };
  static constexpr int kMaxDropout = 3000;  // RFC 3550 A.1
  static constexpr int kMaxMisorder = 100;

  bool is_straggler(std::uint32_t ssrc, std::uint32_t now) const;
  bool same_peer_source(std::uint32_t ssrc, std::uint16_t sequence) const;
  void switch_to_peer(const RtpHeader& header, std::uint32_t now);
  RtpRewrite rewrite_peer_packet(const RtpHeader& header, std::uint8_t payload_type);
  std::uint32_t continued_timestamp(std::uint32_t now) const;
  void note_sent(std::uint16_t sequence, std::uint32_t timestamp, std::uint32_t now,
                 std::size_t payload_bytes);

  std::uint32_t ssrc_;
  PayloadTypeMap payload_types_;
  RtpSenderConfig config_;

  // Highest sequence sent, its timestamp and when it was sent: where the next source continues.
  std::uint16_t last_sequence_;
  std::uint32_t last_timestamp_;
  std::uint32_t last_sent_at_ = 0;
  bool sent_any_ = false;

  Source source_ = Source::None;
  std::uint32_t peer_ssrc_ = 0;
  std::uint16_t peer_highest_sequence_ = 0;
  // How far the highest sequence is past the source's first packet, capped at kMaxMisorder: a
  // packet further behind than that came before the switch.
  int peer_span_ = 0;
  std::uint16_t sequence_offset_ = 0;
  std::uint32_t timestamp_offset_ = 0;
  bool restart_requested_ = false;

  bool has_previous_peer_ = false;
  std::uint32_t previous_peer_ssrc_ = 0;
  std::uint32_t switched_at_ = 0;

  std::uint32_t packets_sent_ = 0;
  std::uint32_t octets_sent_ = 0;
};

}  // namespace hotline::media::rtp
