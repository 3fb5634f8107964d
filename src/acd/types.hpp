// The ACD's vocabulary: identifiers the caller assigns, the enums of its events and decisions, and
// the configuration of queues and agents. Plain values with no behaviour.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.hpp"

namespace hotline::acd {

using TenantId = std::int64_t;
using QueueId = std::int64_t;
using AgentId = std::int64_t;
using SkillId = std::int64_t;
using CallId = std::uint64_t;
// Opaque to the ACD and handed back in every offer; the pbx maps it to the call's IVR variables.
using PayloadHandle = std::uint64_t;

inline constexpr int kMinSkillLevel = 1;
inline constexpr int kMaxSkillLevel = 10;

enum class AgentState : std::uint8_t { LoggedOut, Ready, NotReady, Ringing, Talking, WrapUp };
inline constexpr std::size_t kAgentStateCount = 6;

// Normal and Supervisor agents are offered inbound calls (supervision rights are the pbx's and the
// cti's business); OutboundOnly never is; EndOfShift finishes the current call, then logs out.
enum class WorkMode : std::uint8_t { Normal, OutboundOnly, Supervisor, EndOfShift };

enum class StrategyKind : std::uint8_t {
  RingAll,
  RoundRobin,
  LongestIdle,
  FewestCalls,
  LeastTalkTime,
  SkillLevel
};

// Why a ringing agent did not take a call (the pbx reports it from the SIP outcome).
enum class OfferFailure : std::uint8_t { NoAnswer, Busy, Rejected, Unreachable };

// How a call's stay in one queue ended.
enum class QueueOutcome : std::uint8_t { Answered, Abandoned, Overflowed, TimedOut, Left };

// Why the ACD stops an agent's ringing (the pbx cancels that INVITE).
enum class WithdrawReason : std::uint8_t {
  AnsweredElsewhere,  // ring_all: another agent answered first
  Abandoned,          // the caller hung up
  Left,               // the pbx took the call out of the queue
  AgentLoggedOut,
  AgentNotReady,
  RingTimeout,  // ring_timeout_ms passed; the ACD counts it as the agent's no_answer
};

enum class OverflowKind : std::uint8_t { Queue, Voicemail, ExternalNumber, Flow };

// Where a call goes when its queue is full or it waited max_wait_ms. Only a Queue target is acted on
// by the ACD itself; the others are reported to the pbx as they are.
struct OverflowTarget {
  OverflowKind kind = OverflowKind::Voicemail;
  std::int64_t id = 0;  // the queue (kind Queue), voicemail box or flow
  std::string address;  // the external number, or whatever else the pbx needs

  bool operator==(const OverflowTarget&) const = default;
};

struct QueueConfig {
  QueueId id = 0;
  TenantId tenant = 0;
  SkillId skill = 0;  // agents need this skill at min_level or above to be offered the queue's calls
  int min_level = kMinSkillLevel;
  StrategyKind strategy = StrategyKind::LongestIdle;
  std::int64_t max_wait_ms = 0;      // 0: no limit
  std::size_t max_length = 0;        // calls in the queue, waiting or ringing; 0: no limit
  std::int64_t wrap_up_ms = 0;       // after each call answered from this queue
  std::int64_t ring_timeout_ms = 0;  // per offer; 0: the pbx ends unanswered rings itself
  int max_misses = 3;                // consecutive missed offers before not_ready "missed_calls"; 0: never
  std::optional<OverflowTarget> overflow;
  // A call answered after waiting at most this long is in the service level.
  std::int64_t service_level_ms = 20'000;
};

struct AgentSkill {
  SkillId skill = 0;
  int level = kMinSkillLevel;  // kMinSkillLevel..kMaxSkillLevel

  bool operator==(const AgentSkill&) const = default;
};

struct AgentLogin {
  AgentId agent = 0;
  TenantId tenant = 0;
  std::vector<AgentSkill> skills;
  std::vector<QueueId> queues;
  WorkMode mode = WorkMode::Normal;
};

struct EnqueueRequest {
  CallId call = 0;
  QueueId queue = 0;
  int priority = 0;  // higher is served first; VIP callers get a higher one (ACD-4)
  PayloadHandle payload = 0;
  // Last-agent preference (ACD-5): for preferred_window_ms the call waits for this agent if the agent
  // is logged in to the queue and can take it, and is offered to anyone after.
  std::optional<AgentId> preferred_agent;
  std::int64_t preferred_window_ms = 0;
};

const char* to_string(AgentState state);
const char* to_string(WorkMode mode);
const char* to_string(StrategyKind kind);
const char* to_string(OfferFailure failure);
const char* to_string(QueueOutcome outcome);
const char* to_string(WithdrawReason reason);
const char* to_string(OverflowKind kind);
// The outcome to_string names (as the queue log stores it); nullopt for any other text.
std::optional<QueueOutcome> queue_outcome_of(std::string_view name);

// "agent 7", "queue 3": an id as the ACD's error messages name it.
std::string id_name(const char* what, std::int64_t id);

}  // namespace hotline::acd
