// Resampler: streaming sample-rate conversion of mono 16-bit PCM between any two rates (8, 16,
// 44.1, 48 kHz...) with libsamplerate's sinc converters. Filter state is kept between frames so a
// stream converted frame by frame equals the stream converted at once. The sinc filter delays
// the signal by a few milliseconds, and the output count per frame may vary by a sample around
// frames × out_rate / in_rate; a caller needing exact frame sizes buffers the output.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "common/result.hpp"

struct SRC_STATE_tag;

namespace hotline::media::dsp {

enum class ResamplerQuality { Fastest, Medium, Best };

// Thread: the media worker that owns the leg. process() neither allocates nor locks.
class Resampler {
 public:
  // InvalidArgument for rates outside 1 kHz..192 kHz or a zero max_input_samples. The work
  // buffers are sized for `max_input_samples` per process() call (larger inputs are converted in
  // pieces); the default holds 100 ms at the input rate.
  static Result<Resampler> create(int input_rate, int output_rate,
                                  ResamplerQuality quality = ResamplerQuality::Fastest,
                                  std::size_t max_input_samples = 0);

  // Converts `in` and writes what the filter produces to `out`; returns the samples written.
  // `out` should hold max_output_samples(in.size()); input beyond what fits is dropped.
  std::size_t process(std::span<const std::int16_t> in, std::span<std::int16_t> out);
  // At the end of a finite stream (a file): what the filter still holds, its delay, to `out`;
  // returns the samples written. The resampler needs reset() before it takes a new stream.
  std::size_t finish(std::span<std::int16_t> out);
  // An output capacity that is always enough for `input_samples` of input.
  std::size_t max_output_samples(std::size_t input_samples) const;
  // Clears the filter history (a new stream).
  void reset();

  int input_rate() const { return input_rate_; }
  int output_rate() const { return output_rate_; }

 private:
  struct StateFree {
    void operator()(SRC_STATE_tag* state) const;
  };

  Resampler(std::unique_ptr<SRC_STATE_tag, StateFree> state, int input_rate, int output_rate,
            std::size_t max_input_samples);
  std::size_t process_piece(std::span<const std::int16_t> in, std::span<std::int16_t> out);

  std::unique_ptr<SRC_STATE_tag, StateFree> state_;
  int input_rate_;
  int output_rate_;
  double ratio_;
  std::vector<float> in_buffer_;
  std::vector<float> out_buffer_;
};

}  // namespace hotline::media::dsp
