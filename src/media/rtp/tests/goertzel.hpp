// Test helpers for audio: a sine frame generator and a Goertzel detector that measures the
// amplitude of one frequency in a frame. With 160 samples at 8 kHz the bins are 50 Hz apart, so
// tests use multiples of 50 Hz and the estimate is exact for a pure tone.
#pragma once

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <numbers>
#include <span>

namespace hotline::media::rtp::testing {

inline constexpr double kSampleRate = 8000;

inline std::array<std::int16_t, 160> sine_frame(double frequency, double amplitude) {
  std::array<std::int16_t, 160> frame{};
  for (std::size_t i = 0; i < frame.size(); ++i) {
    frame[i] = static_cast<std::int16_t>(std::lround(
        amplitude * std::sin(2 * std::numbers::pi * frequency * static_cast<double>(i) / kSampleRate)));
  }
  return frame;
}

// The amplitude of `frequency` in `samples`.
inline double goertzel_amplitude(std::span<const std::int16_t> samples, double frequency) {
  const double coefficient = 2 * std::cos(2 * std::numbers::pi * frequency / kSampleRate);
  double s1 = 0;
  double s2 = 0;
  for (std::int16_t sample : samples) {
    const double s0 = sample + coefficient * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  const double power = s1 * s1 + s2 * s2 - coefficient * s1 * s2;
  return 2 * std::sqrt(std::max(0.0, power)) / static_cast<double>(samples.size());
}

}  // namespace hotline::media::rtp::testing
