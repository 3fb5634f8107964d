#include "media/audio/resampler.hpp"

#include <samplerate.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "media/audio/audio.hpp"

namespace hotline::media::audio {

struct Resampler::State {
  SRC_STATE* src = nullptr;  // null when the source is already at 8 kHz
  double ratio = 1.0;
  std::vector<float> converted;

  ~State() {
    if (src != nullptr) src_delete(src);
  }
};

std::int16_t float_to_pcm16(float sample) {
  const float scaled = std::nearbyint(sample * 32768.0f);
  return static_cast<std::int16_t>(std::clamp(scaled, -32768.0f, 32767.0f));
}

Result<std::unique_ptr<Resampler>> Resampler::create(int source_rate) {
  if (source_rate <= 0) {
    return Error::invalid("sample_rate", "sample rate must be positive, got " + std::to_string(source_rate));
  }
  auto state = std::make_unique<State>();
  if (source_rate != kSampleRate) {
    int error = 0;
    // Medium sinc quality: prompts are converted once, so quality matters more than speed.
    state->src = src_new(SRC_SINC_MEDIUM_QUALITY, 1, &error);
    if (state->src == nullptr) return Error::internal(std::string("libsamplerate: ") + src_strerror(error));
    state->ratio = static_cast<double>(kSampleRate) / source_rate;
  }
  return std::unique_ptr<Resampler>(new Resampler(std::move(state)));
}

Resampler::Resampler(std::unique_ptr<State> state) : state_(std::move(state)) {}
Resampler::~Resampler() = default;

Status Resampler::process(std::span<const float> input, bool last, std::vector<std::int16_t>& output) {
  if (state_->src == nullptr) {
    for (float s : input) output.push_back(float_to_pcm16(s));
    return ok_status();
  }
  const auto room = static_cast<std::size_t>(std::ceil(input.size() * state_->ratio)) + 64;
  state_->converted.resize(room);
  SRC_DATA data{};
  data.src_ratio = state_->ratio;
  data.end_of_input = last ? 1 : 0;
  static const float kNoInput = 0.0f;  // libsamplerate wants a valid pointer even for no input
  for (std::size_t offset = 0;;) {
    data.data_in = offset < input.size() ? input.data() + offset : &kNoInput;
    data.input_frames = static_cast<long>(input.size() - offset);
    data.data_out = state_->converted.data();
    data.output_frames = static_cast<long>(room);
    if (int error = src_process(state_->src, &data); error != 0) {
      return Error::internal(std::string("libsamplerate: ") + src_strerror(error));
    }
    for (long i = 0; i < data.output_frames_gen; ++i) output.push_back(float_to_pcm16(state_->converted[i]));
    offset += static_cast<std::size_t>(data.input_frames_used);
    // Done when all input is consumed and, at the end, the delay line has been drained.
    if (offset >= input.size() && (!last || data.output_frames_gen == 0)) break;
  }
  return ok_status();
}

}  // namespace hotline::media::audio
