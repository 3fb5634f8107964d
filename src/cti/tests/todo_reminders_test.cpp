// To-dos' reminders (CTI-4) with a real store and hub: due ones pop once, on their owner's sockets
// only, with the to-do; what was changed meanwhile does not pop; the thread wakes for a reminder
// set while it sleeps.
#include "cti/todo_reminders.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "cti/tests/hub_fixture.hpp"

namespace hotline::cti {
namespace {

using testing::FakeSubscriber;
using testing::kT0;

class TodoRemindersTest : public testing::HubTest {
 protected:
  std::int64_t add(std::int64_t user, std::string title, std::optional<UnixMs> remind_at) {
    store::Todo todo{.tenant_id = acme_, .user_id = user, .title = std::move(title)};
    todo.remind_at = remind_at;
    return *store_->todos().create(todo);
  }

  // The todo.reminder events a subscriber got, by title.
  static std::vector<std::string> reminded(FakeSubscriber& sink) {
    std::vector<std::string> out;
    for (const auto& frame : sink.json()) {
      if (frame["event"] == "todo.reminder") out.push_back(frame["data"]["title"]);
    }
    return out;
  }
};

TEST_F(TodoRemindersTest, DueRemindersPopOnceOnTheirOwnersSockets) {
  auto ann = subscribe(acme_, 11);
  auto bob = subscribe(acme_, 12);
  add(11, "call Mr Li back", kT0 + 1'000);
  add(11, "send the form", kT0 + 5'000);
  add(12, "bob's", kT0 + 2'000);
  TodoReminders reminders(*store_, *hub_, clock_);

  EXPECT_EQ(reminders.fire_due(), kT0 + 1'000);
  clock_.advance_ms(1'500);
  EXPECT_EQ(reminders.fire_due(), kT0 + 2'000);
  EXPECT_EQ(reminders.fire_due(), kT0 + 2'000);  // once
  settle();
  EXPECT_EQ(reminded(*ann), std::vector<std::string>{"call Mr Li back"});
  EXPECT_TRUE(reminded(*bob).empty());
  auto frame = ann->json().back();
  EXPECT_EQ(frame["data"]["reminded_at"], kT0 + 1'500);
  EXPECT_EQ(frame["data"]["remind_at"], kT0 + 1'000);
  EXPECT_FALSE(frame["data"]["done"]);

  clock_.advance_ms(10'000);
  EXPECT_FALSE(reminders.fire_due());
  settle();
  EXPECT_EQ(reminded(*ann), (std::vector<std::string>{"call Mr Li back", "send the form"}));
  EXPECT_EQ(reminded(*bob), std::vector<std::string>{"bob's"});
  EXPECT_EQ(store_->todos().popped(acme_, 11, 20).size(), 2u);
}

TEST_F(TodoRemindersTest, AReminderDoneOrDismissedBeforeItsTimeDoesNotPop) {
  auto ann = subscribe(acme_, 11);
  std::int64_t done = add(11, "done already", kT0 + 1'000);
  std::int64_t dismissed = add(11, "dismissed", kT0 + 1'000);
  auto todo = *store_->todos().get(acme_, 11, done);
  todo.done_at = kT0;
  ASSERT_TRUE(store_->todos().update(todo));
  todo = *store_->todos().get(acme_, 11, dismissed);
  todo.remind_at.reset();
  ASSERT_TRUE(store_->todos().update(todo));
  TodoReminders reminders(*store_, *hub_, clock_);
  clock_.advance_ms(2'000);
  EXPECT_FALSE(reminders.fire_due());
  settle();
  EXPECT_TRUE(reminded(*ann).empty());
}

// The thread on the system clock: asleep with nothing to do, woken by changed().
TEST_F(TodoRemindersTest, TheThreadWakesForAReminderSetWhileItSleeps) {
  SystemClock clock;
  auto ann = subscribe(acme_, 11);
  TodoReminders reminders(*store_, *hub_, clock);
  reminders.start();
  add(11, "in a moment", clock.now_ms() + 200);
  reminders.changed();
  bool popped = false;
  for (int i = 0; i < 100 && !popped; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    settle();
    popped = !reminded(*ann).empty();
  }
  EXPECT_TRUE(popped) << "no todo.reminder within 5 s";
  reminders.stop();
}

}  // namespace
}  // namespace hotline::cti
