// Prompt: an audio file decoded once into an immutable 8 kHz mono int16 buffer. One Prompt is shared
// by every player and music-on-hold class that plays it, which is why it is handed out as
// shared_ptr<const Prompt>: its lifetime is truly shared and it never changes after loading.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace hotline::media::audio {

// Thread: any; immutable after construction.
class Prompt {
 public:
  // Decodes any file libsndfile reads (WAV at any rate; mono, stereo or more channels; 8/16/24/32-bit
  // integer or float), downmixes to mono by averaging and resamples to 8 kHz. NotFound when the file
  // is missing, InvalidArgument (field = path) when it is not decodable audio or is longer than
  // kMaxPromptSeconds. Runs at prepare time: it reads the whole file.
  static Result<std::shared_ptr<const Prompt>> load(const std::string& path);
  // The same decoding of a file held in memory (an upload); errors name `name`.
  static Result<std::shared_ptr<const Prompt>> decode(std::string_view bytes, const std::string& name);

  // A prompt from samples already at 8 kHz mono (generated audio, tests).
  static std::shared_ptr<const Prompt> from_samples(std::vector<std::int16_t> samples, std::string name);

  static constexpr std::int64_t kMaxPromptSeconds = 3600;

  std::span<const std::int16_t> samples() const { return samples_; }
  std::int64_t duration_ms() const;
  // The file it came from, or the name given to from_samples.
  const std::string& name() const { return name_; }

 private:
  Prompt(std::vector<std::int16_t> samples, std::string name)
      : samples_(std::move(samples)), name_(std::move(name)) {}

  const std::vector<std::int16_t> samples_;
  const std::string name_;
};

}  // namespace hotline::media::audio
