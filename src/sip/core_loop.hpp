// CoreLoop: the one thread that owns SIP signalling and all call state (DESIGN.md "Threads and
// ownership"). It is sofia-sip's su_root; other threads hand it work with post(), which wakes the
// loop through an eventfd. Timers run on the loop too.
//
// Thread: run() on the core thread; post() and stop() from any thread; the rest core thread only.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

struct su_root_s;
struct su_home_s;
struct su_timer_s;

namespace hotline::sip {

class CoreLoop {
 public:
  CoreLoop();
  ~CoreLoop();
  CoreLoop(const CoreLoop&) = delete;
  CoreLoop& operator=(const CoreLoop&) = delete;

  su_root_s* root() const { return root_; }

  void post(std::function<void()> fn);  // any thread
  void run();                           // until stop()
  void stop();                          // any thread
  void run_pending();                   // after run() returned: what was posted since

 private:
  void drain();

  su_root_s* root_ = nullptr;
  int wake_fd_ = -1;
  std::function<void()> drain_fn_;
  std::mutex mutex_;
  std::vector<std::function<void()>> pending_;
};

// A one-shot timer on the core loop. Destroying or re-arming it cancels the pending expiry.
// Thread: core loop only.
class CoreTimer {
 public:
  explicit CoreTimer(CoreLoop& loop);
  ~CoreTimer();
  CoreTimer(const CoreTimer&) = delete;
  CoreTimer& operator=(const CoreTimer&) = delete;

  void start(std::int64_t delay_ms, std::function<void()> on_expiry);
  void start_repeating(std::int64_t interval_ms, std::function<void()> on_expiry);
  void cancel();
  bool armed() const;

 private:
  static void fire(void* magic, su_timer_s* t, void* arg);
  void arm(std::int64_t delay_ms);

  su_timer_s* timer_ = nullptr;
  std::function<void()> on_expiry_;
  bool repeating_ = false;
  std::int64_t interval_ms_ = 0;
};

}  // namespace hotline::sip
