// Skills, queues and their members, caller lists and the ACD logs.
#include <gtest/gtest.h>

#include "store/tests/store_fixture.hpp"

namespace hotline::store {
namespace {

using testing::kT0;
using testing::StoreTest;

class AcdReposTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    acme_ = *store_->tenants().create({.name = "acme", .sip_realm = "acme.test"});
    other_ = *store_->tenants().create({.name = "other", .sip_realm = "other.test"});
    agent_ = user(acme_, "agent1");
    stranger_ = user(other_, "agent9");
  }

  std::int64_t user(TenantId tenant, const std::string& name) {
    return *store_->users().create(
        {.tenant_id = tenant, .username = name, .password_hash = "h", .role = "agent"});
  }

  TenantId acme_ = 0;
  TenantId other_ = 0;
  std::int64_t agent_ = 0;
  std::int64_t stranger_ = 0;
};

TEST_F(AcdReposTest, QueuesAreValidatedStoredAndUpdated) {
  auto sales = *store_->skills().create({0, acme_, "sales"});
  Queue q;
  q.tenant_id = acme_;
  q.name = "sales";
  q.skill_id = sales;
  q.strategy = "round_robin";
  q.overflow_kind = "voicemail";
  q.overflow_target = "100";
  auto id = store_->queues().create(q);
  ASSERT_TRUE(id) << id.error().message;
  auto stored = store_->queues().find(acme_, "sales");
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->strategy, "round_robin");
  EXPECT_EQ(stored->skill_id, sales);
  EXPECT_EQ(stored->overflow_target, "100");
  EXPECT_EQ(stored->wrap_up_ms, 10'000);
  EXPECT_EQ(stored->service_level_s, 20) << "the default threshold";

  stored->strategy = "skill_level";
  stored->max_wait_ms = 60'000;
  stored->service_level_s = 30;
  ASSERT_TRUE(store_->queues().update(*stored));
  EXPECT_EQ(store_->queues().get(acme_, *id)->max_wait_ms, 60'000);
  EXPECT_EQ(store_->queues().get(acme_, *id)->service_level_s, 30);

  Queue bad = q;
  bad.name = "x";
  bad.strategy = "random";
  EXPECT_EQ(store_->queues().create(bad).error().field, "strategy");
  bad.strategy = "ring_all";
  bad.overflow_target.reset();
  EXPECT_EQ(store_->queues().create(bad).error().field, "overflow_target");
  bad = q;
  bad.name = "y";
  bad.service_level_s = 0;
  EXPECT_EQ(store_->queues().create(bad).error().field, "service_level_s");
  EXPECT_EQ(store_->queues().create(q).error().code, ErrorCode::Conflict) << "the name is taken";
}

TEST_F(AcdReposTest, MembersAndSkillsStayInTheirTenant) {
  auto queue = *store_->queues().create({.tenant_id = acme_, .name = "support"});
  auto skill = *store_->skills().create({0, acme_, "billing"});
  auto foreign_skill = *store_->skills().create({0, other_, "billing"});

  ASSERT_TRUE(store_->queues().set_members(acme_, queue, {agent_}));
  EXPECT_EQ(store_->queues().set_members(acme_, queue, {stranger_}).error().code, ErrorCode::NotFound);
  EXPECT_EQ(store_->queues().set_members(other_, queue, {stranger_}).error().code, ErrorCode::NotFound);
  auto members = store_->queues().members(acme_);
  ASSERT_EQ(members.size(), 1u) << "a failed replace leaves the members as they were";
  EXPECT_EQ(members[0].user_id, agent_);

  ASSERT_TRUE(store_->skills().set_agent_skills(acme_, agent_, {{agent_, skill, 8}}));
  EXPECT_EQ(store_->skills().set_agent_skills(acme_, agent_, {{agent_, foreign_skill, 8}}).error().code,
            ErrorCode::NotFound);
  EXPECT_EQ(store_->skills().set_agent_skills(acme_, agent_, {{agent_, skill, 11}}).error().field, "level");
  auto skills = store_->skills().agent_skills(acme_);
  ASSERT_EQ(skills.size(), 1u);
  EXPECT_EQ(skills[0].level, 8);
  EXPECT_TRUE(store_->skills().agent_skills(other_).empty());

  ASSERT_TRUE(store_->queues().remove(acme_, queue));
  EXPECT_TRUE(store_->queues().members(acme_).empty()) << "members go with their queue";
}

TEST_F(AcdReposTest, CallerListsByKind) {
  auto id = store_->caller_lists().add({0, acme_, "vip", "13800138000", 10, "gold customer"});
  ASSERT_TRUE(id) << id.error().message;
  ASSERT_TRUE(store_->caller_lists().add({0, acme_, "blacklist", "0105550XXX"}));
  EXPECT_EQ(store_->caller_lists().add({0, acme_, "greylist", "1"}).error().field, "kind");
  EXPECT_EQ(store_->caller_lists().add({0, acme_, "vip", "13800138000"}).error().code, ErrorCode::Conflict);
  EXPECT_EQ(store_->caller_lists().list(acme_).size(), 2u);
  EXPECT_EQ(store_->caller_lists().remove(other_, *id).error().code, ErrorCode::NotFound);
  ASSERT_TRUE(store_->caller_lists().remove(acme_, *id));
  EXPECT_EQ(store_->caller_lists().list(acme_).size(), 1u);
}

TEST_F(AcdReposTest, LogsAreAppendedInOrder) {
  store_->acd_log().add_state_change_async({acme_, agent_, "logged_out", "ready", "", kT0});
  store_->acd_log().add_state_change_async({acme_, agent_, "ready", "not_ready", "lunch", kT0 + 1000});
  store_->acd_log().add_queue_entry_async({acme_, "call-1", 3, kT0, kT0 + 4000, 4000, "answered", agent_});
  store_->flush();
  auto changes = store_->acd_log().state_changes(acme_, agent_);
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[1].reason, "lunch");
  auto entries = store_->acd_log().queue_entries(acme_, "call-1");
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].outcome, "answered");
  EXPECT_EQ(entries[0].user_id, agent_);
  EXPECT_TRUE(store_->acd_log().queue_entries(other_, "call-1").empty());
}

