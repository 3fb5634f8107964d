// RecordingWriter: the process's recording I/O thread. It owns the open recording files, polls every
// registered WavRecorder each flush interval, writes what the media workers buffered and updates
// the WAV header, so a killed process leaves valid files missing at most one interval. A failed
// write (disk full, I/O error) fails that recording only: it is logged, counted in health(), and
// its worker keeps calling write_frame(), which then drops frames without blocking the call.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include "common/result.hpp"
#include "media/audio/wav_recorder.hpp"

namespace hotline::media::audio {

struct WriterOptions {
  int flush_interval_ms = 200;  // the most audio a kill can lose; must stay below RecordingOptions::buffer_ms
};

struct RecorderHealth {
  std::size_t active_recordings = 0;
  std::uint64_t failed_recordings = 0;  // since start
  std::string last_error;               // names the file and the errno text; empty if none failed
};

// Thread: start, finish, flush_now and health are called from the core loop or a control thread,
// never from a media worker's tick: they take the registration mutex, and finish and flush_now
// write to disk. The recorders they return are then used by one media worker each.
class RecordingWriter {
 public:
  explicit RecordingWriter(WriterOptions options = {});
  // Flushes and closes every recording not finished; the files stay valid.
  ~RecordingWriter();
  RecordingWriter(const RecordingWriter&) = delete;
  RecordingWriter& operator=(const RecordingWriter&) = delete;

  // Creates (truncating) the file and its parent directories and registers the recording; the
  // header is written by the first flush. Unavailable, naming the path, if the file cannot be opened.
  Result<std::shared_ptr<WavRecorder>> start(const std::string& path, RecordingOptions options = {});
  // Stops the recording, flushes what is buffered and closes the file. The recording's failure
  // (naming the file and errno text) if a write failed at any time; Conflict if already finished.
  Result<RecordingSummary> finish(const std::shared_ptr<WavRecorder>& recorder);
  // Flushes every recording now (shutdown, tests, benchmarks) instead of waiting for the interval.
  void flush_now();
  RecorderHealth health() const;

 private:
  void run(std::stop_token stop);
  void flush_all();
  void flush_one(WavRecorder& recorder);
  void record_failure(const std::string& message);

  const WriterOptions options_;
  mutable std::mutex mutex_;  // guards recordings_, failed_recordings_ and last_error_
  std::condition_variable_any wake_;
  std::vector<std::shared_ptr<WavRecorder>> recordings_;
  std::uint64_t failed_recordings_ = 0;
  std::string last_error_;
  std::jthread io_thread_;  // last: starts once the members it uses exist
};

}  // namespace hotline::media::audio
