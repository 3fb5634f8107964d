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

// The ring is copied in at most two runs (up to the end of the array, then from its start) rather
// than sample by sample with a modulo: this runs for every packet and frame of every recorded call.
void PcmQueue::push(std::span<const std::int16_t> pcm) {
  if (pcm.size() > kCapacity) pcm = pcm.last(kCapacity);
  const std::size_t overflow = size_ + pcm.size() > kCapacity ? size_ + pcm.size() - kCapacity : 0;
  if (overflow > 0) {  // full: drop the oldest, keep the newest
    head_ = (head_ + overflow) % kCapacity;
    size_ -= overflow;
  }
  const std::size_t tail = (head_ + size_) % kCapacity;
  const std::size_t first = std::min(pcm.size(), kCapacity - tail);
  std::copy_n(pcm.begin(), first, samples_.begin() + static_cast<std::ptrdiff_t>(tail));
  std::copy(pcm.begin() + static_cast<std::ptrdiff_t>(first), pcm.end(), samples_.begin());
  size_ += pcm.size();
}

bool PcmQueue::pop_frame(std::span<std::int16_t> out) {
  const std::size_t n = std::min(out.size(), size_);
  const std::size_t first = std::min(n, kCapacity - head_);
  std::copy_n(samples_.begin() + static_cast<std::ptrdiff_t>(head_), first, out.begin());
  std::copy_n(samples_.begin(), n - first, out.begin() + static_cast<std::ptrdiff_t>(first));
  std::fill(out.begin() + static_cast<std::ptrdiff_t>(n), out.end(), std::int16_t{0});
  head_ = (head_ + n) % kCapacity;
  size_ -= n;
  return n > 0;
}

}  // namespace hotline::media
