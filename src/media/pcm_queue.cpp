#include "media/pcm_queue.hpp"

#include <algorithm>

namespace hotline::media {

bool PcmQueue::decoder_for(int payload_type) {
  if (!dsp::NarrowbandCodec::supports(payload_type)) return false;
  if (payload_type == payload_type_) return codec_ != nullptr;
  payload_type_ = payload_type;
  codec_.reset();
  if (auto codec = dsp::NarrowbandCodec::create(payload_type, dsp::NarrowbandCodec::Use::Decode))
    codec_ = std::move(codec).value();
  return codec_ != nullptr;
}

void PcmQueue::push_rtp(const rtp::RtpPacketView& packet) {
  if (!decoder_for(packet.header.payload_type)) return;
  std::size_t n = codec_->decode(packet.payload, decoded_);
  push(std::span<const std::int16_t>(decoded_.data(), n));
}

void PcmQueue::push(std::span<const std::int16_t> pcm) {
  if (pcm.size() > kCapacity) pcm = pcm.last(kCapacity);
  for (std::int16_t sample : pcm) {
    if (size_ == kCapacity) {  // full: drop the oldest, keep the newest
      head_ = (head_ + 1) % kCapacity;
      --size_;
    }
    samples_[(head_ + size_) % kCapacity] = sample;
    ++size_;
  }
}

bool PcmQueue::pop_frame(std::span<std::int16_t> out) {
  std::size_t n = std::min(out.size(), size_);
  for (std::size_t i = 0; i < n; ++i) out[i] = samples_[(head_ + i) % kCapacity];
  std::fill(out.begin() + static_cast<std::ptrdiff_t>(n), out.end(), std::int16_t{0});
  head_ = (head_ + n) % kCapacity;
  size_ -= n;
  return n > 0;
}

}  // namespace hotline::media
