// WAV file layout for recordings: the canonical 44-byte PCM header, and recover_wav() which repairs
// the sizes in a header left behind by a crash so the file plays to its last written sample.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "common/result.hpp"

namespace hotline::media::audio {

inline constexpr std::size_t kWavHeaderBytes = 44;
// RIFF sizes are 32-bit: the data chunk may hold at most this many bytes.
inline constexpr std::uint64_t kMaxWavDataBytes = 0xFFFFFFFFull - (kWavHeaderBytes - 8);

// A 16-bit PCM header whose RIFF and data sizes describe `data_bytes` of samples.
std::array<std::uint8_t, kWavHeaderBytes> wav_header(int channels, int sample_rate, std::uint32_t data_bytes);

struct RecoveredWav {
  std::uint64_t data_bytes = 0;
  std::int64_t duration_ms = 0;
  bool repaired = false;  // false: the header already matched the file
};

// Makes the RIFF and data chunk sizes match the file's length (the data chunk must be the last
// chunk, as in every file RecordingWriter writes), trimming a trailing partial sample frame. A file
// whose sizes already add up is left untouched. Called at startup on recordings that were not
// finished. InvalidArgument (field = path) when the file has no RIFF/WAVE header, fmt or data chunk
// (a process killed before its first flush leaves such a file: nothing to recover).
Result<RecoveredWav> recover_wav(const std::string& path);

}  // namespace hotline::media::audio
