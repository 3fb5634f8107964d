// Agent states and work modes: wrap-up, ready now, not ready with reasons, missed offers, logout
// and abandon while ringing, outbound-only, end-of-shift and supervisor modes, the state log.
#include "acd_test_support.hpp"

namespace hotline::acd::testing {
namespace {

class AcdAgent : public AcdTest {};

TEST_F(AcdAgent, WrapUpIsHonouredThenTheAgentIsReady) {
  auto config = queue_config(1);
  config.wrap_up_ms = 30'000;
  add_queue(config);
  login_ready(1, {1});
  enqueue(1, 1);
  ASSERT_OK(router.offer_answered(1, 1));
  tick(60'000);
  ASSERT_OK(router.call_ended(1));
  EXPECT_EQ(state_of(1), AgentState::WrapUp);
  EXPECT_EQ(router.agent_snapshot(1)->wrap_up_until, clock.now_ms() + 30'000);
  EXPECT_EQ(router.next_deadline(), clock.now_ms() + 30'000);
  enqueue(2, 1);
  tick(29'999);
  EXPECT_TRUE(offered(2).empty()) << "no offer during wrap-up";
  tick(1);
  EXPECT_EQ(single_offer(2), 1);
  const auto states = sink.states_of(1);
  ASSERT_GE(states.size(), 2u);
  EXPECT_EQ(states[states.size() - 2].from, AgentState::WrapUp);
  EXPECT_EQ(states[states.size() - 2].to, AgentState::Ready);
  EXPECT_EQ(states[states.size() - 2].reason, "wrap_up_ended");
  EXPECT_EQ(states.back().to, AgentState::Ringing);
  // The handle time is talk + wrap-up: 60 s + 30 s.
  EXPECT_EQ(router.queue_snapshot(1)->average_handle_ms, 90'000);
  expect_logs_consistent();
}

TEST_F(AcdAgent, ReadyNowEndsWrapUpEarly) {
  auto config = queue_config(1);
  config.wrap_up_ms = 30'000;
  add_queue(config);
  login_ready(1, {1});
  enqueue(1, 1);
  ASSERT_OK(router.offer_answered(1, 1));
  ASSERT_OK(router.call_ended(1));
  enqueue(2, 1);
  tick(5'000);
  EXPECT_TRUE(offered(2).empty());
  ASSERT_OK(router.set_ready(1));
  EXPECT_EQ(single_offer(2), 1);
  EXPECT_EQ(sink.states_of(1)[sink.states_of(1).size() - 2].reason, "ready_now");
  EXPECT_FALSE(router.next_deadline()) << "the wrap-up deadline is gone";
  EXPECT_EQ(router.queue_snapshot(1)->average_handle_ms, 5'000);
}

TEST_F(AcdAgent, NotReadyDuringACallTakesEffectAfterWrapUp) {
  auto config = queue_config(1);
  config.wrap_up_ms = 10'000;
  add_queue(config);
  login_ready(1, {1});
  enqueue(1, 1);
  ASSERT_OK(router.offer_answered(1, 1));
  ASSERT_OK(router.set_not_ready(1, "lunch"));
  EXPECT_EQ(state_of(1), AgentState::Talking);
  EXPECT_EQ(router.agent_snapshot(1)->not_ready_after_call, "lunch");
  ASSERT_OK(router.call_ended(1));
  EXPECT_EQ(state_of(1), AgentState::WrapUp);
  enqueue(2, 1);
  tick(10'000);
  EXPECT_EQ(state_of(1), AgentState::NotReady);
  EXPECT_EQ(reason_of(1), "lunch");
  EXPECT_TRUE(offered(2).empty());
}

TEST_F(AcdAgent, ReadyDuringACallCancelsAPendingNotReady) {
  add_queue(queue_config(1));
  login_ready(1, {1});
  enqueue(1, 1);
  ASSERT_OK(router.offer_answered(1, 1));
  ASSERT_OK(router.set_not_ready(1, "lunch"));
  ASSERT_OK(router.set_ready(1));
  ASSERT_OK(router.call_ended(1));
  EXPECT_EQ(state_of(1), AgentState::Ready);
}

TEST_F(AcdAgent, NotReadyReasonsAreLoggedAsChanges) {
  add_queue(queue_config(1));
  login(1, {1});
  ASSERT_OK(router.set_not_ready(1, "break"));
  tick(60'000);
  ASSERT_OK(router.set_not_ready(1, "meeting"));
  ASSERT_OK(router.set_not_ready(1, "meeting"));  // no change, no record
  const auto states = sink.states_of(1);
  ASSERT_EQ(states.size(), 3u);
  EXPECT_EQ(states[0].reason, "login");
  EXPECT_EQ(states[1].reason, "break");
  EXPECT_EQ(states[2].from, AgentState::NotReady);
  EXPECT_EQ(states[2].reason, "meeting");
  EXPECT_EQ(states[2].at, clock.now_ms());
  EXPECT_EQ(router.set_not_ready(1, "").error().field, "reason");
}

TEST_F(AcdAgent, AbandonWhileRingingWithdrawsTheOffer) {
  add_queue(queue_config(1));
  login_ready(1, {1});
  enqueue(1, 1);
  ASSERT_EQ(single_offer(1), 1);
  tick(7'000);
  ASSERT_OK(router.abandon(1));
  ASSERT_EQ(sink.withdrawals.size(), 1u);
  EXPECT_EQ(sink.withdrawals[0].call, 1u);
  EXPECT_EQ(sink.withdrawals[0].agent, 1);
  EXPECT_EQ(sink.withdrawals[0].reason, WithdrawReason::Abandoned);
  const auto exit = sink.exit_of(1);
  ASSERT_TRUE(exit);
  EXPECT_EQ(exit->outcome, QueueOutcome::Abandoned);
  EXPECT_EQ(exit->wait_ms, 7'000);
  EXPECT_EQ(state_of(1), AgentState::Ready);
  EXPECT_EQ(router.agent_snapshot(1)->consecutive_misses, 0) << "not the agent's fault";
  EXPECT_EQ(router.queue_snapshot(1)->ringing, 0u);
  expect_logs_consistent();
}

TEST_F(AcdAgent, AbandonWhileRingingAllWithdrawsEveryAgent) {
  add_queue(queue_config(1, StrategyKind::RingAll));
  for (AgentId a = 1; a <= 3; ++a) login_ready(a, {1});
  enqueue(1, 1);
  enqueue(2, 1);
  ASSERT_OK(router.abandon(1));
  EXPECT_EQ(sink.withdrawals.size(), 3u);
  // The freed agents take the next call, all of them at once.
  EXPECT_EQ(offered(2).size(), 3u);
  expect_logs_consistent();
}

TEST_F(AcdAgent, AbandonWhileWaiting) {
  add_queue(queue_config(1));
  enqueue(1, 1);
  enqueue(2, 1);
  tick(3'000);
  ASSERT_OK(router.abandon(1));
  EXPECT_TRUE(sink.withdrawals.empty());
  EXPECT_EQ(sink.exit_of(1)->outcome, QueueOutcome::Abandoned);
  EXPECT_EQ(router.position(2).value(), 1u);
  EXPECT_EQ(router.abandon(1).error().code, ErrorCode::NotFound);
}

TEST_F(AcdAgent, LogoutWhileRingingPutsTheCallBackFirstInLine) {
  add_queue(queue_config(1));
  login_ready(1, {1});
  login(2, {1});
  enqueue(1, 1);
  ASSERT_EQ(single_offer(1), 1);
  tick(1'000);
  enqueue(2, 1);
  enqueue(3, 1);
  ASSERT_OK(router.logout(1));
  ASSERT_EQ(sink.withdrawals.size(), 1u);
  EXPECT_EQ(sink.withdrawals[0].reason, WithdrawReason::AgentLoggedOut);
  EXPECT_EQ(router.position(1).value(), 1u);
  EXPECT_EQ(router.position(2).value(), 2u);
  EXPECT_EQ(state_of(1), AgentState::LoggedOut);
  EXPECT_TRUE(router.agent_snapshot(1)->queues.empty());
  ASSERT_OK(router.set_ready(2));
  EXPECT_EQ(single_offer(1), 2);
  EXPECT_EQ(router.agent_snapshot(1)->consecutive_misses, 0);
  expect_logs_consistent();
}

TEST_F(AcdAgent, LogoutWhileRingingOffersTheCallToAnotherReadyAgent) {
  add_queue(queue_config(1));
  login_ready(1, {1});
  enqueue(1, 1);
  login_ready(2, {1});
  ASSERT_OK(router.logout(1));
  EXPECT_EQ(single_offer(1), 2);
}

TEST_F(AcdAgent, ConsecutiveMissesSetTheAgentNotReady) {
  auto config = queue_config(1);
  config.max_misses = 3;
  add_queue(config);
  login_ready(1, {1});
  enqueue(1, 1);
  ASSERT_OK(router.offer_failed(1, 1, OfferFailure::NoAnswer));
  ASSERT_OK(router.offer_failed(1, 1, OfferFailure::Busy));
  EXPECT_EQ(router.agent_snapshot(1)->consecutive_misses, 2);
  ASSERT_OK(router.offer_answered(1, 1));  // an answer resets the count
  EXPECT_EQ(router.agent_snapshot(1)->consecutive_misses, 0);
  ASSERT_OK(router.call_ended(1));
  enqueue(2, 1);
  ASSERT_OK(router.offer_failed(2, 1, OfferFailure::Rejected));
  ASSERT_OK(router.offer_failed(2, 1, OfferFailure::Unreachable));
  EXPECT_EQ(state_of(1), AgentState::Ringing);
  ASSERT_OK(router.offer_failed(2, 1, OfferFailure::NoAnswer));
  EXPECT_EQ(state_of(1), AgentState::NotReady);
  EXPECT_EQ(reason_of(1), "missed_calls");
  EXPECT_EQ(router.position(2).value(), 1u);
  // Ready again: the count starts over.
  ASSERT_OK(router.set_ready(1));
  EXPECT_EQ(router.agent_snapshot(1)->consecutive_misses, 0);
  EXPECT_EQ(single_offer(2), 1);
  expect_logs_consistent();
}

TEST_F(AcdAgent, RingTimeoutsCountAsMisses) {
  auto config = queue_config(1);
  config.max_misses = 2;
  config.ring_timeout_ms = 15'000;
  add_queue(config);
  login_ready(1, {1});
  enqueue(1, 1);
  tick(15'000);
  EXPECT_EQ(state_of(1), AgentState::Ringing);
  tick(15'000);
  EXPECT_EQ(state_of(1), AgentState::NotReady);
  EXPECT_EQ(reason_of(1), "missed_calls");
  EXPECT_FALSE(router.next_deadline());
}

TEST_F(AcdAgent, OutboundOnlyAgentsAreNeverOfferedInboundCalls) {
  add_queue(queue_config(1));
  login(1, {1}, 9, WorkMode::OutboundOnly);
  ASSERT_OK(router.set_ready(1));
  for (CallId c = 1; c <= 100; ++c) enqueue(c, 1);
  EXPECT_TRUE(sink.offers.empty());
  ASSERT_OK(router.set_work_mode(1, WorkMode::Normal));
  EXPECT_EQ(single_offer(1), 1);
  ASSERT_OK(router.offer_answered(1, 1));
  ASSERT_OK(router.set_work_mode(1, WorkMode::OutboundOnly));
  ASSERT_OK(router.call_ended(1));
  EXPECT_EQ(state_of(1), AgentState::Ready);
  EXPECT_EQ(sink.offers.size(), 1u);
}

TEST_F(AcdAgent, EndOfShiftFinishesTheCallThenLogsOut) {
  auto config = queue_config(1);
  config.wrap_up_ms = 20'000;
  add_queue(config);
  login_ready(1, {1});
  enqueue(1, 1);
  ASSERT_OK(router.offer_answered(1, 1));
  ASSERT_OK(router.set_work_mode(1, WorkMode::EndOfShift));
  EXPECT_EQ(state_of(1), AgentState::Talking);
  enqueue(2, 1);
  ASSERT_OK(router.call_ended(1));
  EXPECT_EQ(state_of(1), AgentState::WrapUp);
  tick(20'000);
  EXPECT_EQ(state_of(1), AgentState::LoggedOut);
  EXPECT_EQ(reason_of(1), "end_of_shift");
  EXPECT_EQ(sink.offers.size(), 1u) << "no inbound offer after end of shift";
  EXPECT_EQ(router.position(2).value(), 1u);
  expect_logs_consistent();
}

TEST_F(AcdAgent, EndOfShiftWhileIdleLogsOutAtOnce) {
  add_queue(queue_config(1));
  login_ready(1, {1});
  ASSERT_OK(router.set_work_mode(1, WorkMode::EndOfShift));
  EXPECT_EQ(state_of(1), AgentState::LoggedOut);
  EXPECT_EQ(router.login({1, kTenant, {}, {1}, WorkMode::EndOfShift}).error().field, "mode");
}

TEST_F(AcdAgent, EndOfShiftWhileRingingLogsOutIfTheOfferFails) {
  add_queue(queue_config(1));
  login_ready(1, {1});
  enqueue(1, 1);
  ASSERT_OK(router.set_work_mode(1, WorkMode::EndOfShift));
  EXPECT_EQ(state_of(1), AgentState::Ringing);
  ASSERT_OK(router.offer_failed(1, 1, OfferFailure::NoAnswer));
  EXPECT_EQ(state_of(1), AgentState::LoggedOut);
  EXPECT_EQ(router.position(1).value(), 1u);
}

TEST_F(AcdAgent, SupervisorsAreOfferedCalls) {
  add_queue(queue_config(1));
  login(1, {1}, 5, WorkMode::Supervisor);
  ASSERT_OK(router.set_ready(1));
  enqueue(1, 1);
  EXPECT_EQ(single_offer(1), 1);
}

TEST_F(AcdAgent, AgentsWithoutTheSkillAreNotOffered) {
  auto config = queue_config(1);
  config.min_level = 6;
  add_queue(config);
  login_ready(1, {1}, 5);
  enqueue(1, 1);
  EXPECT_TRUE(offered(1).empty());
  ASSERT_OK(router.update_skills(1, {{kSkill, 6}}));
  EXPECT_EQ(single_offer(1), 1);
}

TEST_F(AcdAgent, AgentsInSeveralQueuesTakeTheBestCallAcrossThem) {
  add_queue(queue_config(1));
  add_queue(queue_config(2));
  login(1, {1, 2});
  enqueue(1, 1);
  tick(1000);
  enqueue(2, 2);
  enqueue(3, 2, 5);
  ASSERT_OK(router.set_ready(1));
  EXPECT_EQ(single_offer(3), 1) << "priority first";
  ASSERT_OK(router.offer_answered(3, 1));
  ASSERT_OK(router.call_ended(1));
  EXPECT_EQ(single_offer(1), 1) << "then the longest waiting";
}

TEST_F(AcdAgent, SetQueuesMovesTheAgent) {
  add_queue(queue_config(1));
  add_queue(queue_config(2));
  login_ready(1, {1});
  enqueue(7, 2);
  EXPECT_TRUE(offered(7).empty());
  ASSERT_OK(router.set_queues(1, {2}));
  EXPECT_EQ(single_offer(7), 1);
  EXPECT_EQ(router.queue_snapshot(1)->logged_in_agents, 0u);
}

TEST_F(AcdAgent, RefusedTransitions) {
  add_queue(queue_config(1));
  EXPECT_EQ(router.set_ready(1).error().code, ErrorCode::NotFound);
  login(1, {1});
  EXPECT_EQ(router.login({1, kTenant, {}, {1}, WorkMode::Normal}).error().code, ErrorCode::Conflict);
  ASSERT_OK(router.set_ready(1));
  enqueue(1, 1);
  EXPECT_EQ(router.set_ready(1).error().code, ErrorCode::Conflict) << "ringing";
  EXPECT_EQ(router.call_ended(1).error().code, ErrorCode::Conflict) << "no answered call";
  ASSERT_OK(router.logout(1));
  EXPECT_EQ(router.logout(1).error().code, ErrorCode::Conflict);
  EXPECT_EQ(router.set_not_ready(1, "x").error().code, ErrorCode::Conflict);
  EXPECT_EQ(router.set_work_mode(1, WorkMode::Normal).error().code, ErrorCode::Conflict);
}

TEST_F(AcdAgent, LogoutDuringACallKeepsItsFigures) {
  add_queue(queue_config(1));
  login_ready(1, {1});
  enqueue(1, 1);
  ASSERT_OK(router.offer_answered(1, 1));
  ASSERT_OK(router.logout(1));
  tick(40'000);
  ASSERT_OK(router.call_ended(1));
  auto s = router.agent_snapshot(1).value();
  EXPECT_EQ(s.state, AgentState::LoggedOut);
  EXPECT_EQ(s.calls_answered_today, 1);
  EXPECT_EQ(s.talk_time_today_ms, 40'000);
  ASSERT_OK(router.reset_daily_stats());
  EXPECT_EQ(router.agent_snapshot(1)->calls_answered_today, 0);
}

TEST_F(AcdAgent, StateLogRecordsEveryChangeOfACall) {
  auto config = queue_config(1);
  config.wrap_up_ms = 5'000;
  add_queue(config);
  login_ready(1, {1});
  enqueue(1, 1);
  ASSERT_OK(router.offer_answered(1, 1));
  ASSERT_OK(router.call_ended(1));
  tick(5'000);
  ASSERT_OK(router.logout(1));
  std::vector<std::pair<AgentState, std::string>> seen;
  for (const auto& s : sink.states_of(1)) seen.emplace_back(s.to, s.reason);
  const std::vector<std::pair<AgentState, std::string>> expected{
      {AgentState::NotReady, "login"},    {AgentState::Ready, "ready"},
      {AgentState::Ringing, "offer"},     {AgentState::Talking, "answered"},
      {AgentState::WrapUp, "call_ended"}, {AgentState::Ready, "wrap_up_ended"},
      {AgentState::LoggedOut, "logout"}};
  EXPECT_EQ(seen, expected);
  expect_logs_consistent();
}

}  // namespace
}  // namespace hotline::acd::testing
