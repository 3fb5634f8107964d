#include "media/audio/prompt.hpp"

#include <sndfile.h>

#include <filesystem>
#include <system_error>

#include "media/audio/audio.hpp"
#include "media/audio/resampler.hpp"

namespace hotline::media::audio {
namespace {

struct SndfileCloser {
  void operator()(SNDFILE* file) const { sf_close(file); }
};
using SndfilePtr = std::unique_ptr<SNDFILE, SndfileCloser>;

constexpr sf_count_t kChunkFrames = 4096;

Error decode_error(const std::string& path, const std::string& what) {
  return Error::invalid(path, "cannot decode prompt " + path + ": " + what);
}

Status check_format(const std::string& path, const SF_INFO& info) {
  if (info.channels < 1) return decode_error(path, "no audio channels");
  if (info.samplerate <= 0) return decode_error(path, "invalid sample rate");
  if (info.frames <= 0) return decode_error(path, "no audio samples");
  if (info.frames / info.samplerate > Prompt::kMaxPromptSeconds) {
    return decode_error(path, "longer than " + std::to_string(Prompt::kMaxPromptSeconds) + " s");
  }
  return ok_status();
}

// Reads every frame, averages the channels and feeds the mono stream to the resampler.
Result<std::vector<std::int16_t>> decode_mono_8k(const std::string& path, SNDFILE* file,
                                                 const SF_INFO& info) {
  auto resampler = Resampler::create(info.samplerate);
  if (!resampler) return resampler.error();
  std::vector<std::int16_t> out;
  out.reserve(static_cast<std::size_t>(info.frames * kSampleRate / info.samplerate + 1024));
  std::vector<float> interleaved(static_cast<std::size_t>(kChunkFrames * info.channels));
  std::vector<float> mono(kChunkFrames);
  for (;;) {
    const sf_count_t got = sf_readf_float(file, interleaved.data(), kChunkFrames);
    if (got < 0 || sf_error(file) != SF_ERR_NO_ERROR) return decode_error(path, sf_strerror(file));
    for (sf_count_t f = 0; f < got; ++f) {
      float sum = 0.0f;
      for (int c = 0; c < info.channels; ++c)
        sum += interleaved[static_cast<std::size_t>(f * info.channels + c)];
      mono[static_cast<std::size_t>(f)] = sum / static_cast<float>(info.channels);
    }
    const bool last = got < kChunkFrames;
    auto status = (*resampler)->process(std::span(mono).first(static_cast<std::size_t>(got)), last, out);
    if (!status) return decode_error(path, status.error().message);
    if (last) break;
  }
  return out;
}

}  // namespace

Result<std::shared_ptr<const Prompt>> Prompt::load(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return Error{ErrorCode::NotFound, "prompt file not found: " + path, path};
  }
  SF_INFO info{};
  SndfilePtr file(sf_open(path.c_str(), SFM_READ, &info));
  if (!file) return decode_error(path, sf_strerror(nullptr));
  if (auto status = check_format(path, info); !status) return status.error();
  auto samples = decode_mono_8k(path, file.get(), info);
  if (!samples) return samples.error();
  return std::shared_ptr<const Prompt>(new Prompt(std::move(*samples), path));
}

std::shared_ptr<const Prompt> Prompt::from_samples(std::vector<std::int16_t> samples, std::string name) {
  return std::shared_ptr<const Prompt>(new Prompt(std::move(samples), std::move(name)));
}

std::int64_t Prompt::duration_ms() const { return samples_to_ms(static_cast<std::int64_t>(samples_.size())); }

}  // namespace hotline::media::audio
