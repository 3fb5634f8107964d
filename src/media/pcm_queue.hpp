// PcmQueue: one party's received audio, decoded from RTP into a short queue of 8 kHz PCM that a
// 20 ms tick drains a frame at a time (the recording tap and the conference mix read it). It keeps
// at most 200 ms, enough for jitter; a burst after a network stall cannot build up delay (or put
// one channel of a recording behind the other): the oldest audio is dropped.
//
// Thread: the media worker that owns the party's relay. No allocation or lock per packet or frame.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <span>

#include "media/dsp/narrowband_codec.hpp"
#include "media/rtp/rtp_header.hpp"

namespace hotline::media {

class PcmQueue {
 public:
  static constexpr std::size_t kCapacity = 1600;

  // Decodes an audio packet (PCMU, PCMA, G.722 at 8 kHz) onto the queue. Other payload types carry
  // no audio (telephone-event, comfort noise): they are ignored and leave the decoder as it was.
  void push_rtp(const rtp::RtpPacketView& packet);
  void push(std::span<const std::int16_t> pcm);
  // Fills `out` from the oldest audio; false (and `out` silent) when nothing was queued.
  bool pop_frame(std::span<std::int16_t> out);
  std::size_t size() const { return size_; }

 private:
  bool decoder_for(int payload_type);

  std::array<std::int16_t, kCapacity> samples_{};
  std::size_t head_ = 0;  // oldest sample
  std::size_t size_ = 0;
  std::unique_ptr<dsp::NarrowbandCodec> codec_;  // made when the first packet of a payload type arrives
  int payload_type_ = -1;
  std::array<std::int16_t, kCapacity> decoded_{};
};

}  // namespace hotline::media
