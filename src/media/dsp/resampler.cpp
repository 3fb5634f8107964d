#include "media/dsp/resampler.hpp"

#include <samplerate.h>

#include <algorithm>
#include <cmath>
#include <string>

namespace hotline::media::dsp {
namespace {

constexpr int kMinRate = 1000;
constexpr int kMaxRate = 192000;
// Slack for the sinc filter releasing a few more samples in one call than the ratio implies.
constexpr std::size_t kOutputSlack = 16;

int converter_for(ResamplerQuality quality) {
  switch (quality) {
    case ResamplerQuality::Fastest:
      return SRC_SINC_FASTEST;
    case ResamplerQuality::Medium:
      return SRC_SINC_MEDIUM_QUALITY;
    case ResamplerQuality::Best:
      return SRC_SINC_BEST_QUALITY;
  }
  return SRC_SINC_FASTEST;
}

}  // namespace

void Resampler::StateFree::operator()(SRC_STATE_tag* state) const { src_delete(state); }

Result<Resampler> Resampler::create(int input_rate, int output_rate, ResamplerQuality quality,
                                    std::size_t max_input_samples) {
  if (input_rate < kMinRate || input_rate > kMaxRate) {
    return Error::invalid("input_rate", "sample rate " + std::to_string(input_rate) + " out of range");
  }
  if (output_rate < kMinRate || output_rate > kMaxRate) {
    return Error::invalid("output_rate", "sample rate " + std::to_string(output_rate) + " out of range");
  }
  if (max_input_samples == 0) max_input_samples = static_cast<std::size_t>(input_rate) / 10;
  int error = 0;
  std::unique_ptr<SRC_STATE_tag, StateFree> state(src_new(converter_for(quality), 1, &error));
  if (!state) return Error::internal(std::string("libsamplerate: ") + src_strerror(error));
  return Resampler(std::move(state), input_rate, output_rate, max_input_samples);
}

Resampler::Resampler(std::unique_ptr<SRC_STATE_tag, StateFree> state, int input_rate, int output_rate,
                     std::size_t max_input_samples)
    : state_(std::move(state)),
      input_rate_(input_rate),
      output_rate_(output_rate),
      ratio_(static_cast<double>(output_rate) / input_rate),
      in_buffer_(max_input_samples),
      out_buffer_(max_output_samples(max_input_samples)) {}

std::size_t Resampler::max_output_samples(std::size_t input_samples) const {
  return static_cast<std::size_t>(std::ceil(static_cast<double>(input_samples) * ratio_)) + kOutputSlack;
}

void Resampler::reset() { src_reset(state_.get()); }

std::size_t Resampler::process(std::span<const std::int16_t> in, std::span<std::int16_t> out) {
  std::size_t written = 0;
  while (!in.empty() && written < out.size()) {
    const std::size_t piece = std::min(in.size(), in_buffer_.size());
    written += process_piece(in.first(piece), out.subspan(written));
    in = in.subspan(piece);
  }
  return written;
}

std::size_t Resampler::finish(std::span<std::int16_t> out) {
  std::size_t written = 0;
  while (written < out.size()) {
    SRC_DATA data{};
    data.data_in = in_buffer_.data();
    data.input_frames = 0;
    data.data_out = out_buffer_.data();
    data.output_frames = static_cast<long>(std::min(out.size() - written, out_buffer_.size()));
    data.src_ratio = ratio_;
    data.end_of_input = 1;
    if (src_process(state_.get(), &data) != 0 || data.output_frames_gen == 0) break;
    src_float_to_short_array(out_buffer_.data(), out.data() + written,
                             static_cast<int>(data.output_frames_gen));
    written += static_cast<std::size_t>(data.output_frames_gen);
  }
  return written;
}

// Converts one piece that fits the work buffers. libsamplerate may leave input unused when the
// output is full, so it loops until the piece is consumed or there is nowhere to write.
std::size_t Resampler::process_piece(std::span<const std::int16_t> in, std::span<std::int16_t> out) {
  src_short_to_float_array(in.data(), in_buffer_.data(), static_cast<int>(in.size()));
  std::size_t used = 0;
  std::size_t written = 0;
  while (used < in.size() && written < out.size()) {
    SRC_DATA data{};
    data.data_in = in_buffer_.data() + used;
    data.input_frames = static_cast<long>(in.size() - used);
    data.data_out = out_buffer_.data();
    data.output_frames = static_cast<long>(std::min(out.size() - written, out_buffer_.size()));
    data.src_ratio = ratio_;
    if (src_process(state_.get(), &data) != 0) break;
    src_float_to_short_array(out_buffer_.data(), out.data() + written,
                             static_cast<int>(data.output_frames_gen));
    used += static_cast<std::size_t>(data.input_frames_used);
    written += static_cast<std::size_t>(data.output_frames_gen);
    if (data.input_frames_used == 0 && data.output_frames_gen == 0) break;
  }
  return written;
}

}  // namespace hotline::media::dsp
