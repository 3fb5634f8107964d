#include "acd/types.hpp"

namespace hotline::acd {

const char* to_string(AgentState state) {
  switch (state) {
    case AgentState::LoggedOut:
      return "logged_out";
    case AgentState::Ready:
      return "ready";
    case AgentState::NotReady:
      return "not_ready";
    case AgentState::Ringing:
      return "ringing";
    case AgentState::Talking:
      return "talking";
    case AgentState::WrapUp:
      return "wrap_up";
  }
  return "logged_out";
}

const char* to_string(WorkMode mode) {
  switch (mode) {
    case WorkMode::Normal:
      return "normal";
    case WorkMode::OutboundOnly:
      return "outbound_only";
    case WorkMode::Supervisor:
      return "supervisor";
    case WorkMode::EndOfShift:
      return "end_of_shift";
  }
  return "normal";
}

const char* to_string(StrategyKind kind) {
  switch (kind) {
    case StrategyKind::RingAll:
      return "ring_all";
    case StrategyKind::RoundRobin:
      return "round_robin";
    case StrategyKind::LongestIdle:
      return "longest_idle";
    case StrategyKind::FewestCalls:
      return "fewest_calls";
    case StrategyKind::LeastTalkTime:
      return "least_talk_time";
    case StrategyKind::SkillLevel:
      return "skill_level";
  }
  return "longest_idle";
}

const char* to_string(OfferFailure failure) {
  switch (failure) {
    case OfferFailure::NoAnswer:
      return "no_answer";
    case OfferFailure::Busy:
      return "busy";
    case OfferFailure::Rejected:
      return "rejected";
    case OfferFailure::Unreachable:
      return "unreachable";
  }
  return "no_answer";
}

const char* to_string(QueueOutcome outcome) {
  switch (outcome) {
    case QueueOutcome::Answered:
      return "answered";
    case QueueOutcome::Abandoned:
      return "abandoned";
    case QueueOutcome::Overflowed:
      return "overflowed";
    case QueueOutcome::TimedOut:
      return "timed_out";
    case QueueOutcome::Left:
      return "left";
  }
  return "left";
}

std::optional<QueueOutcome> queue_outcome_of(std::string_view name) {
  for (auto outcome : {QueueOutcome::Answered, QueueOutcome::Abandoned, QueueOutcome::Overflowed,
                       QueueOutcome::TimedOut, QueueOutcome::Left}) {
    if (name == to_string(outcome)) return outcome;
  }
  return std::nullopt;
}

const char* to_string(WithdrawReason reason) {
  switch (reason) {
    case WithdrawReason::AnsweredElsewhere:
      return "answered_elsewhere";
    case WithdrawReason::Abandoned:
      return "abandoned";
    case WithdrawReason::Left:
      return "left";
    case WithdrawReason::AgentLoggedOut:
      return "agent_logged_out";
    case WithdrawReason::AgentNotReady:
      return "agent_not_ready";
    case WithdrawReason::RingTimeout:
      return "ring_timeout";
  }
  return "left";
}

const char* to_string(OverflowKind kind) {
  switch (kind) {
    case OverflowKind::Queue:
      return "queue";
    case OverflowKind::Voicemail:
      return "voicemail";
    case OverflowKind::ExternalNumber:
      return "external_number";
    case OverflowKind::Flow:
      return "flow";
  }
  return "voicemail";
}

std::string id_name(const char* what, std::int64_t id) {
  return std::string(what) + " " + std::to_string(id);
}

}  // namespace hotline::acd
