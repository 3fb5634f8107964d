#include "media/rtp/loss_concealer.hpp"

#include <algorithm>

namespace hotline::media::rtp {

void LossConcealer::on_good_frame(std::span<std::int16_t> frame) noexcept {
  if (end_gain_ < 1.0) {
    const std::size_t ramp = std::min(kFadeInSamples, frame.size());
    for (std::size_t i = 0; i < ramp; ++i) {
      const double gain = end_gain_ + (1.0 - end_gain_) * static_cast<double>(i) / static_cast<double>(ramp);
      frame[i] = static_cast<std::int16_t>(frame[i] * gain);
    }
  }
  const std::size_t n = std::min(frame.size(), last_.size());
  std::copy_n(frame.begin(), n, last_.begin());
  std::fill(last_.begin() + static_cast<std::ptrdiff_t>(n), last_.end(), std::int16_t{0});
  has_last_ = true;
  consecutive_missing_ = 0;
  end_gain_ = 1.0;
}

double LossConcealer::gain_after(int missing) const {
  return std::max(0.0, 1.0 - static_cast<double>(missing) / kFadeFrames);
}

void LossConcealer::conceal(std::span<std::int16_t> out) noexcept {
  const double start = has_last_ ? gain_after(consecutive_missing_) : 0.0;
  ++consecutive_missing_;
  const double end = has_last_ ? gain_after(consecutive_missing_) : 0.0;
  const std::size_t n = std::min(out.size(), last_.size());
  for (std::size_t i = 0; i < n; ++i) {
    const double gain = start + (end - start) * static_cast<double>(i) / static_cast<double>(n);
    out[i] = static_cast<std::int16_t>(last_[i] * gain);
  }
  std::fill(out.begin() + static_cast<std::ptrdiff_t>(n), out.end(), std::int16_t{0});
  end_gain_ = end;
}

void LossConcealer::reset() noexcept {
  has_last_ = false;
  consecutive_missing_ = 0;
  end_gain_ = 1.0;
}

}  // namespace hotline::media::rtp
