#include "media/audio/tts.hpp"

#include <espeak-ng/speak_lib.h>
#include <sndfile.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <mutex>
#include <vector>

#include "common/hash.hpp"

namespace hotline::media::audio {
namespace {

// espeak-ng's synthesizer is one global object: every call into it goes through this mutex.
std::mutex espeak_mutex;
int espeak_rate_hz = 0;  // set by the first successful espeak_Initialize, guarded by espeak_mutex

int collect_samples(short* samples, int count, espeak_EVENT* events) {
  if (samples == nullptr || count <= 0) return 0;
  auto* out = static_cast<std::vector<std::int16_t>*>(events->user_data);
  out->insert(out->end(), samples, samples + count);
  return 0;  // continue synthesis
}

// Requires espeak_mutex held.
Status ensure_espeak_initialized() {
  if (espeak_rate_hz > 0) return ok_status();
  const int rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, nullptr, espeakINITIALIZE_DONT_EXIT);
  if (rate <= 0) return Error::unavailable("espeak-ng failed to initialize (is espeak-ng-data installed?)");
  espeak_SetSynthCallback(collect_samples);
  espeak_rate_hz = rate;
  return ok_status();
}

// Requires espeak_mutex held.
Result<std::vector<std::int16_t>> speak(const std::string& text, const std::string& voice) {
  if (auto status = ensure_espeak_initialized(); !status) return status.error();
  if (espeak_SetVoiceByName(voice.c_str()) != EE_OK) {
    return Error::unavailable("espeak-ng has no voice '" + voice + "' (is espeak-ng-data installed?)");
  }
  std::vector<std::int16_t> samples;
  const espeak_ERROR rc =
      espeak_Synth(text.c_str(), text.size() + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, nullptr, &samples);
  if (rc != EE_OK || espeak_Synchronize() != EE_OK) {
    return Error::unavailable("espeak-ng failed to synthesize with voice '" + voice + "'");
  }
  if (samples.empty()) return Error::invalid("text", "espeak-ng produced no audio for the text");
  return samples;
}

Status write_wav(const std::filesystem::path& path, const std::vector<std::int16_t>& samples, int rate) {
  SF_INFO info{};
  info.samplerate = rate;
  info.channels = 1;
  info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
  SNDFILE* file = sf_open(path.c_str(), SFM_WRITE, &info);
  if (file == nullptr) {
    return Error::unavailable("cannot create " + path.string() + ": " + sf_strerror(nullptr));
  }
  const auto count = static_cast<sf_count_t>(samples.size());
  const bool written = sf_write_short(file, samples.data(), count) == count;
  const bool closed = sf_close(file) == 0;
  if (!written || !closed)
    return Error::unavailable("cannot write " + path.string() + ": disk full or I/O error");
  return ok_status();
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

}  // namespace

TextToSpeech::TextToSpeech(std::filesystem::path cache_dir) : cache_dir_(std::move(cache_dir)) {}

Result<std::string> TextToSpeech::voice_for(std::string_view language) {
  const std::string tag = lower(language);
  if (tag == "zh-cn" || tag == "zh" || tag == "cmn") return std::string("cmn");
  if (tag == "en" || tag == "en-gb" || tag == "en-us") return std::string("en");
  return Error::invalid("language",
                        "unsupported TTS language '" + std::string(language) + "' (supported: zh-CN, en)");
}

std::filesystem::path TextToSpeech::cache_path(std::string_view language, std::string_view voice,
                                               std::string_view text) const {
  // NUL separators keep ("a", "bc") and ("ab", "c") apart.
  std::string key = lower(language);
  key.append(1, '\0').append(voice).append(1, '\0').append(text);
  return cache_dir_ / (sha256_hex(key) + ".wav");
}

Result<std::string> TextToSpeech::synthesize(std::string_view text, std::string_view language) {
  auto voice = voice_for(language);
  if (!voice) return voice.error();
  if (text.empty()) return Error::invalid("text", "TTS text is empty");
  if (text.size() > kMaxTextBytes) {
    return Error::invalid("text", "TTS text longer than " + std::to_string(kMaxTextBytes) + " bytes");
  }
  const auto path = cache_path(language, *voice, text);
  std::error_code ec;
  if (std::filesystem::is_regular_file(path, ec)) return path.string();

  std::lock_guard lock(espeak_mutex);
  if (std::filesystem::is_regular_file(path, ec)) return path.string();  // another caller made it
  std::filesystem::create_directories(cache_dir_, ec);
  if (ec) return Error::unavailable("cannot create TTS cache " + cache_dir_.string() + ": " + ec.message());
  auto samples = speak(std::string(text), *voice);
  if (!samples) return samples.error();
  // Written under a temporary name and renamed, so a crash never leaves a truncated cache entry.
  auto temp = path;
  temp += ".tmp" + std::to_string(::getpid());
  if (auto status = write_wav(temp, *samples, espeak_rate_hz); !status) {
    std::filesystem::remove(temp, ec);
    return status.error();
  }
  std::filesystem::rename(temp, path, ec);
  if (ec) return Error::unavailable("cannot store " + path.string() + ": " + ec.message());
  return path.string();
}

}  // namespace hotline::media::audio
