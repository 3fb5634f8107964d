#include "voicemail/message_screen.hpp"

#include <spdlog/spdlog.h>

namespace hotline::voicemail {

MessageScreen::MessageScreen(store::Store& store, std::filesystem::path data_dir, ScreeningRules rules)
    : store_(store), data_dir_(std::move(data_dir)), rules_(rules), thread_([this] { run(); }) {}

MessageScreen::~MessageScreen() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

void MessageScreen::check(std::string message_id, std::string recording_path) {
  {
    std::lock_guard lock(mutex_);
    queue_.push_back({std::move(message_id), std::move(recording_path)});
  }
  changed_.notify_all();
}

void MessageScreen::drain() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [this] { return queue_.empty() && !busy_; });
}

void MessageScreen::run() {
  std::unique_lock lock(mutex_);
  while (true) {
    changed_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, and nothing left to screen
    Job job = std::move(queue_.front());
    queue_.pop_front();
    busy_ = true;
    lock.unlock();
    screen(job);
    lock.lock();
    busy_ = false;
    changed_.notify_all();
  }
}

void MessageScreen::screen(const Job& job) {
  auto audio = measure_message(data_dir_ / job.recording_path, rules_.voiced_dbfs);
  std::int64_t duration_ms = audio ? audio->duration_ms : 0;
  auto reason = audio ? discard_reason(*audio, rules_) : std::optional("no audio: " + audio.error().message);
  if (auto written = store_.voicemail_messages().screen(job.message_id, duration_ms, reason); !written) {
    spdlog::error("voicemail message {}: {}", job.message_id, written.error().message);
    return;
  }
  if (reason) spdlog::info("voicemail message {} discarded: {}", job.message_id, *reason);
}

}  // namespace hotline::voicemail
