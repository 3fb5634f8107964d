#include <gtest/gtest.h>

#include <chrono>

#include "store/interrupted_calls.hpp"
#include "store/tests/store_fixture.hpp"

namespace hotline::store::testing {
namespace {

CallRecord call(const std::string& id, TenantId tenant, UnixMs started, const std::string& direction,
                const std::string& caller, const std::string& callee) {
  return {.id = id,
          .tenant_id = tenant,
          .direction = direction,
          .caller = caller,
          .callee = callee,
          .started_at = started,
          .sip_call_id = id + "@sip"};
}

std::vector<std::string> ids(const std::vector<CallRecord>& calls) {
  std::vector<std::string> out;
  for (const auto& c : calls) out.push_back(c.id);
  return out;
}

class CallRepoTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    t1_ = make_tenant("one");
    t2_ = make_tenant("two");
  }

  void save_sample_calls() {
    auto& calls = store_->calls();
    calls.save_call_async(call("c1", t1_, kT0 + 1000, "internal", "1001", "1002"));
    calls.save_call_async(call("c2", t1_, kT0 + 2000, "inbound", "13800138000", "4000"));
    calls.save_call_async(call("c3", t1_, kT0 + 3000, "outbound", "1002", "013912345678"));
    calls.save_call_async(call("c4", t1_, kT0 + 4000, "inbound", "50%_x", "1003"));
    calls.save_call_async(call("c5", t2_, kT0 + 2500, "inbound", "1001", "1002"));
    store_->flush();
  }

  std::vector<std::string> query(CallQuery q) { return ids(store_->calls().query(q)); }

  TenantId t1_ = 0;
  TenantId t2_ = 0;
};

using Ids = std::vector<std::string>;

TEST_F(CallRepoTest, SavedCallAndLegsAreVisibleAfterFlushAndUpserted) {
  auto c = call("c1", t1_, kT0, "internal", "1001", "1002");
  store_->calls().save_call_async(c);
  store_->calls().save_leg_async({.id = "l1",
                                  .call_id = "c1",
                                  .tenant_id = t1_,
                                  .role = "caller",
                                  .endpoint = "1001",
                                  .peer_uri = "sip:1001@h",
                                  .sip_call_id = "x",
                                  .started_at = kT0});
  store_->flush();
  auto got = store_->calls().get(t1_, "c1");
  ASSERT_TRUE(got.ok()) << got.error().message;
  EXPECT_EQ(got->disposition, "in_progress");
  EXPECT_FALSE(got->ended_at.has_value());

  c.answered_at = kT0 + 2000;
  c.ended_at = kT0 + 10'000;
  c.ring_ms = 2000;
  c.talk_ms = 8000;
  c.duration_ms = 10'000;
  c.disposition = "answered";
  c.hangup_side = "caller";
  c.hangup_cause = "BYE";
  store_->calls().save_call_async(c);
  store_->calls().save_leg_async({.id = "l1",
                                  .call_id = "c1",
                                  .tenant_id = t1_,
                                  .role = "caller",
                                  .endpoint = "1001",
                                  .peer_uri = "sip:1001@h",
                                  .sip_call_id = "x",
                                  .started_at = kT0,
                                  .ended_at = kT0 + 10'000,
                                  .disposition = "answered",
                                  .sip_status = 200});
  store_->flush();
  got = store_->calls().get(t1_, "c1");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->talk_ms, 8000);
  EXPECT_EQ(got->hangup_side, "caller");
  EXPECT_EQ(got->disposition, "answered");
  auto legs = store_->calls().legs(t1_, "c1");
  ASSERT_EQ(legs.size(), 1u);
  EXPECT_EQ(legs[0].sip_status, 200);
  EXPECT_EQ(legs[0].ended_at, kT0 + 10'000);
  EXPECT_EQ(store_->calls().count({.tenant_id = t1_}), 1);
}

