// media/audio: audio files in the media engine. Prompts (WAV files or text-to-speech) decoded once
// into immutable 8 kHz mono buffers, the player that turns a sequence of prompts, silences and tones
// into 20 ms frames, music-on-hold classes that decode once for every held leg, and the recorder
// that writes bridged calls to WAV files without touching the disk on the media path.
//
// Threads: prompts are loaded and speech is synthesized at prepare time (core loop or a helper
// thread), never on the media path. Player, MohClass and the worker side of WavRecorder belong to
// the media worker that ticks them; their per-frame calls neither allocate, lock nor throw.
// RecordingWriter owns one I/O thread per process that writes every recording's buffers to disk.
#pragma once

#include <cstddef>
#include <cstdint>

namespace hotline::media::audio {

inline constexpr int kSampleRate = 8000;
inline constexpr int kFrameMs = 20;
inline constexpr std::size_t kFrameSamples = kSampleRate * kFrameMs / 1000;  // 160

inline constexpr std::int64_t samples_to_ms(std::int64_t samples) { return samples * 1000 / kSampleRate; }
inline constexpr std::int64_t ms_to_samples(std::int64_t ms) { return ms * kSampleRate / 1000; }

}  // namespace hotline::media::audio
