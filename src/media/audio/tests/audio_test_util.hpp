// Helpers for the audio tests: generated signals, a Goertzel detector, WAV files in a temp dir.
#pragma once

#include <sndfile.h>
#include <stdlib.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <numbers>
#include <span>
#include <string>
#include <vector>

namespace hotline::media::audio::testing {

inline std::vector<float> sine(double hz, int rate, std::size_t samples, double amplitude) {
  std::vector<float> out(samples);
  for (std::size_t i = 0; i < samples; ++i) {
    out[i] =
        static_cast<float>(amplitude * std::sin(2 * std::numbers::pi * hz * static_cast<double>(i) / rate));
  }
  return out;
}

inline std::vector<std::int16_t> sine_pcm(double hz, std::size_t samples, double amplitude = 8000.0) {
  std::vector<std::int16_t> out;
  for (float s : sine(hz, 8000, samples, amplitude)) out.push_back(static_cast<std::int16_t>(std::lround(s)));
  return out;
}

// Relative power of `hz` in `samples` (normalised so a full-scale sine gives about 0.25).
template <typename T>
double goertzel(std::span<const T> samples, int rate, double hz, double full_scale = 32768.0) {
  const double coeff = 2 * std::cos(2 * std::numbers::pi * hz / rate);
  double s1 = 0, s2 = 0;
  for (T x : samples) {
    const double s0 = static_cast<double>(x) / full_scale + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  const double n = static_cast<double>(samples.size());
  return (s1 * s1 + s2 * s2 - coeff * s1 * s2) / (n * n);
}

inline double rms(std::span<const std::int16_t> samples) {
  double sum = 0;
  for (auto s : samples) sum += static_cast<double>(s) * s;
  return samples.empty() ? 0.0 : std::sqrt(sum / static_cast<double>(samples.size()));
}

// A fresh directory under /tmp, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "hotline-audio-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Writes interleaved full-scale float samples in the given libsndfile format.
inline bool write_wav(const std::string& path, int format, int rate, int channels,
                      const std::vector<float>& data) {
  SF_INFO info{};
  info.samplerate = rate;
  info.channels = channels;
  info.format = format;
  SNDFILE* file = sf_open(path.c_str(), SFM_WRITE, &info);
  if (file == nullptr) return false;
  const auto frames = static_cast<sf_count_t>(data.size() / static_cast<std::size_t>(channels));
  const bool ok = sf_writef_float(file, data.data(), frames) == frames;
  return sf_close(file) == 0 && ok;
}

inline bool write_wav_pcm16(const std::string& path, int rate, int channels,
                            const std::vector<std::int16_t>& data) {
  SF_INFO info{};
  info.samplerate = rate;
  info.channels = channels;
  info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
  SNDFILE* file = sf_open(path.c_str(), SFM_WRITE, &info);
  if (file == nullptr) return false;
  const auto frames = static_cast<sf_count_t>(data.size() / static_cast<std::size_t>(channels));
  const bool ok = sf_writef_short(file, data.data(), frames) == frames;
  return sf_close(file) == 0 && ok;
}

struct WavContents {
  SF_INFO info{};
  std::vector<std::int16_t> samples;  // interleaved
  bool ok = false;
};

inline WavContents read_wav(const std::string& path) {
  WavContents out;
  SNDFILE* file = sf_open(path.c_str(), SFM_READ, &out.info);
  if (file == nullptr) return out;
  out.samples.resize(static_cast<std::size_t>(out.info.frames * out.info.channels));
  out.ok = sf_readf_short(file, out.samples.data(), out.info.frames) == out.info.frames;
  sf_close(file);
  return out;
}

// One channel of interleaved samples.
inline std::vector<std::int16_t> channel(const WavContents& wav, int index) {
  std::vector<std::int16_t> out;
  for (std::size_t i = static_cast<std::size_t>(index); i < wav.samples.size();
       i += static_cast<std::size_t>(wav.info.channels)) {
    out.push_back(wav.samples[i]);
  }
  return out;
}

}  // namespace hotline::media::audio::testing
