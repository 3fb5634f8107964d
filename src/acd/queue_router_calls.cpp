// QueueRouter: call events, queue exits and deadlines.
#include <algorithm>
#include <string>

#include "acd/queue_router.hpp"

namespace hotline::acd {
namespace {

std::string call_name(CallId id) { return "call " + std::to_string(id); }

}  // namespace

// ---- events

Status QueueRouter::enqueue(const EnqueueRequest& request) {
  return event([&](UnixMs now) -> Status {
    if (calls_.contains(request.call)) {
      return Error{ErrorCode::Conflict, call_name(request.call) + " is in a queue already", "call"};
    }
    QueueState* q = find_queue(request.queue);
    if (q == nullptr)
      return Error{ErrorCode::NotFound, id_name("queue", request.queue) + " does not exist", "queue"};
    if (request.preferred_window_ms < 0) {
      return Error::invalid("preferred_window_ms", "the last-agent window must not be negative");
    }
    Placement placement{request.call, request.priority, request.payload, request.preferred_agent, {}};
    if (request.preferred_agent) placement.preferred_until = now + request.preferred_window_ms;
    return place_call(placement, *q, now, 0);
  });
}

Status QueueRouter::abandon(CallId id) {
  return event([&](UnixMs now) -> Status {
    WaitingCall* call = find_call(id);
    if (call == nullptr) return Error{ErrorCode::NotFound, call_name(id) + " is not in a queue", "call"};
    end_call(*call, QueueOutcome::Abandoned, WithdrawReason::Abandoned, now);
    return ok_status();
  });
}

Status QueueRouter::leave(CallId id) {
  return event([&](UnixMs now) -> Status {
    WaitingCall* call = find_call(id);
    if (call == nullptr) return Error{ErrorCode::NotFound, call_name(id) + " is not in a queue", "call"};
    end_call(*call, QueueOutcome::Left, WithdrawReason::Left, now);
    return ok_status();
  });
}

Status QueueRouter::offer_answered(CallId id, AgentId agent_id) {
  return event([&](UnixMs now) -> Status {
    WaitingCall* call = find_call(id);
    if (call == nullptr) return Error{ErrorCode::NotFound, call_name(id) + " is not in a queue", "call"};
    AgentRecord* agent = find_agent(agent_id);
    if (agent == nullptr || agent->ringing_call != id) {
      return Error::conflict(call_name(id) + " is not ringing " + id_name("agent", agent_id));
    }
    QueueState& q = *call->queue;
    std::vector<AgentId> others;
    for (AgentId other : call->ringing) {
      if (other != agent_id) others.push_back(other);
    }
    deindex(*agent);
    stop_ringing(*call, *agent);
    for (AgentId other : others) {
      stop_ringing(*call, *find_agent(other));
      decisions_.withdraw(id, other, WithdrawReason::AnsweredElsewhere);
    }
    agent->consecutive_misses = 0;
    ++agent->calls_answered_today;
    agent->active_call = ActiveCall{id, q.id(), now};
    set_state(*agent, AgentState::Talking, "answered", now);
    reindex(*agent);
    q.answered_waits.add(now - call->entered_at);
    finish(*call, QueueOutcome::Answered, now, agent_id);
    free_agents(q, others, "answered_elsewhere", now);
    return ok_status();
  });
}

Status QueueRouter::offer_failed(CallId id, AgentId agent_id, OfferFailure reason) {
  return event([&](UnixMs now) -> Status {
    WaitingCall* call = find_call(id);
    if (call == nullptr) return Error{ErrorCode::NotFound, call_name(id) + " is not in a queue", "call"};
    AgentRecord* agent = find_agent(agent_id);
    if (agent == nullptr || agent->ringing_call != id) {
      return Error::conflict(call_name(id) + " is not ringing " + id_name("agent", agent_id));
    }
    fail_offers(*call, std::span<const AgentId>(&agent->id, 1), reason, now);
    return ok_status();
  });
}

Status QueueRouter::call_ended(AgentId id) {
  return event([&](UnixMs now) -> Status {
    AgentRecord* agent = find_agent(id);
    if (agent == nullptr)
      return Error{ErrorCode::NotFound, id_name("agent", id) + " is not known to the ACD", "agent"};
    if (!agent->active_call)
      return Error::conflict(id_name("agent", id) + " has no call answered from a queue");
    const ActiveCall active = *agent->active_call;
    agent->active_call.reset();
    const std::int64_t talk_ms = now - active.answered_at;
    deindex(*agent);
    agent->talk_time_today_ms += talk_ms;
    agent->idle_since = now;
    QueueState* q = find_queue(active.queue);
    if (agent->state != AgentState::Talking) {  // logged out (and maybe back) during the call
      if (q != nullptr) q->handle_times.add(talk_ms);
      refresh(*agent, now);
      return ok_status();
    }
    const std::int64_t wrap_up_ms = q != nullptr ? q->config.wrap_up_ms : 0;
    if (wrap_up_ms > 0) {
      agent->wrap_up = WrapUp{active.queue, talk_ms, now, now + wrap_up_ms};
      deadlines_.insert({now + wrap_up_ms, DeadlineKind::WrapUpEnd, static_cast<std::uint64_t>(id)});
      set_state(*agent, AgentState::WrapUp, "call_ended", now);
      reindex(*agent);
    } else {
      if (q != nullptr) q->handle_times.add(talk_ms);
      after_call(*agent, "call_ended", now);
    }
    return ok_status();
  });
}

Status QueueRouter::advance(UnixMs now) {
  return event([&](UnixMs) -> Status {
    run_due(now);
    return ok_status();
  });
}

std::optional<UnixMs> QueueRouter::next_deadline() const {
  if (deadlines_.empty()) return std::nullopt;
  return deadlines_.begin()->at;
}

// ---- entering and leaving queues

QueueState* QueueRouter::overflow_queue(const QueueState& queue) {
  const auto& target = queue.config.overflow;
  if (!target || target->kind != OverflowKind::Queue) return nullptr;
  QueueState* next = find_queue(target->id);
  if (next == nullptr || next == &queue || next->config.tenant != queue.config.tenant) return nullptr;
  return next;
}

// Puts a call into a queue, or past it when it is full: to its overflow (which may be another full
// queue, up to kMaxOverflowHops), refused when the caller enqueued it there, timed out when it was
// moved there. A call that only passes a full queue still gets an entry and an exit record in it.
Status QueueRouter::place_call(const Placement& placement, QueueState& q, UnixMs now, int hops) {
  const QueueConfig& config = q.config;
  if (config.max_length > 0 && q.calls_in_queue() >= config.max_length) {
    QueueState* next = overflow_queue(q);
    const bool can_overflow = hops < kMaxOverflowHops && config.overflow &&
                              (config.overflow->kind != OverflowKind::Queue || next != nullptr);
    if (!can_overflow && hops == 0) {
      return Error{ErrorCode::Conflict,
                   id_name("queue", q.id()) + " is full (max_length " + std::to_string(config.max_length) +
                       ") and has no overflow",
                   "queue"};
    }
    const auto outcome = can_overflow ? QueueOutcome::Overflowed : QueueOutcome::TimedOut;
    log_entry(q, {placement.call, q.id(), config.tenant, placement.priority, now});
    log_exit(q, {placement.call, q.id(), config.tenant, now, now, 0, outcome, std::nullopt});
    if (!can_overflow) {
      decisions_.timed_out(placement.call, q.id());
      return ok_status();
    }
    const OverflowTarget target = *config.overflow;
    decisions_.overflow(placement.call, q.id(), target);
    if (next != nullptr) return place_call(placement, *next, now, hops + 1);
    return ok_status();
  }

  WaitingCall& call = calls_[placement.call];
  call.id = placement.call;
  call.payload = placement.payload;
  call.queue = &q;
  call.priority = placement.priority;
  call.seq = ++next_seq_;
  call.entered_at = now;
  call.preferred_agent = placement.preferred_agent;
  call.preferred_until = placement.preferred_until;
  q.calls_by_age.emplace(call.seq, call.id);
  log_entry(q, {call.id, q.id(), config.tenant, call.priority, now});
  if (config.max_wait_ms > 0) {
    schedule(call.max_wait_deadline, now + config.max_wait_ms, DeadlineKind::MaxWait, call.id);
  }
  if (call.preferred_agent && call.preferred_until && *call.preferred_until > now) {
    const AgentRecord* agent = find_agent(*call.preferred_agent);
    if (agent != nullptr && reservation_valid(*agent, q)) {
      call.reserved = true;
      schedule(call.reservation_deadline, *call.preferred_until, DeadlineKind::ReservationEnd, call.id);
    }
  }
  route(call, now);
  return ok_status();
}

// The call (out of line, not ringing) waited max_wait_ms: overflow, or time out.
void QueueRouter::expire(WaitingCall& call, UnixMs now) {
  QueueState& q = *call.queue;
  QueueState* next = overflow_queue(q);
  const bool can_overflow =
      q.config.overflow && (q.config.overflow->kind != OverflowKind::Queue || next != nullptr);
  const Placement placement{call.id, call.priority, call.payload, call.preferred_agent, call.preferred_until};
  const QueueId from = q.id();
  if (!can_overflow) {
    finish(call, QueueOutcome::TimedOut, now);
    decisions_.timed_out(placement.call, from);
    return;
  }
  const OverflowTarget target = *q.config.overflow;
  finish(call, QueueOutcome::Overflowed, now);
  decisions_.overflow(placement.call, from, target);
  if (next != nullptr) (void)place_call(placement, *next, now, 1);
}

// The call leaves for good (abandoned or taken out): withdraw its offers, then free the agents.
void QueueRouter::end_call(WaitingCall& call, QueueOutcome outcome, WithdrawReason reason, UnixMs now) {
  if (call.place == CallPlace::InLine) {
    take_out_of_line(call);
    finish(call, outcome, now);
    return;
  }
  const CallId id = call.id;
  const std::vector<AgentId> agents = call.ringing;
  for (AgentId agent : agents) {
    stop_ringing(call, *find_agent(agent));
    decisions_.withdraw(id, agent, reason);
  }
  QueueState& queue = *call.queue;
  finish(call, outcome, now);
  free_agents(queue, agents, to_string(reason), now);
}

// The agents did not take the call. Each miss counts: an agent becomes ready again, or not ready
// "missed_calls" after the queue's max_misses in a row, or logs out at the end of its shift. When
// no agent rings any more the call goes back to its place in line and is offered to the other ready
// agents first; only then are these agents listed again (all at once, so a ring_all queue rings
// all of them again if nobody else is ready).
void QueueRouter::fail_offers(WaitingCall& call, std::span<const AgentId> agents, OfferFailure reason,
                              UnixMs now) {
  QueueState& q = *call.queue;
  const int max_misses = q.config.max_misses;
  bool back_in_line = false;
  std::vector<AgentRecord*> ready;
  for (AgentId id : agents) {
    AgentRecord& agent = *find_agent(id);
    deindex(agent);
    back_in_line = stop_ringing(call, agent);
    ++agent.consecutive_misses;
    if (agent.mode == WorkMode::EndOfShift) {
      log_out(agent, "end_of_shift", now);
    } else if (max_misses > 0 && agent.consecutive_misses >= max_misses) {
      set_state(agent, AgentState::NotReady, "missed_calls", now);
      reindex(agent);
    } else {
      set_state(agent, AgentState::Ready, to_string(reason), now);
      ready.push_back(&agent);
    }
  }
  if (back_in_line) route(call, now);  // the call may leave here (max wait reached while ringing)
  relist_together(q, ready, now);
}

// Forgets the call (out of line, no agent ringing) and records its exit.
void QueueRouter::finish(WaitingCall& call, QueueOutcome outcome, UnixMs now, std::optional<AgentId> agent) {
  cancel(call.max_wait_deadline, DeadlineKind::MaxWait, call.id);
  cancel(call.ring_deadline, DeadlineKind::RingTimeout, call.id);
  cancel(call.reservation_deadline, DeadlineKind::ReservationEnd, call.id);
  QueueState& q = *call.queue;
  q.calls_by_age.erase(call.seq);
  const QueueExit exit{call.id, q.id(), q.config.tenant, call.entered_at, now, now - call.entered_at,
                       outcome, agent};
  calls_.erase(call.id);
  log_exit(q, exit);
}

void QueueRouter::log_entry(QueueState& queue, const QueueEntry& entry) {
  ++queue.today.offered;
  log_.queue_entered(entry);
}

void QueueRouter::log_exit(QueueState& queue, const QueueExit& exit) {
  queue.today.count_exit(exit.outcome, exit.wait_ms, queue.config.service_level_ms);
  log_.queue_left(exit);
}

// ---- deadlines

void QueueRouter::schedule(std::optional<UnixMs>& slot, UnixMs at, DeadlineKind kind, std::uint64_t id) {
  cancel(slot, kind, id);
  slot = at;
  deadlines_.insert({at, kind, id});
}

void QueueRouter::cancel(std::optional<UnixMs>& slot, DeadlineKind kind, std::uint64_t id) {
  if (!slot) return;
  deadlines_.erase({*slot, kind, id});
  slot.reset();
}

// Each deadline is processed at its own time (never before the last event), so records carry the
// time things happened even when advance() comes late.
void QueueRouter::run_due(UnixMs limit) {
  while (!deadlines_.empty() && deadlines_.begin()->at <= limit) {
    const Deadline due = *deadlines_.begin();
    deadlines_.erase(deadlines_.begin());
    now_ = std::max(now_, due.at);
    start_day_at(now_);
    on_deadline(due, now_);
  }
  now_ = std::max(now_, limit);
  start_day_at(now_);
}

void QueueRouter::on_deadline(const Deadline& due, UnixMs now) {
  switch (due.kind) {
    case DeadlineKind::WrapUpEnd: {
      AgentRecord* agent = find_agent(static_cast<AgentId>(due.id));
      if (agent == nullptr || !agent->wrap_up) return;
      deindex(*agent);
      end_wrap_up(*agent, now);
      after_call(*agent, "wrap_up_ended", now);
      return;
    }
    case DeadlineKind::RingTimeout: {
      WaitingCall* call = find_call(due.id);
      if (call == nullptr) return;
      call->ring_deadline.reset();
      const std::vector<AgentId> agents = call->ringing;
      for (AgentId agent : agents) decisions_.withdraw(call->id, agent, WithdrawReason::RingTimeout);
      fail_offers(*call, agents, OfferFailure::NoAnswer, now);
      return;
    }
    case DeadlineKind::ReservationEnd: {
      WaitingCall* call = find_call(due.id);
      if (call == nullptr) return;
      call->reservation_deadline.reset();
      if (call->reserved) release_reservation(*call, now);
      return;
    }
    case DeadlineKind::MaxWait: {
      WaitingCall* call = find_call(due.id);
      if (call == nullptr) return;
      call->max_wait_deadline.reset();
      if (call->place == CallPlace::Ringing) {
        call->max_wait_reached = true;
        return;
      }
      take_out_of_line(*call);
      expire(*call, now);
      return;
    }
  }
}

}  // namespace hotline::acd
