// Audio that users upload (prompts, music on hold): an uploaded file is checked to be a RIFF/WAVE
// file libsndfile reads, converted to what the media engine plays — 8 kHz mono 16-bit PCM — and
// stored so that a crash leaves either the old file or the new one, never a torn one.
//
// Thread: any but the media workers (decoding reads and converts the whole file).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "media/audio/prompt.hpp"

namespace hotline::media::audio {

// A name for a tenant's prompt or music file: letters, digits, '_', '-' and '.', starting with a
// letter or digit, ending in ".wav", at most 100 characters. InvalidArgument naming `field`.
Status check_audio_file_name(std::string_view name, const std::string& field);
// A music-on-hold class's name: letters, digits, '_' and '-', at most 64. InvalidArgument naming `field`.
Status check_music_class_name(std::string_view name, const std::string& field);

// The audio of an uploaded WAV file at 8 kHz mono; InvalidArgument naming "body" when the bytes are
// not a RIFF/WAVE file libsndfile can decode, hold no samples or last longer than an hour.
Result<std::shared_ptr<const Prompt>> decode_wav_upload(std::string_view bytes);

// Writes `samples` as an 8 kHz mono 16-bit WAV at `target`: a temporary file beside it, synced,
// renamed over `target`, and the folder synced. Creates the folder. Unavailable on a disk error.
Status write_wav_atomically(const std::filesystem::path& target, std::span<const std::int16_t> samples);

// The length of any audio file libsndfile reads; InvalidArgument naming the path when it cannot.
Result<std::int64_t> audio_duration_ms(const std::filesystem::path& path);

}  // namespace hotline::media::audio
