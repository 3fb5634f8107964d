// TodoReminders: pops to-dos' reminders (CTI-4) on their users' desktops when their time comes.
// Its own thread sleeps until the soonest pending reminder (read from the store, so reminders
// survive a restart and one set while the server was down pops when it starts), marks each due
// reminder popped and publishes `todo.reminder` to the owner's sockets. A desktop that was closed
// meanwhile finds it in its next hello (TodoRepo::popped). The REST routes call changed() after
// they set or move a reminder.
//
// Thread: start(), stop(), changed() from any thread; fire_due() runs on the reminder thread (or,
// without start(), on the caller's: tests drive it with a manual clock).
#pragma once

#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

#include "common/clock.hpp"
#include "cti/event_hub.hpp"
#include "store/store.hpp"

namespace hotline::cti {

class TodoReminders {
 public:
  TodoReminders(store::Store& store, EventHub& hub, const Clock& clock);
  ~TodoReminders();
  TodoReminders(const TodoReminders&) = delete;
  TodoReminders& operator=(const TodoReminders&) = delete;

  void start();
  void stop();
  // A reminder was set, moved or removed: the thread looks again at what is soonest.
  void changed();
  // Pops every reminder due at the clock's now; returns when the soonest later one is due.
  std::optional<UnixMs> fire_due();

 private:
  void run();

  store::Store& store_;
  EventHub& hub_;
  const Clock& clock_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool changed_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace hotline::cti
