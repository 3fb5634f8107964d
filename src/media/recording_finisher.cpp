#include "media/recording_finisher.hpp"

#include <spdlog/spdlog.h>

namespace hotline::media {

RecordingFinisher::RecordingFinisher(audio::RecordingWriter& writer, Report report)
    : writer_(writer), report_(std::move(report)), thread_([this] { run(); }) {}

RecordingFinisher::~RecordingFinisher() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void RecordingFinisher::hand_over(std::unique_ptr<CallTap> tap) {
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(std::move(tap));
  }
  wake_.notify_one();
}

void RecordingFinisher::drain() {
  std::unique_lock lock(mutex_);
  idle_.wait(lock, [&] { return queue_.empty() && !busy_; });
}

void RecordingFinisher::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, nothing left
    std::vector<std::unique_ptr<CallTap>> batch;
    batch.swap(queue_);
    busy_ = true;
    lock.unlock();
    for (auto& tap : batch) finish(*tap);
    lock.lock();
    busy_ = false;
    if (queue_.empty()) idle_.notify_all();
  }
}

void RecordingFinisher::finish(CallTap& tap) {
  RecordingOutcome outcome;
  outcome.id = tap.recording_id();
  auto summary = writer_.finish(tap.recorder());
  if (summary) {
    outcome.duration_ms = summary->duration_ms;
    outcome.paused_ms = summary->paused_ms;
    outcome.bytes = summary->bytes;
  } else {
    outcome.error = summary.error().message;
  }
  if (report_) report_(outcome);
}

}  // namespace hotline::media
