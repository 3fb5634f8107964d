// Test helpers for audio: a sine frame generator and the amplitude of one frequency in a frame
// (through the dsp module's Goertzel). With 160 samples at 8 kHz the bins are 50 Hz apart, so
// tests use multiples of 50 Hz and the estimate is exact for a pure tone.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <numbers>
#include <span>

#include "media/dsp/goertzel.hpp"

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

// The amplitude of `frequency` in `samples`: the dsp module's Goertzel power is A²/2 for a sine.
inline double goertzel_amplitude(std::span<const std::int16_t> samples, double frequency) {
  return std::sqrt(2 * std::max(0.0, dsp::goertzel_power(samples, frequency, static_cast<int>(kSampleRate))));
}

}  // namespace hotline::media::rtp::testing
