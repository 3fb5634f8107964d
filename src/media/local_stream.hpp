// LocalStream: RTP the server itself sends towards one side of a relay (music, prompts, DTMF, a
// conference mix) rather than relaying the other side's. It is a stream of its own: own SSRC and
// a sequence and timestamp that run on continuously, whichever source feeds it and whether or not
// a packet went out in a tick, so the receiver's jitter buffer sees one well-formed stream.
//
// Thread: the relay's media worker only. No allocation per packet.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

#include "media/dsp/narrowband_codec.hpp"
#include "media/dsp/rfc4733.hpp"

namespace hotline::media {

class LocalStream {
 public:
  LocalStream(std::uint32_t ssrc, std::uint16_t first_sequence);

  // A packet (RTP header and payload) of one 20 ms frame of 8 kHz audio, encoded in
  // `payload_type` (PCMU, PCMA or G.722; anything else falls back to PCMU), at the current
  // timestamp (the RTP clock is 8 kHz for G.722 too).
  // Returns its size in `out`.
  std::size_t audio_packet(int payload_type, std::span<const std::int16_t> frame,
                           std::span<std::uint8_t> out);
  // A telephone-event packet (RFC 4733) whose event started at `event_timestamp`.
  std::size_t event_packet(int payload_type, const dsp::Rfc4733Packet& event, std::uint32_t event_timestamp,
                           std::span<std::uint8_t> out);
  // The end of a 20 ms tick: the timestamp moves on by one frame, sent or not.
  void advance() { timestamp_ += kFrameSamples; }
  std::uint32_t timestamp() const { return timestamp_; }

  // A packet built here went out: the counts of the stream's sender report (payload octets, as
  // RFC 3550 6.4.1 counts them).
  void count_sent(std::size_t packet_bytes);
  std::uint32_t ssrc() const { return ssrc_; }
  std::uint32_t packets_sent() const { return packets_sent_; }
  std::uint32_t octets_sent() const { return octets_sent_; }

 private:
  static constexpr std::uint32_t kFrameSamples = 160;

  std::size_t header(int payload_type, bool marker, std::uint32_t timestamp, std::span<std::uint8_t> out);

  std::unique_ptr<dsp::NarrowbandCodec> codec_;  // 8 kHz frames in the side's codec
  std::uint32_t ssrc_;
  std::uint16_t sequence_;
  std::uint32_t timestamp_ = 0;
  bool first_ = true;
  std::uint32_t packets_sent_ = 0;
  std::uint32_t octets_sent_ = 0;
};

}  // namespace hotline::media