// Media quality: what the server measured of the leg's RTP, and what the leg's RTCP reported of
// the audio it heard; each is null until known.
TEST_F(CallRepoTest, LegMediaQualityIsSavedAndReadBack) {
  store_->calls().save_call_async(call("c1", t1_, kT0, "internal", "1001", "1002"));
  store_->calls().save_leg_async({.id = "measured",
                                  .call_id = "c1",
                                  .tenant_id = t1_,
                                  .role = "caller",
                                  .started_at = kT0,
                                  .rtp_received = 490,
                                  .rtp_lost = 10,
                                  .jitter_ms = 2.5,
                                  .remote_fraction_lost = 0.25,
                                  .remote_lost = 12,
                                  .remote_jitter_ms = 20.0,
                                  .round_trip_ms = 61.5});
  store_->calls().save_leg_async(
      {.id = "silent", .call_id = "c1", .tenant_id = t1_, .role = "callee", .started_at = kT0 + 1});
  store_->flush();
  auto legs = store_->calls().legs(t1_, "c1");
  ASSERT_EQ(legs.size(), 2u);
  const auto& measured = legs[0].id == "measured" ? legs[0] : legs[1];
  const auto& silent = legs[0].id == "measured" ? legs[1] : legs[0];
  EXPECT_EQ(measured.rtp_received, 490);
  EXPECT_EQ(measured.rtp_lost, 10);
  EXPECT_EQ(measured.jitter_ms, 2.5);
  EXPECT_EQ(measured.remote_fraction_lost, 0.25);
  EXPECT_EQ(measured.remote_lost, 12);
  EXPECT_EQ(measured.remote_jitter_ms, 20.0);
  EXPECT_EQ(measured.round_trip_ms, 61.5);
  EXPECT_FALSE(silent.rtp_received);
  EXPECT_FALSE(silent.remote_fraction_lost);
  EXPECT_FALSE(silent.remote_lost);
  EXPECT_FALSE(silent.remote_jitter_ms);
  EXPECT_FALSE(silent.round_trip_ms);
}

TEST_F(CallRepoTest, UnknownCallIsNotFoundAndOtherTenantsCallIsInvisible) {
  save_sample_calls();
  EXPECT_EQ(store_->calls().get(t1_, "nope").error().code, ErrorCode::NotFound);
  EXPECT_EQ(store_->calls().get(t2_, "c1").error().code, ErrorCode::NotFound);
  EXPECT_TRUE(store_->calls().legs(t2_, "c1").empty());
}

TEST_F(CallRepoTest, QueryOrdersNewestFirstAndFiltersByTime) {
  save_sample_calls();
  EXPECT_EQ(query({.tenant_id = t1_}), (Ids{"c4", "c3", "c2", "c1"}));
  EXPECT_EQ(query({.tenant_id = t1_, .from_ms = kT0 + 2000, .to_ms = kT0 + 4000}), (Ids{"c3", "c2"}));
  EXPECT_EQ(store_->calls().count({.tenant_id = t1_, .from_ms = kT0 + 2000}), 3);
}

TEST_F(CallRepoTest, QueryMatchesNumberAsSubstringOfCallerOrCallee) {
  save_sample_calls();
  EXPECT_EQ(query({.tenant_id = t1_, .number = "1002"}), (Ids{"c3", "c1"}));
  EXPECT_EQ(query({.tenant_id = t1_, .number = "138001"}), (Ids{"c2"}));
  EXPECT_EQ(query({.tenant_id = t1_, .number = "%"}), (Ids{"c4"})) << "% is a literal, not a wildcard";
  EXPECT_EQ(query({.tenant_id = t1_, .number = "_"}), (Ids{"c4"})) << "_ is a literal, not a wildcard";
  EXPECT_EQ(store_->calls().count({.tenant_id = t1_, .number = "100"}), 3);
  // The screen pop's history: the number itself, as caller or callee, never a longer one.
  EXPECT_EQ(query({.tenant_id = t1_, .exact_number = "1002"}), (Ids{"c3", "c1"}));
  EXPECT_EQ(query({.tenant_id = t1_, .exact_number = "100"}), Ids{});
}

TEST_F(CallRepoTest, QueryFiltersByDirectionAndPages) {
  save_sample_calls();
  EXPECT_EQ(query({.tenant_id = t1_, .direction = "inbound"}), (Ids{"c4", "c2"}));
  EXPECT_EQ(query({.tenant_id = t1_, .limit = 2, .offset = 1}), (Ids{"c3", "c2"}));
  EXPECT_EQ(query({.tenant_id = t1_, .limit = 2, .offset = 4}), Ids{});
  EXPECT_EQ(store_->calls().count({.tenant_id = t1_, .limit = 1}), 4) << "count ignores paging";
}

TEST_F(CallRepoTest, TenantIsolation) {
  save_sample_calls();
  EXPECT_EQ(query({.tenant_id = t2_}), (Ids{"c5"}));
  EXPECT_EQ(query({.tenant_id = t2_, .number = "1001"}), (Ids{"c5"}));
  EXPECT_EQ(query({.tenant_id = t1_, .number = "1001"}), (Ids{"c1"}));
  EXPECT_EQ(store_->calls().count({.tenant_id = t2_}), 1);
  EXPECT_EQ(query({.tenant_id = t2_ + 1}), Ids{});
}

