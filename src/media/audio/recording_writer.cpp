#include "media/audio/recording_writer.hpp"

#include <fcntl.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>

namespace hotline::media::audio {

RecordingWriter::RecordingWriter(WriterOptions options)
    : options_(options), io_thread_([this](std::stop_token stop) { run(std::move(stop)); }) {}

RecordingWriter::~RecordingWriter() {
  io_thread_.request_stop();
  io_thread_.join();
  std::vector<std::shared_ptr<WavRecorder>> left;
  {
    std::lock_guard lock(mutex_);
    left.swap(recordings_);
  }
  for (auto& recorder : left) {
    std::lock_guard io(recorder->io_mutex_);
    auto closed = recorder->close();
    if (!closed && !recorder->failed()) spdlog::error("{}", closed.error().message);
  }
}

Result<std::shared_ptr<WavRecorder>> RecordingWriter::start(const std::string& path,
                                                            RecordingOptions options) {
  const auto parent = std::filesystem::path(path).parent_path();
  std::error_code ec;
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
  if (fd < 0) {
    return Error{ErrorCode::Unavailable, "cannot create recording " + path + ": " + std::strerror(errno),
                 path};
  }
  auto recorder = std::make_shared<WavRecorder>(path, fd, options);
  std::lock_guard lock(mutex_);
  recordings_.push_back(recorder);
  return recorder;
}

Result<RecordingSummary> RecordingWriter::finish(const std::shared_ptr<WavRecorder>& recorder) {
  {
    std::lock_guard lock(mutex_);
    std::erase(recordings_, recorder);
  }
  std::lock_guard io(recorder->io_mutex_);
  const bool failed_before = recorder->failed();
  auto summary = recorder->close();
  if (!summary && !failed_before && summary.error().code != ErrorCode::Conflict) {
    record_failure(summary.error().message);
  }
  return summary;
}

void RecordingWriter::flush_now() { flush_all(); }

RecorderHealth RecordingWriter::health() const {
  std::lock_guard lock(mutex_);
  return RecorderHealth{recordings_.size(), failed_recordings_, last_error_};
}

void RecordingWriter::run(std::stop_token stop) {
  const auto interval = std::chrono::milliseconds(std::max(options_.flush_interval_ms, 1));
  while (!stop.stop_requested()) {
    flush_all();
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, stop, interval, [] { return false; });
  }
}

// The list is copied so that disk writes happen outside the registration mutex: a slow disk must
// not hold up start() and finish() on the core loop.
void RecordingWriter::flush_all() {
  std::vector<std::shared_ptr<WavRecorder>> batch;
  {
    std::lock_guard lock(mutex_);
    batch = recordings_;
  }
  for (auto& recorder : batch) flush_one(*recorder);
}

void RecordingWriter::flush_one(WavRecorder& recorder) {
  std::lock_guard io(recorder.io_mutex_);
  if (auto status = recorder.flush(); !status) record_failure(status.error().message);
}

void RecordingWriter::record_failure(const std::string& message) {
  spdlog::error("{}; the call continues unrecorded", message);
  std::lock_guard lock(mutex_);
  ++failed_recordings_;
  last_error_ = message;
}

}  // namespace hotline::media::audio