TEST_F(AcdReposTest, HolidaysByCalendarAndDateInTheirTenant) {
  auto day = store_->holidays().add({0, acme_, "cn", "2026-10-01", "国庆节", kT0});
  ASSERT_TRUE(day);
  ASSERT_TRUE(store_->holidays().add({0, acme_, "cn", "2026-05-01", "劳动节", kT0}));
  EXPECT_EQ(store_->holidays().add({0, acme_, "cn", "2026-10-01", "again", kT0}).error().code,
            ErrorCode::Conflict);
  EXPECT_EQ(store_->holidays().add({0, acme_, "cn", "2026-13-01", "", kT0}).error().field, "date");
  EXPECT_EQ(store_->holidays().add({0, acme_, "cn", "1 Oct", "", kT0}).error().field, "date");
  EXPECT_EQ(store_->holidays().add({0, acme_, "", "2026-10-01", "", kT0}).error().field, "calendar");
  auto days = store_->holidays().list(acme_);
  ASSERT_EQ(days.size(), 2u);
  EXPECT_EQ(days[0].date, "2026-05-01");
  EXPECT_EQ(days[1].name, "国庆节");
  EXPECT_TRUE(store_->holidays().list(other_).empty());
  EXPECT_EQ(store_->holidays().remove(other_, *day).error().code, ErrorCode::NotFound);
  EXPECT_TRUE(store_->holidays().remove(acme_, *day));
  EXPECT_EQ(store_->holidays().list(acme_).size(), 1u);
}

TEST_F(AcdReposTest, QueueExitsSinceATimeInTheOrderTheyLeft) {
  auto& log = store_->acd_log();
  log.add_queue_entry_async({acme_, "yesterday", 3, kT0 - 10'000, kT0 - 1, 9'999, "answered", agent_});
  log.add_queue_entry_async({acme_, "overnight", 3, kT0 - 5'000, kT0 + 2'000, 7'000, "abandoned", {}});
  log.add_queue_entry_async({acme_, "today", 4, kT0 + 100, kT0 + 1'000, 900, "overflowed", {}});
  log.add_queue_entry_async({other_, "theirs", 9, kT0 + 100, kT0 + 500, 400, "answered", stranger_});
  store_->flush();
  auto exits = log.queue_exits_since(acme_, kT0);
  ASSERT_EQ(exits.size(), 2u);
  EXPECT_EQ(exits[0].call_id, "today");
  EXPECT_EQ(exits[0].queue_id, 4);
  EXPECT_EQ(exits[1].call_id, "overnight");
  EXPECT_EQ(exits[1].entered_at, kT0 - 5'000);
  EXPECT_EQ(exits[1].outcome, "abandoned");
  EXPECT_EQ(log.queue_exits_since(other_, kT0).size(), 1u);
}

}  // namespace
}  // namespace hotline::store
