// Synthetic signals for the DSP tests: sines, dual tones at chosen levels, sweeps, white noise.
// Randomness is seeded by the caller.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <random>
#include <span>
#include <vector>

#include "media/dsp/goertzel.hpp"

namespace hotline::media::dsp::testing {

inline std::int16_t clip(double v) {
  return static_cast<std::int16_t>(std::lround(std::clamp(v, -32768.0, 32767.0)));
}

// Appends `samples` of a sum of sines at the given frequencies and dBm0 levels.
inline void append_tones(std::vector<std::int16_t>& out, std::size_t samples, int rate,
                         std::initializer_list<std::pair<double, double>> hz_and_dbm0) {
  const std::size_t start = out.size();
  for (std::size_t n = 0; n < samples; ++n) {
    double v = 0.0;
    for (auto [hz, dbm0] : hz_and_dbm0) {
      v += sine_amplitude_for_dbm0(dbm0) *
           std::sin(2.0 * std::numbers::pi * hz * static_cast<double>(start + n) / rate);
    }
    out.push_back(clip(v));
  }
}

inline std::vector<std::int16_t> sine(double hz, double amplitude, std::size_t samples, int rate) {
  std::vector<std::int16_t> out(samples);
  for (std::size_t n = 0; n < samples; ++n) {
    out[n] = clip(amplitude * std::sin(2.0 * std::numbers::pi * hz * static_cast<double>(n) / rate));
  }
  return out;
}

inline void append_silence(std::vector<std::int16_t>& out, std::size_t samples) {
  out.resize(out.size() + samples, 0);
}

// A linear sweep from `from_hz` to `to_hz`.
inline std::vector<std::int16_t> sweep(double from_hz, double to_hz, double amplitude, std::size_t samples,
                                       int rate) {
  std::vector<std::int16_t> out(samples);
  double phase = 0.0;
  for (std::size_t n = 0; n < samples; ++n) {
    const double hz = from_hz + (to_hz - from_hz) * static_cast<double>(n) / static_cast<double>(samples);
    phase += 2.0 * std::numbers::pi * hz / rate;
    out[n] = clip(amplitude * std::sin(phase));
  }
  return out;
}

// Adds Gaussian white noise of the given RMS.
inline void add_noise(std::span<std::int16_t> signal, double noise_rms, std::mt19937& rng) {
  std::normal_distribution<double> noise(0.0, noise_rms);
  for (auto& s : signal) s = clip(s + noise(rng));
}

}  // namespace hotline::media::dsp::testing
