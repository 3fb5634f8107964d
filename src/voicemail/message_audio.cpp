#include "voicemail/message_audio.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <fstream>
#include <vector>

namespace hotline::voicemail {
namespace {

constexpr int kFrameMs = 20;

std::uint32_t little_endian(const std::uint8_t* bytes, int size) {
  std::uint32_t value = 0;
  for (int i = size - 1; i >= 0; --i) value = (value << 8) | bytes[i];
  return value;
}

struct PcmFormat {
  int channels = 0;
  int sample_rate = 0;
  std::uint64_t data_bytes = 0;  // what the data chunk holds, at most what the file holds
};

// Walks the RIFF chunks up to "data"; the stream is left at its first sample.
Result<PcmFormat> read_format(std::ifstream& in, const std::string& path, std::uint64_t file_bytes) {
  auto bad = [&](const std::string& why) { return Error::invalid(path, path + ": " + why); };
  std::array<std::uint8_t, 12> riff{};
  if (!in.read(reinterpret_cast<char*>(riff.data()), riff.size()) ||
      std::memcmp(riff.data(), "RIFF", 4) != 0 || std::memcmp(riff.data() + 8, "WAVE", 4) != 0)
    return bad("not a RIFF/WAVE file");
  PcmFormat format;
  std::array<std::uint8_t, 8> chunk{};
  while (in.read(reinterpret_cast<char*>(chunk.data()), chunk.size())) {
    std::uint32_t size = little_endian(chunk.data() + 4, 4);
    if (std::memcmp(chunk.data(), "data", 4) == 0) {
      if (format.channels == 0) return bad("data before the fmt chunk");
      auto at = static_cast<std::uint64_t>(in.tellg());
      format.data_bytes = std::min<std::uint64_t>(size, file_bytes - at);
      return format;
    }
    std::vector<std::uint8_t> body(size + (size & 1));
    if (!in.read(reinterpret_cast<char*>(body.data()), static_cast<std::streamsize>(body.size()))) break;
    if (std::memcmp(chunk.data(), "fmt ", 4) == 0 && size >= 16) {
      if (little_endian(body.data(), 2) != 1 || little_endian(body.data() + 14, 2) != 16)
        return bad("not 16-bit PCM");
      format.channels = static_cast<int>(little_endian(body.data() + 2, 2));
      format.sample_rate = static_cast<int>(little_endian(body.data() + 4, 4));
      if (format.channels < 1 || format.sample_rate < 1) return bad("no channels or sample rate");
    }
  }
  return bad("no data chunk");
}

}  // namespace

Result<MessageAudio> measure_message(const std::filesystem::path& wav, double voiced_dbfs) {
  std::error_code ec;
  auto file_bytes = std::filesystem::file_size(wav, ec);
  if (ec) return Error::invalid(wav.string(), wav.string() + ": " + ec.message());
  std::ifstream in(wav, std::ios::binary);
  auto format = read_format(in, wav.string(), file_bytes);
  if (!format) return format.error();
  const std::size_t frame_samples = static_cast<std::size_t>(format->sample_rate * kFrameMs / 1000) *
                                    static_cast<std::size_t>(format->channels);
  // Mean square of full scale (32768²) times 10^(dBFS/10): the threshold without a log per frame.
  const double threshold = 32768.0 * 32768.0 * std::pow(10.0, voiced_dbfs / 10.0);
  std::uint64_t samples = format->data_bytes / 2;
  MessageAudio audio;
  audio.duration_ms = static_cast<std::int64_t>(samples / static_cast<std::uint64_t>(format->channels) *
                                                1000 / static_cast<std::uint64_t>(format->sample_rate));
  std::vector<std::int16_t> frame(frame_samples);
  for (std::uint64_t left = samples; left >= frame_samples; left -= frame_samples) {
    if (!in.read(reinterpret_cast<char*>(frame.data()), static_cast<std::streamsize>(frame_samples * 2)))
      break;
    double energy = 0;
    for (std::int16_t s : frame) energy += static_cast<double>(s) * s;  // the recorder writes little-endian
    if (energy / static_cast<double>(frame_samples) > threshold) audio.voiced_ms += kFrameMs;
  }
  return audio;
}

std::optional<std::string> discard_reason(const MessageAudio& audio, const ScreeningRules& rules) {
  if (audio.duration_ms < rules.min_duration_ms)
    return "shorter than " + std::to_string(rules.min_duration_ms) + " ms";
  if (audio.voiced_ms < rules.min_voiced_ms) return "silent";
  return std::nullopt;
}

}  // namespace hotline::voicemail
