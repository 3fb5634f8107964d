#include "media/audio/prompt.hpp"

#include <sndfile.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <optional>
#include <span>
#include <system_error>

#include "media/audio/audio.hpp"
#include "media/dsp/resampler.hpp"

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

// Full-scale float to int16 with saturation (float files may exceed ±1.0).
std::int16_t float_to_pcm16(float sample) {
  float scaled = sample * 32768.0f;
  if (scaled >= 32767.0f) return 32767;
  if (scaled <= -32768.0f) return -32768;
  return static_cast<std::int16_t>(scaled);
}

// Reads every frame, averages the channels and converts the mono stream to 8 kHz, chunk by chunk,
// so a long file is never held in memory at its source rate.
Result<std::vector<std::int16_t>> decode_mono_8k(const std::string& path, SNDFILE* file,
                                                 const SF_INFO& info) {
  std::optional<dsp::Resampler> resampler;
  if (info.samplerate != kSampleRate) {
    auto created = dsp::Resampler::create(info.samplerate, kSampleRate, dsp::ResamplerQuality::Medium,
                                          static_cast<std::size_t>(kChunkFrames));
    if (!created) return decode_error(path, created.error().message);
    resampler.emplace(std::move(created).value());
  }
  std::vector<std::int16_t> out;
  out.reserve(static_cast<std::size_t>(info.frames * kSampleRate / info.samplerate + 1024));
  std::vector<float> interleaved(static_cast<std::size_t>(kChunkFrames * info.channels));
  std::vector<std::int16_t> mono(kChunkFrames);
  std::vector<std::int16_t> converted(resampler ? resampler->max_output_samples(kChunkFrames) : 0);
  for (;;) {
    const sf_count_t got = sf_readf_float(file, interleaved.data(), kChunkFrames);
    if (got < 0 || sf_error(file) != SF_ERR_NO_ERROR) return decode_error(path, sf_strerror(file));
    for (sf_count_t f = 0; f < got; ++f) {
      float sum = 0.0f;
      for (int c = 0; c < info.channels; ++c)
        sum += interleaved[static_cast<std::size_t>(f * info.channels + c)];
      mono[static_cast<std::size_t>(f)] = float_to_pcm16(sum / static_cast<float>(info.channels));
    }
    auto chunk = std::span<const std::int16_t>(mono).first(static_cast<std::size_t>(got));
    if (resampler) {
      auto n = resampler->process(chunk, converted);
      out.insert(out.end(), converted.begin(), converted.begin() + static_cast<std::ptrdiff_t>(n));
    } else {
      out.insert(out.end(), chunk.begin(), chunk.end());
    }
    if (got < kChunkFrames) break;
  }
  if (resampler) {  // the filter's delay line holds the last few milliseconds
    auto n = resampler->finish(converted);
    out.insert(out.end(), converted.begin(), converted.begin() + static_cast<std::ptrdiff_t>(n));
  }
  return out;
}

// libsndfile's virtual I/O over a byte buffer, read-only.
struct MemoryFile {
  std::string_view bytes;
  sf_count_t position = 0;

  static sf_count_t length(void* self) { return static_cast<sf_count_t>(as(self).bytes.size()); }
  static sf_count_t seek(sf_count_t offset, int whence, void* self) {
    MemoryFile& file = as(self);
    sf_count_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? file.position : length(self);
    file.position = std::clamp<sf_count_t>(base + offset, 0, length(self));
    return file.position;
  }
  static sf_count_t read(void* out, sf_count_t count, void* self) {
    MemoryFile& file = as(self);
    sf_count_t n = std::min(count, length(self) - file.position);
    std::memcpy(out, file.bytes.data() + file.position, static_cast<std::size_t>(n));
    file.position += n;
    return n;
  }
  static sf_count_t write(const void*, sf_count_t, void*) { return 0; }
  static sf_count_t tell(void* self) { return as(self).position; }
  static MemoryFile& as(void* self) { return *static_cast<MemoryFile*>(self); }
};

}  // namespace

Result<std::shared_ptr<const Prompt>> Prompt::decode(std::string_view bytes, const std::string& name) {
  SF_VIRTUAL_IO io{&MemoryFile::length, &MemoryFile::seek, &MemoryFile::read, &MemoryFile::write,
                   &MemoryFile::tell};
  MemoryFile memory{bytes};
  SF_INFO info{};
  SndfilePtr file(sf_open_virtual(&io, SFM_READ, &info, &memory));
  if (!file) return decode_error(name, sf_strerror(nullptr));
  if (auto status = check_format(name, info); !status) return status.error();
  auto samples = decode_mono_8k(name, file.get(), info);
  if (!samples) return samples.error();
  return std::shared_ptr<const Prompt>(new Prompt(std::move(*samples), name));
}

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
