// WavRecorder: one call's recording (REC-1). The media worker hands it a frame of each party every
// 20 ms; the samples go into a preallocated lock-free ring, and RecordingWriter's I/O thread moves
// them to the file, rewriting the header sizes after every flush so that the file on disk is always
// a complete WAV: a killed process loses at most the last flush interval, never the file.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <mutex>
#include <span>
#include <string>

#include "common/result.hpp"
#include "media/audio/audio.hpp"
#include "media/audio/spsc_ring.hpp"

namespace hotline::media::audio {

enum class RecordingChannels {
  Stereo,  // left = customer, right = agent
  Mono,    // both parties summed, saturating
};

struct RecordingOptions {
  RecordingChannels channels = RecordingChannels::Stereo;
  // Audio the ring holds between flushes. If the I/O thread stalls longer, frames are dropped and
  // counted rather than blocking the worker.
  int buffer_ms = 2000;
};

struct RecordingSummary {
  std::string path;
  std::int64_t duration_ms = 0;  // audio in the file, paused silence included
  std::int64_t paused_ms = 0;
  std::uint64_t bytes = 0;  // file size, header included
  std::uint64_t dropped_frames = 0;
};

// Thread: write_frame, pause and resume belong to the media worker recording the call (the ring's
// single producer). The I/O side (flush, close) is called by RecordingWriter only, with io_mutex_
// held, from its I/O thread or from finish(). Shared between the two by RecordingWriter.
class WavRecorder {
 public:
  // Made by RecordingWriter::start, which owns `fd` through it; a recorder nobody registered is
  // never flushed.
  WavRecorder(std::string path, int fd, RecordingOptions options);
  ~WavRecorder();
  WavRecorder(const WavRecorder&) = delete;
  WavRecorder& operator=(const WavRecorder&) = delete;

  // Records one frame of each party (normally kFrameSamples each; a shorter side is padded with
  // silence). Never blocks, allocates, locks or throws; a failed or finished recording ignores it.
  void write_frame(std::span<const std::int16_t> left, std::span<const std::int16_t> right);
  // While paused, frames are recorded as silence so the file stays aligned with the call.
  void pause() { paused_ = true; }
  void resume() { paused_ = false; }
  bool paused() const { return paused_; }

  bool failed() const { return state_.load(std::memory_order_acquire) == State::Failed; }
  const std::string& path() const { return path_; }
  int channels() const { return channels_; }

 private:
  friend class RecordingWriter;
  enum class State { Recording, Closing, Closed, Failed };
  static constexpr std::size_t kChunkFrames = 2 * kFrameSamples;

  void push_chunk(std::span<const std::int16_t> left, std::span<const std::int16_t> right, std::size_t n);
  // I/O side, io_mutex_ held. Writes the buffered samples and the header; the error is returned
  // once, when the recording fails.
  Status flush();
  // I/O side, io_mutex_ held. Stops accepting frames, writes what is left and closes the file.
  Result<RecordingSummary> close();
  Status write_all(std::span<const std::int16_t> samples);
  Status fail(const std::string& what, int error_number);
  RecordingSummary summary() const;

  const std::string path_;
  const int channels_;
  const RecordingChannels mode_;
  std::atomic<State> state_{State::Recording};

  // Worker side.
  SpscRing<std::int16_t> ring_;
  std::array<std::int16_t, 2 * kChunkFrames> scratch_{};
  bool paused_ = false;
  std::atomic<std::uint64_t> paused_samples_{0};
  std::atomic<std::uint64_t> dropped_frames_{0};

  // I/O side.
  std::mutex io_mutex_;
  int fd_;
  bool header_written_ = false;
  std::uint64_t data_bytes_ = 0;
  std::string error_;
};

}  // namespace hotline::media::audio