TEST_F(CallRepoTest, TenThousandAsyncSavesAreBatchedAndQueryable) {
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 10'000; ++i) {
    store_->calls().save_call_async(
        call("bulk-" + std::to_string(i), t1_, kT0 + i, "inbound", "138" + std::to_string(i), "4000"));
  }
  store_->flush();
  auto elapsed =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
  std::cout << "10000 async call saves committed in " << elapsed.count() << " ms\n";
  EXPECT_TRUE(store_->healthy());
  EXPECT_EQ(store_->calls().count({.tenant_id = t1_}), 10'000);
  auto page = store_->calls().query({.tenant_id = t1_, .limit = 50});
  ASSERT_EQ(page.size(), 50u);
  EXPECT_EQ(page[0].id, "bulk-9999");
  EXPECT_EQ(store_->calls().count({.tenant_id = t1_, .number = "1389999"}), 1);
}

TEST(CloseTimes, EndIsLatestOfStartAnswerAndLastAlive) {
  auto t = close_times(100, 300, 1000);
  EXPECT_EQ(t.ended_at, 1000);
  EXPECT_EQ(t.ring_ms, 200);
  EXPECT_EQ(t.talk_ms, 700);
  EXPECT_EQ(t.duration_ms, 900);
  t = close_times(2000, std::nullopt, 1000);
  EXPECT_EQ(t.ended_at, 2000);
  EXPECT_EQ(t.ring_ms, 0);
  EXPECT_FALSE(t.talk_ms.has_value());
  EXPECT_EQ(t.duration_ms, 0);
}

TEST_F(CallRepoTest, CloseInterruptedEndsOpenCallsAtTheLastHeartbeat) {
  auto answered = call("a", t1_, kT0 + 1000, "internal", "1001", "1002");
  answered.answered_at = kT0 + 2000;
  auto ringing = call("r", t1_, kT0 + 1500, "inbound", "138", "4000");
  auto late = call("late", t1_, kT0 + 9000, "inbound", "139", "4000");  // started after the last beat
  auto done = call("done", t1_, kT0 + 100, "internal", "1001", "1003");
  done.ended_at = kT0 + 200;
  done.disposition = "no_answer";
  for (const auto& c : {answered, ringing, late, done}) store_->calls().save_call_async(c);
  store_->calls().save_leg_async({.id = "a-leg",
                                  .call_id = "a",
                                  .tenant_id = t1_,
                                  .role = "callee",
                                  .endpoint = "1002",
                                  .peer_uri = "sip:1002@h",
                                  .sip_call_id = "x",
                                  .started_at = kT0 + 1000,
                                  .answered_at = kT0 + 2000});
  clock_.advance_ms(5000);
  store_->close();  // the last heartbeat: kT0 + 5000; the calls stay open as after a crash

  clock_.advance_ms(55'000);
  reopen();
  auto closed = store_->calls().close_interrupted(clock_.now_ms());
  ASSERT_TRUE(closed.ok()) << closed.error().message;
  EXPECT_EQ(*closed, 3);

  auto a = *store_->calls().get(t1_, "a");
  EXPECT_EQ(a.disposition, "interrupted");
  EXPECT_EQ(a.hangup_side, "system");
  EXPECT_EQ(a.hangup_cause, "server stopped unexpectedly");
  EXPECT_EQ(a.ended_at, kT0 + 5000);
  EXPECT_EQ(a.ring_ms, 1000);
  EXPECT_EQ(a.talk_ms, 3000);
  EXPECT_EQ(a.duration_ms, 4000);
  auto r = *store_->calls().get(t1_, "r");
  EXPECT_EQ(r.ended_at, kT0 + 5000);
  EXPECT_EQ(r.ring_ms, 3500);
  EXPECT_FALSE(r.talk_ms.has_value());
  EXPECT_EQ(store_->calls().get(t1_, "late")->ended_at, kT0 + 9000);
  EXPECT_EQ(store_->calls().get(t1_, "done")->disposition, "no_answer");
  auto leg = store_->calls().legs(t1_, "a").at(0);
  EXPECT_EQ(leg.disposition, "interrupted");
  EXPECT_EQ(leg.ended_at, kT0 + 5000);
  EXPECT_EQ(leg.talk_ms, 3000);

  EXPECT_EQ(*store_->calls().close_interrupted(clock_.now_ms()), 0);
}

TEST_F(CallRepoTest, CloseInterruptedWithoutEarlierHeartbeatUsesNow) {
  store_->calls().save_call_async(call("c", t1_, kT0 + 10, "internal", "1001", "1002"));
  store_->flush();
  auto closed = store_->calls().close_interrupted(kT0 + 1000);
  ASSERT_TRUE(closed.ok());
  EXPECT_EQ(*closed, 1);
  EXPECT_EQ(store_->calls().get(t1_, "c")->ended_at, kT0 + 1000);
}

}  // namespace
}  // namespace hotline::store::testing
