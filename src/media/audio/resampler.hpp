// Resampler: converts a mono float stream at any rate to 8 kHz int16 with libsamplerate, chunk by
// chunk, so a long file is never held in memory at its source rate. Used at prepare time only; the
// dsp module's resampler may replace it later.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "common/result.hpp"

namespace hotline::media::audio {

// Thread: the thread decoding a file (prepare time), never the media path.
class Resampler {
 public:
  // `source_rate` in Hz, > 0. The converter is created lazily, only when the rates differ.
  static Result<std::unique_ptr<Resampler>> create(int source_rate);
  ~Resampler();
  Resampler(const Resampler&) = delete;
  Resampler& operator=(const Resampler&) = delete;

  // Appends the converted samples of `input` (full-scale ±1.0) to `output`, saturating. Call once
  // more with `last` set (input may be empty) to drain the converter's delay line.
  Status process(std::span<const float> input, bool last, std::vector<std::int16_t>& output);

 private:
  struct State;
  explicit Resampler(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

// Full-scale float to int16 with saturation (float files may exceed ±1.0).
std::int16_t float_to_pcm16(float sample);

}  // namespace hotline::media::audio
