// Queue rules: order in line (VIP), last-agent preference, max wait and max length with overflow,
// ring timeout, position and expected wait, snapshots, configuration changes and refused input.
#include "acd_test_support.hpp"

namespace hotline::acd::testing {
namespace {

class AcdQueue : public AcdTest {};

TEST_F(AcdQueue, VipJumpsAheadOfEarlierNormalCallers) {
  add_queue(queue_config(1));
  login(1, {1});
  enqueue(1, 1);
  tick(1000);
  enqueue(2, 1);
  tick(1000);
  enqueue(3, 1, /*priority=*/10);
  tick(1000);
  enqueue(4, 1);
  enqueue(5, 1, /*priority=*/10);
  EXPECT_EQ(router.position(3).value(), 1u);
  EXPECT_EQ(router.position(5).value(), 2u);
  EXPECT_EQ(router.position(1).value(), 3u);
  EXPECT_EQ(router.position(4).value(), 5u);

  std::vector<CallId> served;
  ASSERT_OK(router.set_ready(1));
  for (int i = 0; i < 5; ++i) {
    const CallId call = sink.offers.back().call;
    served.push_back(call);
    ASSERT_OK(router.offer_answered(call, 1));
    ASSERT_OK(router.call_ended(1));
  }
  EXPECT_EQ(served, (std::vector<CallId>{3, 5, 1, 2, 4}));
  expect_logs_consistent();
}

TEST_F(AcdQueue, WaitingCallsListInOrderWithPositions) {
  add_queue(queue_config(1));
  enqueue(1, 1);
  enqueue(2, 1, 5);
  tick(2000);
  auto calls = router.waiting_calls(1, 10).value();
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].call, 2u);
  EXPECT_EQ(calls[0].position, 1u);
  EXPECT_EQ(calls[0].payload, 20u);
  EXPECT_EQ(calls[0].waited_ms, 2000);
  EXPECT_EQ(calls[1].call, 1u);
  EXPECT_EQ(router.waiting_calls(1, 1)->size(), 1u);
}

