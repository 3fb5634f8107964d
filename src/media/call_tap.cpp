#include "media/call_tap.hpp"

#include <algorithm>

namespace hotline::media {
namespace {

struct RtpAudio {
  int payload_type = -1;
  std::span<const std::uint8_t> payload;
};

// The payload of an RTP packet (RFC 3550 §5.1), past CSRCs, extension and padding; PT -1 if the
// packet is not RTP version 2 or is cut short.
RtpAudio rtp_audio(std::span<const std::uint8_t> p) {
  if (p.size() < 12 || (p[0] >> 6) != 2) return {};
  std::size_t offset = 12 + 4 * static_cast<std::size_t>(p[0] & 0x0f);
  if ((p[0] & 0x10) != 0) {  // header extension: 4-byte header, then length in 32-bit words
    if (p.size() < offset + 4) return {};
    offset += 4 + 4 * static_cast<std::size_t>((p[offset + 2] << 8) | p[offset + 3]);
  }
  std::size_t end = p.size();
  if ((p[0] & 0x20) != 0 && end > offset) end -= std::min<std::size_t>(p[end - 1], end - offset);
  if (offset > end) return {};
  return {p[1] & 0x7f, p.subspan(offset, end - offset)};
}

}  // namespace

CallTap::CallTap(std::string recording_id, std::shared_ptr<audio::WavRecorder> recorder, RelaySide customer_side)
    : recording_id_(std::move(recording_id)), recorder_(std::move(recorder)), customer_side_(customer_side) {}

bool CallTap::decoder_for(SideQueue& q, int payload_type) {
  if (q.payload_type == payload_type) return q.codec != nullptr;
  q.payload_type = payload_type;
  q.codec.reset();
  // Only the narrowband codecs the relay negotiates are recorded; telephone-event and comfort
  // noise carry no audio for the file.
  if (payload_type != dsp::kPayloadTypePcmu && payload_type != dsp::kPayloadTypePcma) return false;
  if (auto codec = dsp::make_codec(payload_type)) q.codec = std::move(codec).value();
  return q.codec != nullptr;
}

void CallTap::on_rtp(RelaySide from, std::span<const std::uint8_t> packet) {
  RtpAudio rtp = rtp_audio(packet);
  SideQueue& q = queue(from);
  if (rtp.payload_type < 0 || !decoder_for(q, rtp.payload_type)) return;
  std::size_t n = q.codec->decode(rtp.payload, decoded_);
  q.push(std::span<const std::int16_t>(decoded_.data(), n));
}

void CallTap::tick() {
  std::array<std::int16_t, kFrameSamples> customer{};
  std::array<std::int16_t, kFrameSamples> agent{};
  queue(customer_side_).pop_frame(customer);
  queue(other_side(customer_side_)).pop_frame(agent);
  recorder_->write_frame(customer, agent);
}

void CallTap::set_paused(bool paused) {
  if (paused) recorder_->pause();
  else recorder_->resume();
}

void CallTap::SideQueue::push(std::span<const std::int16_t> pcm) {
  for (std::int16_t sample : pcm) {
    if (size == kQueueSamples) {  // full: drop the oldest, keep the newest
      head = (head + 1) % kQueueSamples;
      --size;
    }
    samples[(head + size) % kQueueSamples] = sample;
    ++size;
  }
}

void CallTap::SideQueue::pop_frame(std::span<std::int16_t> out) {
  std::size_t n = std::min(out.size(), size);
  for (std::size_t i = 0; i < n; ++i) out[i] = samples[(head + i) % kQueueSamples];
  std::fill(out.begin() + static_cast<std::ptrdiff_t>(n), out.end(), std::int16_t{0});
  head = (head + n) % kQueueSamples;
  size -= n;
}

}  // namespace hotline::media
