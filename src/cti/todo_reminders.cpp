#include "cti/todo_reminders.hpp"

#include <algorithm>
#include <chrono>

#include "cti/todo_json.hpp"

namespace hotline::cti {
namespace {

constexpr int kBatch = 100;  // reminders popped per store read
// The longest sleep: a wall clock set forward is noticed within it.
constexpr UnixMs kLongestSleepMs = 60'000;
constexpr UnixMs kRetryMs = 1'000;

}  // namespace

TodoReminders::TodoReminders(store::Store& store, EventHub& hub, const Clock& clock)
    : store_(store), hub_(hub), clock_(clock) {}

TodoReminders::~TodoReminders() { stop(); }

void TodoReminders::start() {
  if (thread_.joinable()) return;
  thread_ = std::thread([this] { run(); });
}

void TodoReminders::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void TodoReminders::changed() {
  {
    std::lock_guard lock(mutex_);
    changed_ = true;
  }
  wake_.notify_all();
}

std::optional<UnixMs> TodoReminders::fire_due() {
  auto& todos = store_.todos();
  for (;;) {
    UnixMs now = clock_.now_ms();
    auto due = todos.due_reminders(now, kBatch);
    for (auto& todo : due) {
      // Not popped when the user changed, finished or removed it since the read.
      if (!todos.mark_reminded(todo, now)) continue;
      todo.reminded_at = now;
      Event event;
      event.name = "todo.reminder";
      event.at = now;
      event.tenant_id = todo.tenant_id;
      event.user_id = todo.user_id;
      event.data = todo_json(todo);
      hub_.publish(std::move(event));
    }
    if (due.size() < static_cast<std::size_t>(kBatch)) break;
  }
  return todos.next_reminder();
}

void TodoReminders::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    changed_ = false;
    lock.unlock();
    std::optional<UnixMs> next = fire_due();
    lock.lock();
    if (stopping_ || changed_) continue;
    // One still due after fire_due() could not be marked (a failing disk): try again in a while.
    UnixMs sleep_ms =
        next ? std::clamp<UnixMs>(*next - clock_.now_ms(), kRetryMs, kLongestSleepMs) : kLongestSleepMs;
    wake_.wait_for(lock, std::chrono::milliseconds(sleep_ms), [this] { return stopping_ || changed_; });
  }
}

}  // namespace hotline::cti
