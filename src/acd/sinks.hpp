// Where the ACD's output goes: decisions for the pbx to carry out in SIP, and log records for the
// store. Two interfaces because two different subscribers consume them.
//
// Why virtual interfaces rather than a struct of std::function: each consumer is one object with its
// own state (the pbx's call table, the store's write queue) that implements all of its methods; the
// compiler then checks every signature through `override` and a forgotten decision fails to build,
// where an empty std::function would drop it silently at run time. A virtual call costs no more than
// a type-erased one, and a test fake is a small class that records what it is told.
//
// Callbacks run synchronously on the core loop, inside the QueueRouter method that caused them. They
// may call the router's const queries, but must not call its events: post them to the loop instead
// (the router refuses a nested event with ErrorCode::Conflict).
#pragma once

#include "acd/records.hpp"
#include "acd/types.hpp"

namespace hotline::acd {

class DecisionSink {
 public:
  virtual ~DecisionSink() = default;

  // Ring the agents. The pbx reports the outcome with offer_answered or offer_failed.
  virtual void offer(const Offer& offer) = 0;
  // Stop ringing this agent for this call; the ACD has already forgotten the offer.
  virtual void withdraw(CallId call, AgentId agent, WithdrawReason reason) = 0;
  // The call left `from` for `target`. For a Queue target the ACD has moved the call itself (it may
  // be offered again at once); for the others the pbx takes it from here.
  virtual void overflow(CallId call, QueueId from, const OverflowTarget& target) = 0;
  // The call waited max_wait_ms (or met a full queue during an overflow) and has nowhere to go; the
  // ACD has forgotten it.
  virtual void timed_out(CallId call, QueueId queue) = 0;
};

class LogSink {
 public:
  virtual ~LogSink() = default;

  virtual void agent_state_changed(const AgentStateChange& change) = 0;
  virtual void queue_entered(const QueueEntry& entry) = 0;
  virtual void queue_left(const QueueExit& exit) = 0;
};

}  // namespace hotline::acd
