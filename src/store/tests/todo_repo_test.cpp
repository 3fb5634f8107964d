// The to-do store (CTI-4): one user's list in its orders, the reminder re-armed by a new time, and
// the reminder thread's reads and its compare-and-mark.
#include <gtest/gtest.h>

#include "store/tests/store_fixture.hpp"

namespace hotline::store::testing {
namespace {

class TodoRepoTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    tenant_ = make_tenant("one");
  }

  std::int64_t add(std::string title, std::optional<UnixMs> remind_at = {}, std::optional<UnixMs> due_at = {},
                   std::int64_t user = 7) {
    Todo t{.tenant_id = tenant_, .user_id = user, .title = std::move(title)};
    t.remind_at = remind_at;
    t.due_at = due_at;
    auto id = store_->todos().create(t);
    EXPECT_TRUE(id.ok()) << id.error().message;
    return id.ok() ? *id : 0;
  }

  std::vector<std::string> titles(TodoQuery::State state, std::int64_t user = 7) {
    std::vector<std::string> out;
    for (const auto& t : store_->todos().list({tenant_, user, state})) out.push_back(t.title);
    return out;
  }

  TenantId tenant_ = 0;
};

TEST_F(TodoRepoTest, ATodoIsItsUsersOwn) {
  std::int64_t id = add("call back Mr Li", kT0 + 60'000);
  auto got = store_->todos().get(tenant_, 7, id);
  ASSERT_TRUE(got.ok()) << got.error().message;
  EXPECT_EQ(got->title, "call back Mr Li");
  EXPECT_EQ(got->remind_at, kT0 + 60'000);
  EXPECT_FALSE(got->reminded_at);
  EXPECT_EQ(got->created_at, kT0);
  EXPECT_EQ(store_->todos().get(tenant_, 8, id).error().code, ErrorCode::NotFound);
  EXPECT_EQ(store_->todos().get(make_tenant("two"), 7, id).error().code, ErrorCode::NotFound);
  EXPECT_EQ(store_->todos().remove(tenant_, 8, id).error().code, ErrorCode::NotFound);
  Todo stolen = *got;
  stolen.user_id = 8;
  EXPECT_EQ(store_->todos().update(stolen).error().code, ErrorCode::NotFound);
  ASSERT_TRUE(store_->todos().remove(tenant_, 7, id));
  EXPECT_EQ(store_->todos().get(tenant_, 7, id).error().code, ErrorCode::NotFound);
  EXPECT_EQ(store_->todos().create({.tenant_id = tenant_, .user_id = 7}).error().field, "title");
}

TEST_F(TodoRepoTest, OpenOnesComeSoonestFirstAndDoneOnesLatestDone) {
  add("no time");
  add("due in an hour", {}, kT0 + 3'600'000);
  add("reminder in a minute, due tomorrow", kT0 + 60'000, kT0 + 86'400'000);
  std::int64_t done_early = add("done early");
  std::int64_t done_late = add("done late");
  for (auto [id, at] : {std::pair{done_early, kT0 + 1}, std::pair{done_late, kT0 + 2}}) {
    auto t = *store_->todos().get(tenant_, 7, id);
    t.done_at = at;
    ASSERT_TRUE(store_->todos().update(t));
  }
  add("someone else's", kT0, {}, 8);
  EXPECT_EQ(titles(TodoQuery::State::Open),
            (std::vector<std::string>{"reminder in a minute, due tomorrow", "due in an hour", "no time"}));
  EXPECT_EQ(titles(TodoQuery::State::Done), (std::vector<std::string>{"done late", "done early"}));
  EXPECT_EQ(titles(TodoQuery::State::All).size(), 5u);
  EXPECT_EQ(store_->todos().count({tenant_, 7, TodoQuery::State::Open}), 3);
  EXPECT_EQ(store_->todos().count({tenant_, 7, TodoQuery::State::Done}), 2);
  TodoQuery page{tenant_, 7, TodoQuery::State::Open, 1, 1};
  ASSERT_EQ(store_->todos().list(page).size(), 1u);
  EXPECT_EQ(store_->todos().list(page).front().title, "due in an hour");
}

TEST_F(TodoRepoTest, TheReminderThreadPopsEachDueReminderOnce) {
  std::int64_t soon = add("soon", kT0 + 1'000);
  std::int64_t later = add("later", kT0 + 5'000);
  add("no reminder");
  EXPECT_EQ(store_->todos().next_reminder(), kT0 + 1'000);
  EXPECT_TRUE(store_->todos().due_reminders(kT0, 10).empty());

  auto due = store_->todos().due_reminders(kT0 + 1'000, 10);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due.front().id, soon);
  ASSERT_TRUE(store_->todos().mark_reminded(due.front(), kT0 + 1'000));
  EXPECT_EQ(store_->todos().mark_reminded(due.front(), kT0 + 1'001).error().code, ErrorCode::NotFound);
  EXPECT_EQ(store_->todos().get(tenant_, 7, soon)->reminded_at, kT0 + 1'000);
  EXPECT_EQ(store_->todos().next_reminder(), kT0 + 5'000);
  ASSERT_EQ(store_->todos().popped(tenant_, 7, 20).size(), 1u);

  // Moved by the user between the read and the mark: not popped at the old time.
  auto stale = store_->todos().due_reminders(kT0 + 5'000, 10).front();
  auto moved = *store_->todos().get(tenant_, 7, later);
  moved.remind_at = kT0 + 9'000;
  ASSERT_TRUE(store_->todos().update(moved));
  EXPECT_EQ(store_->todos().mark_reminded(stale, kT0 + 5'000).error().code, ErrorCode::NotFound);
  EXPECT_EQ(store_->todos().next_reminder(), kT0 + 9'000);
}

TEST_F(TodoRepoTest, ANewReminderTimeRearmsItAndDismissingOrFinishingEndsIt) {
  std::int64_t id = add("snooze me", kT0);
  ASSERT_TRUE(store_->todos().mark_reminded(store_->todos().due_reminders(kT0, 10).front(), kT0));
  auto todo = *store_->todos().get(tenant_, 7, id);

  todo.notes = "same time: still popped";
  ASSERT_TRUE(store_->todos().update(todo));
  EXPECT_EQ(store_->todos().get(tenant_, 7, id)->reminded_at, kT0);

  todo.remind_at = kT0 + 600'000;  // snoozed ten minutes
  ASSERT_TRUE(store_->todos().update(todo));
  EXPECT_FALSE(store_->todos().get(tenant_, 7, id)->reminded_at);
  EXPECT_TRUE(store_->todos().popped(tenant_, 7, 20).empty());
  EXPECT_EQ(store_->todos().next_reminder(), kT0 + 600'000);

  todo.done_at = kT0 + 1;
  ASSERT_TRUE(store_->todos().update(todo));
  EXPECT_FALSE(store_->todos().next_reminder());
  EXPECT_TRUE(store_->todos().due_reminders(kT0 + 600'000, 10).empty());

  todo.done_at.reset();
  todo.remind_at.reset();  // dismissed
  ASSERT_TRUE(store_->todos().update(todo));
  EXPECT_FALSE(store_->todos().next_reminder());
  EXPECT_EQ(store_->todos().get(tenant_, 7, id)->updated_at, kT0);
}

}  // namespace
}  // namespace hotline::store::testing
