#include "media/music_stream.hpp"

#include "media/rtp/rtp_header.hpp"

namespace hotline::media {

MusicStream::MusicStream(const audio::MohClass& music, std::uint32_t ssrc, std::uint16_t first_sequence)
    : music_(music), ssrc_(ssrc), sequence_(first_sequence) {}

std::size_t MusicStream::next_packet(int payload_type, std::span<std::uint8_t> out) {
  if (!dsp::NarrowbandCodec::supports(payload_type)) payload_type = dsp::kPayloadTypePcmu;
  if (!codec_ || codec_->payload_type() != payload_type) {
    // Once per hold, not per packet. Only a G.722 resampler can fail to be made (out of memory).
    auto codec = dsp::NarrowbandCodec::create(payload_type, dsp::NarrowbandCodec::Use::Encode);
    if (!codec) return 0;
    codec_ = std::move(codec).value();
  }
  rtp::RtpHeader header;
  header.marker = first_;
  header.payload_type = static_cast<std::uint8_t>(payload_type);
  header.sequence = sequence_++;
  header.timestamp = timestamp_;
  header.ssrc = ssrc_;
  std::size_t header_bytes = rtp::write_rtp_header(header, out);
  if (header_bytes == 0) return 0;
  auto frame = music_.current_frame();
  std::size_t payload_bytes = codec_->encode(frame, out.subspan(header_bytes));
  timestamp_ += static_cast<std::uint32_t>(frame.size());  // 8 kHz: the RTP clock of G.722 too
  first_ = false;
  return header_bytes + payload_bytes;
}

}  // namespace hotline::media
