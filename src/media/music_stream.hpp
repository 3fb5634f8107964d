// MusicStream: music on hold sent to one side of a relay while the other side holds the call. It
// is an RTP stream of its own (own SSRC, continuous sequence and timestamp) whose payload is the
// music class's current frame, encoded with the codec the held party itself sends.
//
// Thread: the relay's media worker only. No allocation per packet.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <span>

#include "media/audio/moh_class.hpp"
#include "media/dsp/narrowband_codec.hpp"

namespace hotline::media {

class MusicStream {
 public:
  // `music` is the worker's instance of the class; it outlives the stream.
  MusicStream(const audio::MohClass& music, std::uint32_t ssrc, std::uint16_t first_sequence);

  // The next 20 ms packet (RTP header and payload) in `payload_type` (PCMU, PCMA or G.722; anything
  // else falls back to PCMU). Returns its size in `out`.
  std::size_t next_packet(int payload_type, std::span<std::uint8_t> out);

 private:
  const audio::MohClass& music_;
  std::unique_ptr<dsp::NarrowbandCodec> codec_;  // the class's 8 kHz frames in the held party's codec
  std::uint32_t ssrc_;
  std::uint16_t sequence_;
  std::uint32_t timestamp_ = 0;
  bool first_ = true;
};

}  // namespace hotline::media
