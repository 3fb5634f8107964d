// What a message left in a voicemail box sounds like, read back from its WAV file: how long it is
// and how much of it is louder than a quiet line. Screening (discard_reason) turns that into the
// decision to keep a message or discard it, so that a caller who hangs up at the beep or says
// nothing leaves no message behind. Pure functions over files; no state.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "common/result.hpp"

namespace hotline::voicemail {

struct MessageAudio {
  std::int64_t duration_ms = 0;
  // The 20 ms frames whose level is above ScreeningRules::voiced_dbfs, in ms.
  std::int64_t voiced_ms = 0;
};

struct ScreeningRules {
  std::int64_t min_duration_ms = 1000;  // shorter: the caller hung up at the beep
  std::int64_t min_voiced_ms = 200;     // less sound than this: a silent message
  // A frame's RMS level, in dB below full scale, above which it counts as sound. A quiet line
  // (G.711 idle noise, comfort noise) stays below -50 dBFS; speech is -35 to -15.
  double voiced_dbfs = -45.0;
};

// Reads a 16-bit PCM WAV (what the recorder writes, also after a crash repaired it). A stereo file
// counts a frame as sound when its channels together are loud enough. InvalidArgument naming the
// path when the file is missing or not such a WAV.
Result<MessageAudio> measure_message(const std::filesystem::path& wav, double voiced_dbfs = -45.0);

// Why a message is not worth keeping ("shorter than 1 s", "silent"); nothing when it is.
std::optional<std::string> discard_reason(const MessageAudio& audio, const ScreeningRules& rules);

}  // namespace hotline::voicemail
