#include "media/dtmf_listener.hpp"

namespace hotline::media {
namespace {

std::size_t index(RelaySide side) { return side == RelaySide::A ? 0 : 1; }

}  // namespace

DtmfListener::DtmfListener() {
  for (Side& side : sides_) {
    if (auto tones = dsp::DtmfDetector::create()) side.tones = std::move(tones).value();
  }
}

void DtmfListener::on_rtp(RelaySide from, const rtp::RtpPacketView& packet, std::uint64_t now) {
  Side& side = sides_[index(from)];
  int payload_type = packet.header.payload_type;
  if (payload_type >= 96) {
    side.sends_events = true;
    side.events.on_packet(packet.payload, packet.header.timestamp, packet.header.sequence, now);
    return;
  }
  if (!side.sends_events) listen_for_tones(side, packet);
}

void DtmfListener::listen_for_tones(Side& side, const rtp::RtpPacketView& packet) {
  int payload_type = packet.header.payload_type;
  if (!dsp::NarrowbandCodec::supports(payload_type)) return;  // comfort noise and the like
  if (side.codec_payload_type != payload_type) {
    side.codec_payload_type = payload_type;  // a new codec is made only when the type changes
    auto codec = dsp::NarrowbandCodec::create(payload_type, dsp::NarrowbandCodec::Use::Decode);
    side.codec = codec ? std::move(codec).value() : nullptr;
  }
  if (!side.tones || !side.codec) return;
  std::size_t n = side.codec->decode(packet.payload, pcm_);
  side.tones->process(std::span<const std::int16_t>(pcm_.data(), n));
}

void DtmfListener::tick(std::uint64_t now) {
  for (Side& side : sides_) side.events.tick(now);
}

bool DtmfListener::poll(RelaySide& from, dsp::DtmfDigit& digit) {
  for (RelaySide s : {RelaySide::A, RelaySide::B}) {
    Side& side = sides_[index(s)];
    from = s;
    if (side.events.poll(digit)) return true;
    dsp::DetectedDtmf detected;
    if (side.tones && side.tones->poll(detected)) {
      if (side.sends_events) continue;  // tones that raced the first telephone-event
      digit = detected.digit;
      return true;
    }
  }
  return false;
}

}  // namespace hotline::media