TEST_F(AcdQueue, LastAgentIsHonouredWithinTheWindow) {
  add_queue(queue_config(1));
  login_ready(1, {1});
  login_ready(2, {1});
  enqueue(100, 1);
  ASSERT_EQ(single_offer(100), 1);
  ASSERT_OK(router.offer_answered(100, 1));
  // Agent 1 is talking; the caller calls again and asks for agent 1 for 60 s. Agent 2 is ready.
  ASSERT_OK(router.enqueue({7, 1, 0, 70, AgentId{1}, 60'000}));
  EXPECT_TRUE(offered(7).empty());
  EXPECT_EQ(router.waiting_calls(1, 10)->front().waiting_for, AgentId{1});
  // A later call without preference still goes to agent 2 at once.
  enqueue(8, 1);
  EXPECT_EQ(single_offer(8), 2);
  tick(30'000);
  ASSERT_OK(router.call_ended(1));
  EXPECT_EQ(single_offer(7), 1);
  expect_logs_consistent();
}

TEST_F(AcdQueue, LastAgentIsNotWaitedForAfterTheWindow) {
  add_queue(queue_config(1));
  login_ready(1, {1});
  login_ready(2, {1});
  enqueue(100, 1);
  ASSERT_OK(router.offer_answered(100, *single_offer(100)));
  const AgentId busy = offered(100).front();
  const AgentId other = busy == 1 ? 2 : 1;
  ASSERT_OK(router.set_not_ready(other, "meeting"));
  ASSERT_OK(router.enqueue({7, 1, 0, 70, busy, 60'000}));
  EXPECT_EQ(router.next_deadline(), clock.now_ms() + 60'000);
  ASSERT_OK(router.set_ready(other));
  EXPECT_TRUE(offered(7).empty()) << "waits for its last agent although another is ready";
  tick(59'999);
  EXPECT_TRUE(offered(7).empty());
  tick(1);
  EXPECT_EQ(single_offer(7), other);
}

TEST_F(AcdQueue, LastAgentWhoIsReadyGetsTheCallBeforeLongerIdleAgents) {
  add_queue(queue_config(1));
  login_ready(1, {1});
  tick(1000);
  login_ready(2, {1});
  ASSERT_OK(router.enqueue({7, 1, 0, 70, AgentId{2}, 60'000}));
  EXPECT_EQ(single_offer(7), 2);
}

TEST_F(AcdQueue, LastAgentPreferenceIgnoredWhenTheAgentIsNotInTheQueue) {
  add_queue(queue_config(1));
  add_queue(queue_config(2));
  login(1, {2});
  login_ready(2, {1});
  ASSERT_OK(router.enqueue({7, 1, 0, 70, AgentId{1}, 60'000}));
  EXPECT_EQ(single_offer(7), 2);
  ASSERT_OK(router.enqueue({8, 1, 0, 80, AgentId{99}, 60'000}));  // unknown agent
  auto waiting = router.waiting_calls(1, 10).value();
  ASSERT_EQ(waiting.size(), 1u);
  EXPECT_FALSE(waiting[0].waiting_for);
}

TEST_F(AcdQueue, LastAgentLoggingOutReleasesTheCall) {
  add_queue(queue_config(1));
  login(1, {1});
  login_ready(2, {1});
  enqueue(100, 1);
  ASSERT_OK(router.offer_answered(100, 2));
  ASSERT_OK(router.enqueue({7, 1, 0, 70, AgentId{1}, 60'000}));
  EXPECT_TRUE(offered(7).empty());
  ASSERT_OK(router.call_ended(2));
  EXPECT_TRUE(offered(7).empty()) << "agent 1 is logged in, not ready: the call waits for it";
  ASSERT_OK(router.logout(1));
  EXPECT_EQ(single_offer(7), 2);
}

TEST_F(AcdQueue, LastAgentWhoMissesTheOfferReleasesTheCall) {
  add_queue(queue_config(1));
  login(1, {1});
  login(2, {1});
  ASSERT_OK(router.enqueue({7, 1, 0, 70, AgentId{1}, 60'000}));
  ASSERT_OK(router.set_ready(1));
  ASSERT_EQ(single_offer(7), 1);
  ASSERT_OK(router.set_ready(2));
  ASSERT_OK(router.offer_failed(7, 1, OfferFailure::NoAnswer));
  EXPECT_EQ(single_offer(7), 2);
}

TEST_F(AcdQueue, MaxWaitOverflowsToAnotherQueue) {
  auto first = queue_config(1);
  first.max_wait_ms = 60'000;
  first.overflow = OverflowTarget{OverflowKind::Queue, 2, {}};
  add_queue(first);
  add_queue(queue_config(2));
  login(1, {1});
  login_ready(2, {2});
  ASSERT_OK(router.enqueue({7, 1, 3, 70, std::nullopt, 0}));
  EXPECT_EQ(router.next_deadline(), clock.now_ms() + 60'000);
  tick(59'999);
  EXPECT_TRUE(sink.overflows.empty());
  tick(1);
  ASSERT_EQ(sink.overflows.size(), 1u);
  EXPECT_EQ(sink.overflows[0].call, 7u);
  EXPECT_EQ(sink.overflows[0].from, 1);
  EXPECT_EQ(sink.overflows[0].target.kind, OverflowKind::Queue);
  auto exit = sink.exit_of(7);
  ASSERT_TRUE(exit);
  EXPECT_EQ(exit->outcome, QueueOutcome::Overflowed);
  EXPECT_EQ(exit->wait_ms, 60'000);
  ASSERT_EQ(sink.entries.size(), 2u);
  EXPECT_EQ(sink.entries[1].queue, 2);
  EXPECT_EQ(sink.entries[1].priority, 3);
  EXPECT_EQ(single_offer(7), 2);
  EXPECT_EQ(sink.offers.back().queue, 2);
  EXPECT_EQ(sink.offers.back().payload, 70u);
  expect_logs_consistent();
}

TEST_F(AcdQueue, MaxWaitOverflowsToVoicemailAndForgetsTheCall) {
  auto config = queue_config(1);
  config.max_wait_ms = 30'000;
  config.overflow = OverflowTarget{OverflowKind::Voicemail, 55, {}};
  add_queue(config);
  enqueue(7, 1);
  tick(30'000);
  ASSERT_EQ(sink.overflows.size(), 1u);
  EXPECT_EQ(sink.overflows[0].target, (OverflowTarget{OverflowKind::Voicemail, 55, {}}));
  EXPECT_EQ(router.calls_waiting(), 0u);
  EXPECT_EQ(router.position(7).error().code, ErrorCode::NotFound);
  EXPECT_FALSE(router.next_deadline());
  expect_logs_consistent();
}

TEST_F(AcdQueue, MaxWaitWithoutOverflowTimesOut) {
  auto config = queue_config(1);
  config.max_wait_ms = 30'000;
  add_queue(config);
  enqueue(7, 1);
  tick(30'000);
  ASSERT_EQ(sink.timeouts.size(), 1u);
  EXPECT_EQ(sink.timeouts[0], std::make_pair(CallId{7}, QueueId{1}));
  EXPECT_EQ(sink.exit_of(7)->outcome, QueueOutcome::TimedOut);
  expect_logs_consistent();
}

TEST_F(AcdQueue, MaxWaitWhileRingingWaitsForTheOutcome) {
  auto config = queue_config(1);
  config.max_wait_ms = 30'000;
  config.overflow = OverflowTarget{OverflowKind::ExternalNumber, 0, "+8613800000000"};
  add_queue(config);
  login(1, {1});
  enqueue(7, 1);
  tick(25'000);
  ASSERT_OK(router.set_ready(1));
  ASSERT_EQ(single_offer(7), 1);
  tick(10'000);
  EXPECT_TRUE(sink.overflows.empty()) << "a ringing call is not taken away from the agent";
  ASSERT_OK(router.offer_failed(7, 1, OfferFailure::NoAnswer));
  ASSERT_EQ(sink.overflows.size(), 1u);
  EXPECT_EQ(sink.overflows[0].target.address, "+8613800000000");
  EXPECT_EQ(state_of(1), AgentState::Ready);
  expect_logs_consistent();
}

TEST_F(AcdQueue, MaxWaitWhileRingingIsForgottenWhenAnswered) {
  auto config = queue_config(1);
  config.max_wait_ms = 30'000;
  add_queue(config);
  login(1, {1});
  enqueue(7, 1);
  tick(25'000);
  ASSERT_OK(router.set_ready(1));
  tick(10'000);
  ASSERT_OK(router.offer_answered(7, 1));
  EXPECT_TRUE(sink.timeouts.empty());
  EXPECT_EQ(sink.exit_of(7)->outcome, QueueOutcome::Answered);
  EXPECT_EQ(sink.exit_of(7)->wait_ms, 35'000);
}

TEST_F(AcdQueue, FullQueueWithoutOverflowRefusesTheCall) {
  auto config = queue_config(1);
  config.max_length = 2;
  add_queue(config);
  enqueue(1, 1);
  enqueue(2, 1);
  auto refused = router.enqueue({3, 1, 0, 30, std::nullopt, 0});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::Conflict);
  EXPECT_EQ(refused.error().field, "queue");
  EXPECT_NE(refused.error().message.find("full"), std::string::npos);
  EXPECT_EQ(sink.entries.size(), 2u) << "a refused call never entered";
  ASSERT_OK(router.abandon(1));
  enqueue(3, 1);
  expect_logs_consistent();
}

TEST_F(AcdQueue, FullQueueOverflows) {
  auto config = queue_config(1);
  config.max_length = 1;
  config.overflow = OverflowTarget{OverflowKind::Flow, 9, {}};
  add_queue(config);
  enqueue(1, 1);
  enqueue(2, 1);
  ASSERT_EQ(sink.overflows.size(), 1u);
  EXPECT_EQ(sink.overflows[0].call, 2u);
  EXPECT_EQ(sink.exit_of(2)->outcome, QueueOutcome::Overflowed);
  EXPECT_EQ(sink.exit_of(2)->wait_ms, 0);
  EXPECT_EQ(router.calls_waiting(), 1u);
  expect_logs_consistent();
}

TEST_F(AcdQueue, RingingCallsCountTowardsMaxLength) {
  auto config = queue_config(1);
  config.max_length = 1;
  add_queue(config);
  login_ready(1, {1});
  enqueue(1, 1);
  ASSERT_EQ(single_offer(1), 1);
  EXPECT_FALSE(router.enqueue({2, 1, 0, 0, std::nullopt, 0}).ok());
}

TEST_F(AcdQueue, FullQueuesThatOverflowIntoEachOtherEndTheCall) {
  auto a = queue_config(1);
  a.max_length = 1;
  a.overflow = OverflowTarget{OverflowKind::Queue, 2, {}};
  auto b = queue_config(2);
  b.max_length = 1;
  b.overflow = OverflowTarget{OverflowKind::Queue, 1, {}};
  add_queue(a);
  add_queue(b);
  enqueue(1, 1);
  enqueue(2, 2);
  enqueue(3, 1);
  EXPECT_EQ(sink.overflows.size(), static_cast<std::size_t>(kMaxOverflowHops));
  ASSERT_EQ(sink.timeouts.size(), 1u);
  EXPECT_EQ(sink.timeouts[0].first, 3u);
  EXPECT_EQ(router.calls_waiting(), 2u);
  expect_logs_consistent();
}

TEST_F(AcdQueue, FullQueueOverflowsIntoAQueueWithRoom) {
  auto a = queue_config(1);
  a.max_length = 1;
  a.overflow = OverflowTarget{OverflowKind::Queue, 2, {}};
  add_queue(a);
  add_queue(queue_config(2));
  enqueue(1, 1);
  enqueue(2, 1);
  EXPECT_EQ(router.queue_snapshot(2)->waiting, 1u);
  EXPECT_EQ(router.position(2).value(), 1u);
}

TEST_F(AcdQueue, RingTimeoutCountsAMissAndOffersTheNextAgent) {
  auto config = queue_config(1, StrategyKind::RoundRobin);
  config.ring_timeout_ms = 20'000;
  add_queue(config);
  login_ready(1, {1});
  login_ready(2, {1});
  enqueue(7, 1);
  ASSERT_EQ(single_offer(7), 1);
  EXPECT_EQ(sink.offers.back().ring_deadline, clock.now_ms() + 20'000);
  EXPECT_EQ(router.next_deadline(), clock.now_ms() + 20'000);
  tick(20'000);
  ASSERT_EQ(sink.withdrawals.size(), 1u);
  EXPECT_EQ(sink.withdrawals[0].agent, 1);
  EXPECT_EQ(sink.withdrawals[0].reason, WithdrawReason::RingTimeout);
  EXPECT_EQ(single_offer(7), 2);
  EXPECT_EQ(router.agent_snapshot(1)->consecutive_misses, 1);
  EXPECT_EQ(state_of(1), AgentState::Ready);
  EXPECT_EQ(reason_of(1), "no_answer");
  ASSERT_OK(router.offer_answered(7, 2));
  EXPECT_FALSE(router.next_deadline());
}

TEST_F(AcdQueue, FailedOfferGoesBackToItsOriginalPosition) {
  add_queue(queue_config(1));
  login_ready(1, {1});
  enqueue(1, 1);
  enqueue(2, 1);
  enqueue(3, 1);
  ASSERT_EQ(single_offer(1), 1);
  ASSERT_OK(router.set_not_ready(1, "x"));  // withdraws; the call goes back first
  EXPECT_EQ(router.position(1).value(), 1u);
  EXPECT_EQ(router.position(3).value(), 3u);
  ASSERT_OK(router.set_ready(1));
  ASSERT_EQ(single_offer(1), 1);
  ASSERT_OK(router.offer_failed(1, 1, OfferFailure::Rejected));
  // Nobody else is ready: the same agent gets the call at its position, first in line, again.
  EXPECT_EQ(single_offer(1), 1);
  EXPECT_EQ(sink.offers.size(), 3u);
}

TEST_F(AcdQueue, PositionAndExpectedWait) {
  auto config = queue_config(1);
  add_queue(config);
  login_ready(1, {1});
  login_ready(2, {1});
  // Two calls answered after 10 s and 20 s of ringing; talk 100 s and 200 s.
  enqueue(1, 1);
  enqueue(2, 1);
  tick(10'000);
  ASSERT_OK(router.offer_answered(1, *single_offer(1)));
  tick(10'000);
  ASSERT_OK(router.offer_answered(2, *single_offer(2)));
  const AgentId a1 = *single_offer(1);
  const AgentId a2 = *single_offer(2);
  tick(90'000);
  ASSERT_OK(router.call_ended(a1));
  ASSERT_OK(router.set_not_ready(a1, "break"));
  tick(110'000);
  ASSERT_OK(router.call_ended(a2));
  ASSERT_OK(router.set_not_ready(a2, "break"));

  enqueue(3, 1);
  auto wait = router.expected_wait_ms(3);
  ASSERT_TRUE(wait.ok());
  // No agent staffed: the recent answered wait (mean 15 s) minus the 0 s waited.
  EXPECT_EQ(*wait, 15'000);
  tick(4'000);
  EXPECT_EQ(router.expected_wait_ms(3).value(), 11'000);
  tick(20'000);
  EXPECT_EQ(router.expected_wait_ms(3).value(), 0);

  // Two agents staffed (talking), handle time 150 s on average: position × 150 s / 2.
  login(3, {1});
  login(4, {1});
  enqueue(10, 1);
  enqueue(11, 1);
  ASSERT_OK(router.set_ready(3));  // takes call 3
  ASSERT_OK(router.offer_answered(3, 3));
  ASSERT_OK(router.set_ready(4));  // takes call 10
  ASSERT_OK(router.offer_answered(10, 4));
  enqueue(12, 1);
  EXPECT_EQ(router.position(11).value(), 1u);
  EXPECT_EQ(router.position(12).value(), 2u);
  EXPECT_EQ(router.expected_wait_ms(11).value(), 75'000);
  EXPECT_EQ(router.expected_wait_ms(12).value(), 150'000);
}

TEST_F(AcdQueue, ExpectedWaitWithNoHistoryIsUnavailable) {
  add_queue(queue_config(1));
  enqueue(1, 1);
  EXPECT_EQ(router.expected_wait_ms(1).error().code, ErrorCode::Unavailable);
  EXPECT_EQ(router.expected_wait_ms(2).error().code, ErrorCode::NotFound);
}

TEST_F(AcdQueue, PositionOfARingingCallIsAConflict) {
  add_queue(queue_config(1));
  login_ready(1, {1});
  enqueue(1, 1);
  EXPECT_EQ(router.position(1).error().code, ErrorCode::Conflict);
}

TEST_F(AcdQueue, SnapshotCountsCallsAndAgents) {
  auto config = queue_config(1);
  config.wrap_up_ms = 10'000;
  add_queue(config);
  login_ready(1, {1});
  login_ready(2, {1});
  login_ready(3, {1});
  login(4, {1});
  login(5, {1}, 1);
  ASSERT_OK(router.update_skills(5, {{kSkill + 1, 9}}));  // logged in, without the skill
  login(6, {1}, 5, WorkMode::OutboundOnly);
  ASSERT_OK(router.set_ready(6));
  enqueue(1, 1);
  enqueue(2, 1);
  ASSERT_OK(router.offer_answered(2, *single_offer(2)));
  tick(1000);
  ASSERT_OK(router.call_ended(*single_offer(2)));
  enqueue(3, 1);
  enqueue(4, 1);
  tick(5000);
  auto s = router.queue_snapshot(1).value();
  EXPECT_EQ(s.waiting, 1u);
  EXPECT_EQ(s.ringing, 2u);
  EXPECT_EQ(s.longest_wait_ms, 6000);
  EXPECT_EQ(s.logged_in_agents, 6u);
  EXPECT_EQ(s.ready_agents, 0u);  // agent 6 is ready but outbound only
  EXPECT_EQ(s.ringing_agents, 2u);
  EXPECT_EQ(s.wrap_up_agents, 1u);
  EXPECT_EQ(s.not_ready_agents, 1u);
  EXPECT_EQ(s.average_wait_ms, 0);
  EXPECT_FALSE(s.average_handle_ms);
  EXPECT_EQ(router.queue_snapshot(9).error().code, ErrorCode::NotFound);
}

TEST_F(AcdQueue, LoweringTheMinimumLevelRoutesWaitingCalls) {
  auto config = queue_config(1);
  config.min_level = 8;
  add_queue(config);
  login_ready(1, {1}, 5);
  enqueue(7, 1);
  EXPECT_TRUE(offered(7).empty());
  config.min_level = 5;
  ASSERT_OK(router.update_queue(config));
  EXPECT_EQ(single_offer(7), 1);
  ASSERT_OK(router.offer_answered(7, 1));
  ASSERT_OK(router.call_ended(1));
  config.min_level = 6;
  ASSERT_OK(router.update_queue(config));
  enqueue(8, 1);
  EXPECT_TRUE(offered(8).empty());
}

TEST_F(AcdQueue, ChangingTheStrategyReordersReadyAgents) {
  add_queue(queue_config(1, StrategyKind::LongestIdle));
  login_ready(2, {1}, 3);
  tick(1000);
  login_ready(1, {1}, 9);
  auto config = queue_config(1, StrategyKind::SkillLevel);
  ASSERT_OK(router.update_queue(config));
  enqueue(7, 1);
  EXPECT_EQ(single_offer(7), 1);
}

TEST_F(AcdQueue, ShorterMaxWaitAppliesToCallsAlreadyWaiting) {
  add_queue(queue_config(1));
  enqueue(7, 1);
  tick(40'000);
  auto config = queue_config(1);
  config.max_wait_ms = 30'000;
  ASSERT_OK(router.update_queue(config));
  ASSERT_EQ(sink.timeouts.size(), 1u);
  EXPECT_EQ(sink.exit_of(7)->left_at, clock.now_ms());
}

TEST_F(AcdQueue, RemoveQueueRefusedWhileCallsAreIn) {
  add_queue(queue_config(1));
  add_queue(queue_config(2));
  login_ready(1, {1, 2});
  enqueue(7, 1);
  ASSERT_OK(router.offer_answered(7, 1));
  enqueue(8, 1);
  EXPECT_EQ(router.remove_queue(1).error().code, ErrorCode::Conflict);
  ASSERT_OK(router.leave(8));
  EXPECT_EQ(sink.exit_of(8)->outcome, QueueOutcome::Left);
  ASSERT_OK(router.remove_queue(1));
  EXPECT_EQ(router.agent_snapshot(1)->queues, (std::vector<QueueId>{2}));
  ASSERT_OK(router.call_ended(1));  // answered from the removed queue: no wrap-up known
  EXPECT_EQ(state_of(1), AgentState::Ready);
  EXPECT_EQ(router.enqueue({9, 1, 0, 0, std::nullopt, 0}).error().code, ErrorCode::NotFound);
}

TEST_F(AcdQueue, InvalidInputIsRefusedWithTheField) {
  auto config = queue_config(1);
  config.min_level = 11;
  EXPECT_EQ(router.add_queue(config).error().field, "min_level");
  config = queue_config(1);
  config.overflow = OverflowTarget{OverflowKind::Queue, 1, {}};
  EXPECT_EQ(router.add_queue(config).error().field, "overflow.id");
  add_queue(queue_config(1));
  EXPECT_EQ(router.add_queue(queue_config(1)).error().code, ErrorCode::Conflict);
  auto other_tenant = queue_config(2);
  other_tenant.tenant = 2;
  add_queue(other_tenant);
  EXPECT_EQ(router.login({1, kTenant, {}, {2}, WorkMode::Normal}).error().field, "queues");
  EXPECT_EQ(router.login({1, kTenant, {}, {3}, WorkMode::Normal}).error().code, ErrorCode::NotFound);
  EXPECT_EQ(router.login({1, kTenant, {{kSkill, 0}}, {1}, WorkMode::Normal}).error().field, "skills");
  EXPECT_EQ(router.login({1, kTenant, {}, {1, 1}, WorkMode::Normal}).error().field, "queues");
  enqueue(7, 1);
  EXPECT_EQ(router.enqueue({7, 1, 0, 0, std::nullopt, 0}).error().field, "call");
  EXPECT_EQ(router.enqueue({8, 1, 0, 0, AgentId{1}, -1}).error().field, "preferred_window_ms");
  EXPECT_EQ(router.offer_answered(7, 1).error().code, ErrorCode::Conflict);
  EXPECT_EQ(router.offer_failed(8, 1, OfferFailure::Busy).error().code, ErrorCode::NotFound);
}

// A sink that calls the router back from a callback, which the router refuses.
class ReentrantSink final : public DecisionSink, public LogSink {
 public:
  void offer(const Offer& offer) override {
    nested = router->offer_answered(offer.call, offer.agents.front());
    position_during_offer = router->position(offer.call).ok();
  }
  void withdraw(CallId, AgentId, WithdrawReason) override {}
  void overflow(CallId, QueueId, const OverflowTarget&) override {}
  void timed_out(CallId, QueueId) override {}
  void agent_state_changed(const AgentStateChange&) override {}
  void queue_entered(const QueueEntry&) override {}
  void queue_left(const QueueExit&) override {}

  QueueRouter* router = nullptr;
  Status nested = ok_status();
  bool position_during_offer = true;
};

TEST(AcdReentrancy, EventsFromInsideACallbackAreRefused) {
  ManualClock clock;
  ReentrantSink sink;
  QueueRouter router(clock, sink, sink);
  sink.router = &router;
  QueueConfig config;
  config.id = 1;
  config.skill = kSkill;
  ASSERT_OK(router.add_queue(config));
  ASSERT_OK(router.login({1, 0, {{kSkill, 5}}, {1}, WorkMode::Normal}));
  ASSERT_OK(router.set_ready(1));
  ASSERT_OK(router.enqueue({7, 1, 0, 0, std::nullopt, 0}));
  ASSERT_FALSE(sink.nested.ok());
  EXPECT_EQ(sink.nested.error().code, ErrorCode::Conflict);
  EXPECT_FALSE(sink.position_during_offer) << "queries work; the call is ringing";
  ASSERT_OK(router.offer_answered(7, 1));  // outside the callback it is fine
}

}  // namespace
}  // namespace hotline::acd::testing
