#include "media/music_library.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <numbers>

#include "media/audio/audio.hpp"
#include "media/audio/prompt_cache.hpp"

namespace hotline::media {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> wav_files(const fs::path& folder) {
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(folder, ec)) {
    auto ext = entry.path().extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    if (entry.is_regular_file() && ext == ".wav") files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

bool is_tenant_folder(const std::string& name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::shared_ptr<const audio::Prompt> default_music() {
  // C major then A minor arpeggios, 500 ms notes with a soft attack and release, about -18 dBFS.
  static constexpr double kNotesHz[] = {261.63, 329.63, 392.00, 523.25, 220.00, 261.63, 329.63, 440.00,
                                        349.23, 440.00, 523.25, 698.46, 392.00, 493.88, 587.33, 783.99};
  constexpr int kNoteSamples = audio::kSampleRate / 2;
  constexpr double kAmplitude = 4000;
  std::vector<std::int16_t> samples;
  samples.reserve(std::size(kNotesHz) * kNoteSamples);
  for (double hz : kNotesHz) {
    for (int i = 0; i < kNoteSamples; ++i) {
      double envelope = std::min({1.0, i / 400.0, (kNoteSamples - i) / 1200.0});
      double t = static_cast<double>(i) / audio::kSampleRate;
      double tone = std::sin(2 * std::numbers::pi * hz * t) + 0.3 * std::sin(4 * std::numbers::pi * hz * t);
      samples.push_back(static_cast<std::int16_t>(kAmplitude * envelope * tone / 1.3));
    }
  }
  return audio::Prompt::from_samples(std::move(samples), "built-in default music");
}

std::string tenant_music_class(std::int64_t tenant_id, const std::string& music_class) {
  return std::to_string(tenant_id) + "/" + music_class;
}

MusicLibrary::Files MusicLibrary::load_class(const fs::path& folder) {
  Files files;
  audio::PromptCache cache;
  for (const auto& path : wav_files(folder)) {
    auto prompt = cache.get(path);
    if (!prompt) {
      spdlog::warn("music on hold: skipping {}: {}", path, prompt.error().message);
      continue;
    }
    files.push_back(*prompt);
  }
  return files;
}

MusicLibrary MusicLibrary::load(const fs::path& dir) {
  MusicLibrary library;
  library.classes_["default"] = {default_music()};
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (!entry.is_directory()) continue;
    const std::string name = entry.path().filename().string();
    if (is_tenant_folder(name)) {
      for (const auto& tenant_class : fs::directory_iterator(entry.path(), ec)) {
        if (!tenant_class.is_directory()) continue;
        auto files = load_class(tenant_class.path());
        if (!files.empty())
          library.classes_[name + "/" + tenant_class.path().filename().string()] = std::move(files);
      }
      continue;
    }
    if (auto files = load_class(entry.path()); !files.empty()) library.classes_[name] = std::move(files);
  }
  return library;
}

}  // namespace hotline::media
