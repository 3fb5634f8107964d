#include "media/local_stream.hpp"

#include "media/rtp/rtp_header.hpp"

namespace hotline::media {

LocalStream::LocalStream(std::uint32_t ssrc, std::uint16_t first_sequence)
    : ssrc_(ssrc), sequence_(first_sequence), timestamp_(ssrc * 7u) {}

std::size_t LocalStream::header(int payload_type, bool marker, std::uint32_t timestamp,
                                std::span<std::uint8_t> out) {
  rtp::RtpHeader header;
  header.marker = marker || first_;
  header.payload_type = static_cast<std::uint8_t>(payload_type);
  header.sequence = sequence_++;
  header.timestamp = timestamp;
  header.ssrc = ssrc_;
  first_ = false;
  return rtp::write_rtp_header(header, out);
}

void LocalStream::count_sent(std::size_t packet_bytes) {
  // Our packets carry the fixed header only (no CSRC, no extension).
  if (packet_bytes < rtp::kRtpFixedHeaderBytes) return;
  ++packets_sent_;
  octets_sent_ += static_cast<std::uint32_t>(packet_bytes - rtp::kRtpFixedHeaderBytes);
}

std::size_t LocalStream::audio_packet(int payload_type, std::span<const std::int16_t> frame,
                                      std::span<std::uint8_t> out) {
  if (!dsp::NarrowbandCodec::supports(payload_type)) payload_type = dsp::kPayloadTypePcmu;
  if (!codec_ || codec_->payload_type() != payload_type) {
    // Once per codec change, not per packet; fails only when out of memory.
    auto codec = dsp::NarrowbandCodec::create(payload_type, dsp::NarrowbandCodec::Use::Encode);
    if (!codec) return 0;
    codec_ = std::move(codec).value();
  }
  std::size_t header_bytes = header(payload_type, false, timestamp_, out);
  if (header_bytes == 0) return 0;
  return header_bytes + codec_->encode(frame, out.subspan(header_bytes));
}

std::size_t LocalStream::event_packet(int payload_type, const dsp::Rfc4733Packet& event,
                                      std::uint32_t event_timestamp, std::span<std::uint8_t> out) {
  std::size_t header_bytes = header(payload_type, event.marker, event_timestamp, out);
  if (header_bytes == 0) return 0;
  return header_bytes + dsp::write_telephone_event(event.event, out.subspan(header_bytes));
}

}  // namespace hotline::media
