#include "media/call_tap.hpp"

#include <algorithm>

namespace hotline::media {

CallTap::CallTap(std::string recording_id, std::shared_ptr<audio::WavRecorder> recorder,
                 RelaySide customer_side)
    : recording_id_(std::move(recording_id)), recorder_(std::move(recorder)), customer_side_(customer_side) {}

bool CallTap::decoder_for(SideQueue& q, int payload_type) {
  // The voice codecs the relay negotiates are recorded, G.722 at 8 kHz like the rest. Telephone-event
  // and comfort noise carry no audio for the file, and leave the side's decoder as it was.
  if (!dsp::NarrowbandCodec::supports(payload_type)) return false;
  if (q.payload_type == payload_type) return q.codec != nullptr;
  q.payload_type = payload_type;
  q.codec.reset();
  if (auto codec = dsp::NarrowbandCodec::create(payload_type, dsp::NarrowbandCodec::Use::Decode)) {
    q.codec = std::move(codec).value();
  }
  return q.codec != nullptr;
}

void CallTap::on_rtp(RelaySide from, const rtp::RtpPacketView& rtp) {
  SideQueue& q = queue(from);
  if (!decoder_for(q, rtp.header.payload_type)) return;
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
  if (paused)
    recorder_->pause();
  else
    recorder_->resume();
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
