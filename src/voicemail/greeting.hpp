// What a caller hears before leaving a message: the box's greeting (its WAV file, else its text
// spoken in its language, else the default greeting in that language), then the beep after which
// recording starts. Pure: boxes in, play specs out.
#pragma once

#include <filesystem>
#include <string>

#include "media/media.hpp"
#include "store/records.hpp"

namespace hotline::voicemail {

// The default greeting's words in `language` (zh-CN, else English).
std::string default_greeting_text(const std::string& language);

// The box's greeting; a key the caller presses skips it. A relative greeting file is taken
// from the data folder.
media::PlaySpec greeting_play(const store::VoicemailBox& box, const std::filesystem::path& data_dir);
// The default greeting, for a box without one or whose file cannot be played.
media::PlaySpec default_greeting_play(const std::string& language);
// The "record after the tone" beep; not interrupted by keys.
media::PlaySpec beep_play();

}  // namespace hotline::voicemail
