// TextToSpeech: prompts from text (IVR-11), synthesized with espeak-ng into WAV files under a cache
// directory. The file name is the SHA-256 of (language, voice, text), so the same sentence is
// synthesized once and survives restarts; the returned path is then loaded like any prompt.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace hotline::media::audio {

// Thread: any thread but the media workers: synthesis takes tens of milliseconds per sentence.
// espeak-ng keeps global state, so every instance serializes synthesis on one process-wide mutex.
class TextToSpeech {
 public:
  // `cache_dir` is created on first use if missing.
  explicit TextToSpeech(std::filesystem::path cache_dir);

  // The WAV file (mono 16-bit at espeak-ng's native rate, 22050 Hz) speaking `text` in `language`:
  // "zh-CN" (or "zh", "cmn": Mandarin voice "cmn") or "en" ("en-GB", "en-US": voice "en").
  // InvalidArgument naming "language" or "text" for an unsupported language or an empty or
  // oversized text; Unavailable when espeak-ng or the cache directory fails.
  Result<std::string> synthesize(std::string_view text, std::string_view language);

  // The espeak-ng voice for a language tag, or InvalidArgument naming "language".
  static Result<std::string> voice_for(std::string_view language);

  static constexpr std::size_t kMaxTextBytes = 4000;

 private:
  std::filesystem::path cache_path(std::string_view language, std::string_view voice,
                                   std::string_view text) const;

  std::filesystem::path cache_dir_;
};

}  // namespace hotline::media::audio
