#include "sip/core_loop.hpp"

#include <sofia-sip/su.h>
#include <sofia-sip/su_wait.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <stdexcept>

namespace hotline::sip {
namespace {

int on_wake(su_root_magic_t*, su_wait_t*, su_wakeup_arg_t* arg) {
  auto* fn = static_cast<std::function<void()>*>(arg);
  (*fn)();
  return 0;
}

}  // namespace

CoreLoop::CoreLoop() {
  su_init();
  root_ = su_root_create(nullptr);
  if (!root_) throw std::runtime_error("su_root_create failed");
  su_root_threading(root_, 0);  // nua runs on this thread: callbacks and call state share it
  wake_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (wake_fd_ < 0) throw std::runtime_error("eventfd failed");
  su_wait_t wait[1] = {SU_WAIT_INIT};
  su_wait_create(wait, wake_fd_, SU_WAIT_IN);
  drain_fn_ = [this] { drain(); };
  if (su_root_register(root_, wait, on_wake, reinterpret_cast<su_wakeup_arg_t*>(&drain_fn_), 0) < 0) {
    throw std::runtime_error("su_root_register failed");
  }
}

CoreLoop::~CoreLoop() {
  su_root_destroy(root_);
  close(wake_fd_);
  su_deinit();
}

void CoreLoop::post(std::function<void()> fn) {
  {
    std::lock_guard lock(mutex_);
    pending_.push_back(std::move(fn));
  }
  std::uint64_t one = 1;
  [[maybe_unused]] auto n = write(wake_fd_, &one, sizeof one);
}

void CoreLoop::drain() {
  std::uint64_t count = 0;
  [[maybe_unused]] auto n = read(wake_fd_, &count, sizeof count);
  std::vector<std::function<void()>> work;
  {
    std::lock_guard lock(mutex_);
    work.swap(pending_);
  }
  for (auto& fn : work) fn();
}

void CoreLoop::run() { su_root_run(root_); }

void CoreLoop::run_pending() { drain(); }

void CoreLoop::stop() {
  post([this] { su_root_break(root_); });
}

CoreTimer::CoreTimer(CoreLoop& loop) : timer_(su_timer_create(su_root_task(loop.root()), 0)) {
  if (!timer_) throw std::runtime_error("su_timer_create failed");
}

CoreTimer::~CoreTimer() { su_timer_destroy(timer_); }

void CoreTimer::fire(void*, su_timer_s*, void* arg) {
  auto* self = static_cast<CoreTimer*>(arg);
  if (self->repeating_) {
    self->arm(self->interval_ms_);
    self->on_expiry_();
    return;
  }
  auto fn = std::move(self->on_expiry_);  // the callback may destroy or re-arm this timer
  self->on_expiry_ = nullptr;
  if (fn) fn();
}

void CoreTimer::arm(std::int64_t delay_ms) {
  su_timer_set_interval(timer_, reinterpret_cast<su_timer_f>(&CoreTimer::fire), this,
                        static_cast<su_duration_t>(delay_ms));
}

void CoreTimer::start(std::int64_t delay_ms, std::function<void()> on_expiry) {
  su_timer_reset(timer_);
  on_expiry_ = std::move(on_expiry);
  repeating_ = false;
  arm(delay_ms);
}

void CoreTimer::start_repeating(std::int64_t interval_ms, std::function<void()> on_expiry) {
  su_timer_reset(timer_);
  on_expiry_ = std::move(on_expiry);
  repeating_ = true;
  interval_ms_ = interval_ms;
  arm(interval_ms);
}

void CoreTimer::cancel() {
  su_timer_reset(timer_);
  on_expiry_ = nullptr;
}

bool CoreTimer::armed() const { return su_timer_is_set(timer_) != 0; }

}  // namespace hotline::sip
