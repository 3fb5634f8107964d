// Helpers for the media tests that feed a relay's consumers (recording tap, DTMF listener) the RTP
// a phone sends: tones at 8 or 16 kHz, encoded 20 ms a packet with the phone's own codec.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <numbers>
#include <span>
#include <vector>

#include "media/dsp/codec.hpp"
#include "media/rtp/rtp_header.hpp"

namespace hotline::media::testing {

// A phone's sending side: one codec instance and its RTP sequence and timestamp.
class SendingPhone {
 public:
  explicit SendingPhone(int payload_type) : codec_(std::move(dsp::make_codec(payload_type)).value()) {}

  int sample_rate() const { return codec_->sample_rate(); }
  std::size_t frame_samples() const { return static_cast<std::size_t>(sample_rate()) / 50; }

  // The next 20 ms packet carrying `pcm` (one frame at the codec's rate).
  const std::vector<std::uint8_t>& packet(std::span<const std::int16_t> pcm) {
    rtp::RtpHeader header;
    header.payload_type = static_cast<std::uint8_t>(codec_->payload_type());
    header.sequence = sequence_++;
    header.timestamp = timestamp_;
    header.ssrc = 0x1234;
    timestamp_ += 160;  // the RTP clock is 8000 for G.711 and G.722 alike
    bytes_.assign(rtp::kRtpFixedHeaderBytes + codec_->payload_bytes(pcm.size()), 0);
    std::size_t at = rtp::write_rtp_header(header, bytes_);
    codec_->encode(pcm, std::span(bytes_).subspan(at));
    return bytes_;
  }

 private:
  std::unique_ptr<dsp::AudioCodec> codec_;
  std::uint16_t sequence_ = 1;
  std::uint32_t timestamp_ = 0;
  std::vector<std::uint8_t> bytes_;
};

// `count` samples of a sine at `hz`, continuing from sample `first` (so frames join up).
inline std::vector<std::int16_t> tone(double hz, int rate, std::size_t first, std::size_t count,
                                      double amplitude = 8000.0) {
  std::vector<std::int16_t> out(count);
  for (std::size_t n = 0; n < count; ++n) {
    out[n] = static_cast<std::int16_t>(std::lround(
        amplitude * std::sin(2.0 * std::numbers::pi * hz * static_cast<double>(first + n) / rate)));
  }
  return out;
}

inline rtp::RtpPacketView parsed(std::span<const std::uint8_t> bytes) {
  rtp::RtpPacketView view;
  EXPECT_EQ(rtp::parse_rtp(bytes, view), rtp::RtpParseError::None);
  return view;
}

}  // namespace hotline::media::testing
