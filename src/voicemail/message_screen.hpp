// MessageScreen: decides, once a message's recording is finished, whether the message is kept
// (`new` in its box, with its length) or discarded (shorter than a second, silent, or without
// audio), and writes that to the store. Reading a message back can take milliseconds (up to ten
// minutes of audio), so it runs on a thread of its own, never on the core loop.
//
// Thread: check() and drain() from any thread; the screening runs on the screen's own thread.
#pragma once

#include <condition_variable>
#include <deque>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>

#include "store/store.hpp"
#include "voicemail/message_audio.hpp"

namespace hotline::voicemail {

class MessageScreen {
 public:
  MessageScreen(store::Store& store, std::filesystem::path data_dir, ScreeningRules rules);
  // Screens what was queued, then stops.
  ~MessageScreen();
  MessageScreen(const MessageScreen&) = delete;
  MessageScreen& operator=(const MessageScreen&) = delete;

  // Queues the message whose audio is `recording_path` (relative to the data folder).
  void check(std::string message_id, std::string recording_path);
  // Waits until everything queued before it is screened and written.
  void drain();

 private:
  struct Job {
    std::string message_id;
    std::string recording_path;
  };

  void run();
  void screen(const Job& job);

  store::Store& store_;
  std::filesystem::path data_dir_;
  ScreeningRules rules_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Job> queue_;  // guarded by mutex_
  bool busy_ = false;      // guarded by mutex_: a job is being screened
  bool stopping_ = false;  // guarded by mutex_
  std::thread thread_;
};

}  // namespace hotline::voicemail
