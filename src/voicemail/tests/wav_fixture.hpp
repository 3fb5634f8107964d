// Writes the WAV files the tests screen: 16-bit PCM at 8 kHz, as the recorder writes them, holding
// a sine or silence, into a temporary folder removed afterwards.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <string>
#include <vector>

namespace hotline::voicemail::testing {

// Thread: the test's.
class WavFolder {
 public:
  WavFolder() {
    std::string pattern = (std::filesystem::temp_directory_path() / "hotline-voicemail-XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) dir = pattern;
  }
  ~WavFolder() { std::filesystem::remove_all(dir); }

  // `ms` of a sine of `hz` at `amplitude` (0: silence), then `silence_ms` of silence.
  std::filesystem::path write(const std::string& name, std::int64_t ms, double hz, double amplitude,
                              std::int64_t silence_ms = 0, int channels = 1) {
    std::vector<std::int16_t> samples;
    for (std::int64_t i = 0; i < (ms + silence_ms) * 8; ++i) {
      double value =
          i < ms * 8 ? amplitude * std::sin(2 * std::numbers::pi * hz * static_cast<double>(i) / 8000) : 0;
      for (int c = 0; c < channels; ++c) samples.push_back(static_cast<std::int16_t>(value));
    }
    auto path = dir / name;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary);
    auto u32 = [&](std::uint32_t v) { out.write(reinterpret_cast<const char*>(&v), 4); };
    auto u16 = [&](std::uint16_t v) { out.write(reinterpret_cast<const char*>(&v), 2); };
    auto data_bytes = static_cast<std::uint32_t>(samples.size() * 2);
    out.write("RIFF", 4);
    u32(36 + data_bytes);
    out.write("WAVEfmt ", 8);
    u32(16);
    u16(1);
    u16(static_cast<std::uint16_t>(channels));
    u32(8000);
    u32(8000 * 2 * static_cast<std::uint32_t>(channels));
    u16(static_cast<std::uint16_t>(2 * channels));
    u16(16);
    out.write("data", 4);
    u32(data_bytes);
    out.write(reinterpret_cast<const char*>(samples.data()), data_bytes);
    return path;
  }

  std::filesystem::path dir;
};

}  // namespace hotline::voicemail::testing
