// QueueRouter's indexes and matching. The invariant every event keeps: no queue has both a call in
// its open set and an agent in its ready set, so a call entering line only needs the queue's best
// ready agent, and an agent becoming ready only needs the first open call of each of its queues and
// its own first reserved call.
#include <algorithm>

#include "acd/queue_router.hpp"

namespace hotline::acd {

const Membership* AgentRecord::membership(QueueId queue) const {
  for (const auto& m : memberships) {
    if (m.queue->id() == queue) return &m;
  }
  return nullptr;
}

// Takes the agent out of every ready set and state count. Every change to an agent's state, mode,
// skills, queues or figures sits between deindex and reindex (or refresh).
void QueueRouter::deindex(AgentRecord& agent) {
  for (auto& m : agent.memberships) {
    if (m.listed) {
      m.queue->ready.erase(m.slot);
      m.listed = false;
    }
    if (m.stale) unlist_stale(*m.queue, m);
    if (m.counted) {
      --m.queue->eligible_by_state[static_cast<std::size_t>(agent.counted_state)];
      m.counted = false;
    }
  }
  agent.listed = false;
}

void QueueRouter::reindex(AgentRecord& agent) {
  agent.counted_state = agent.state;
  const bool offerable = agent.state == AgentState::Ready && agent.takes_inbound();
  for (auto& m : agent.memberships) {
    QueueState& q = *m.queue;
    const int level = agent.level_for(q.config.skill);
    m.eligible = level >= q.config.min_level;
    if (!m.eligible) continue;
    ++q.eligible_by_state[static_cast<std::size_t>(agent.state)];
    m.counted = true;
    if (offerable) {
      const ReadyKey key = q.strategy->rank(
          {agent.id, level, agent.idle_since, agent.calls_answered_today, agent.talk_time_today_ms});
      m.slot = q.ready.insert(key).first;
      m.listed = true;
      agent.listed = true;
    }
  }
}

// reindex, then let go of reserved calls the agent can no longer take, then look for a call.
void QueueRouter::refresh(AgentRecord& agent, UnixMs now) {
  reindex(agent);
  look_for_call(agent, now);
}

// For an agent indexed as it is now: reserved calls it can no longer take go to everyone, then it
// is offered the best call it may take, if any.
void QueueRouter::look_for_call(AgentRecord& agent, UnixMs now) {
  std::vector<CallId> released;
  for (const auto& key : agent.reserved) {
    if (!reservation_valid(agent, *calls_.at(key.call).queue)) released.push_back(key.call);
  }
  for (CallId id : released) release_reservation(calls_.at(id), now);
  match_agent(agent, now);
}

bool QueueRouter::reservation_valid(const AgentRecord& agent, const QueueState& queue) const {
  if (agent.state == AgentState::LoggedOut || !agent.takes_inbound()) return false;
  const Membership* m = agent.membership(queue.id());
  return m != nullptr && m->eligible;
}

void QueueRouter::set_state(AgentRecord& agent, AgentState to, std::string_view reason, UnixMs at) {
  if (agent.state == to && agent.reason == reason) return;
  AgentStateChange change{agent.id, agent.tenant, agent.state, to, std::string(reason), at};
  agent.state = to;
  agent.reason = reason;
  agent.state_since = at;
  log_.agent_state_changed(change);
}

// The call has just entered line (or come back to it): offer it now if someone can take it.
void QueueRouter::route(WaitingCall& call, UnixMs now) {
  if (call.max_wait_reached) {
    expire(call, now);
    return;
  }
  if (call.reserved) {
    AgentRecord& agent = *find_agent(*call.preferred_agent);
    const Membership* m = agent.membership(call.queue->id());
    if (m != nullptr && m->listed && !m->stale) {
      offer(call, std::span<const AgentId>(&agent.id, 1), now);
    } else {
      put_in_line(call);
    }
    return;
  }
  if (call.queue->ready_agents() == 0) {
    put_in_line(call);
    return;
  }
  offer_by_strategy(call, now);
}

void QueueRouter::offer_by_strategy(WaitingCall& call, UnixMs now) {
  QueueState& q = *call.queue;
  erase_stale(q);
  selection_.clear();
  q.strategy->select(q.ready, q.last_offered, selection_);
  offer(call, selection_, now);
}

// The agent may take a call now: offer it the first of its reserved calls and its queues' open calls.
void QueueRouter::match_agent(AgentRecord& agent, UnixMs now) {
  if (!agent.listed) return;
  const LineKey* best = agent.reserved.empty() ? nullptr : &*agent.reserved.begin();
  for (const auto& m : agent.memberships) {
    if (!m.listed || m.stale || m.queue->open.empty()) continue;
    const LineKey& first = *m.queue->open.begin();
    if (best == nullptr || LineOrder{}(first, *best)) best = &first;
  }
  if (best == nullptr) return;
  WaitingCall& call = calls_.at(best->call);
  take_out_of_line(call);
  offer(call, std::span<const AgentId>(&agent.id, 1), now);
}

// Restores the invariant for one queue after its configuration changed.
void QueueRouter::drain(QueueState& queue, UnixMs now) {
  erase_stale(queue);
  while (!queue.open.empty() && !queue.ready.empty()) {
    WaitingCall& call = calls_.at(queue.open.begin()->call);
    take_out_of_line(call);
    offer_by_strategy(call, now);
  }
}

// The call is out of line; ring these ready agents. A reservation ends with the offer: if the
// agent does not answer, anyone may take the call.
//
// Ring_all rings a queue's whole ready set, so that set is emptied at once rather than node by
// node, and the agents' entries in their other queues' ready sets are left stale (start_ringing):
// an offer to 125 agents in 5 queues each would otherwise rebalance 500 scattered tree nodes
// before the phones ring. The entries are erased at the agents' next change — for most, the
// "answered elsewhere" that frees them — or before their queue next chooses an agent. The agents
// are looked up first, and the next ones' memberships and queues fetched while one is moved, so
// that their cache misses overlap rather than follow one another.
void QueueRouter::offer(WaitingCall& call, std::span<const AgentId> agents, UnixMs now) {
  QueueState& q = *call.queue;
  if (call.reserved) {
    call.reserved = false;
    cancel(call.reservation_deadline, DeadlineKind::ReservationEnd, call.id);
  }
  call.ringing.assign(agents.begin(), agents.end());
  call.place = CallPlace::Ringing;
  ++q.ringing_calls;
  const bool whole_set = agents.size() > 1 && agents.size() == q.ready_agents();  // ring_all
  if (whole_set) {
    erase_stale(q);
    q.ready.clear();
  }
  offered_.clear();
  for (AgentId id : call.ringing) {
    offered_.push_back(find_agent(id));
    __builtin_prefetch(offered_.back());
  }
  for (std::size_t i = 0; i < offered_.size(); ++i) {
    if (i + 2 < offered_.size()) __builtin_prefetch(offered_[i + 2]->memberships.data());
    if (i + 1 < offered_.size()) {
      for (const auto& m : offered_[i + 1]->memberships) __builtin_prefetch(&m.queue->stale);
    }
    AgentRecord& agent = *offered_[i];
    start_ringing(agent, q, whole_set);
    agent.ringing_call = call.id;
    set_state(agent, AgentState::Ringing, "offer", now);
  }
  q.last_offered = call.ringing.back();
  if (q.config.ring_timeout_ms > 0) {
    schedule(call.ring_deadline, now + q.config.ring_timeout_ms, DeadlineKind::RingTimeout, call.id);
  }
  decisions_.offer({call.id, q.id(), call.payload, call.ringing, call.ring_deadline});
}

// deindex and reindex in one pass for a ready agent offered a call of `offering`: it leaves that
// queue's ready set (already cleared when `cleared`), its entries in its other queues' sets become
// stale, and it is counted as ringing. Its eligibility stays as it was.
void QueueRouter::start_ringing(AgentRecord& agent, QueueState& offering, bool cleared) {
  for (auto& m : agent.memberships) {
    QueueState& q = *m.queue;
    if (m.listed && &q == &offering) {
      if (!cleared) q.ready.erase(m.slot);
      m.listed = false;
    } else if (m.listed) {
      m.stale = true;
      m.stale_at = static_cast<std::uint32_t>(q.stale.size());
      q.stale.push_back(&agent);
    }
    if (m.counted) {
      --q.eligible_by_state[static_cast<std::size_t>(agent.counted_state)];
      ++q.eligible_by_state[static_cast<std::size_t>(AgentState::Ringing)];
    }
  }
  agent.counted_state = AgentState::Ringing;
  agent.listed = false;
}

// Before the queue's ready set is read: the entries of agents who ring elsewhere go.
void QueueRouter::erase_stale(QueueState& queue) {
  for (AgentRecord* agent : queue.stale) {
    for (auto& m : agent->memberships) {
      if (m.queue != &queue) continue;
      queue.ready.erase(m.slot);
      m.listed = false;
      m.stale = false;
    }
  }
  queue.stale.clear();
}

// The agent (deindexed: its stale entry is erased) leaves the queue's list of stale agents; the
// last of the list takes its place.
void QueueRouter::unlist_stale(QueueState& queue, Membership& m) {
  AgentRecord* last = queue.stale.back();
  queue.stale[m.stale_at] = last;
  for (auto& moved : last->memberships) {
    if (moved.queue == &queue) moved.stale_at = m.stale_at;
  }
  queue.stale.pop_back();
  m.stale = false;
}

void QueueRouter::put_in_line(WaitingCall& call) {
  call.place = CallPlace::InLine;
  const LineKey key = call.key();
  call.queue->line.insert(key);
  if (call.reserved) {
    find_agent(*call.preferred_agent)->reserved.insert(key);
  } else {
    call.queue->open.insert(key);
  }
}

void QueueRouter::take_out_of_line(WaitingCall& call) {
  const LineKey key = call.key();
  call.queue->line.erase(key);
  if (call.reserved) {
    find_agent(*call.preferred_agent)->reserved.erase(key);
  } else {
    call.queue->open.erase(key);
  }
}

// The call, in line and reserved, stops waiting for its last agent: anyone may take it now.
void QueueRouter::release_reservation(WaitingCall& call, UnixMs now) {
  take_out_of_line(call);
  call.reserved = false;
  cancel(call.reservation_deadline, DeadlineKind::ReservationEnd, call.id);
  route(call, now);
}

// Forgets that the agent rings for the call. True when no agent rings for it any more; the call is
// then neither ringing nor in line, and the caller routes or finishes it.
bool QueueRouter::stop_ringing(WaitingCall& call, AgentRecord& agent) {
  std::erase(call.ringing, agent.id);
  agent.ringing_call.reset();
  if (!call.ringing.empty()) return false;
  call.place = CallPlace::InLine;
  --call.queue->ringing_calls;
  cancel(call.ring_deadline, DeadlineKind::RingTimeout, call.id);
  return true;
}

AgentRecord* QueueRouter::find_agent(AgentId id) {
  auto it = agents_.find(id);
  return it == agents_.end() ? nullptr : it->second.get();
}

const AgentRecord* QueueRouter::find_agent(AgentId id) const {
  auto it = agents_.find(id);
  return it == agents_.end() ? nullptr : it->second.get();
}

QueueState* QueueRouter::find_queue(QueueId id) {
  auto it = queues_.find(id);
  return it == queues_.end() ? nullptr : it->second.get();
}

const QueueState* QueueRouter::find_queue(QueueId id) const {
  auto it = queues_.find(id);
  return it == queues_.end() ? nullptr : it->second.get();
}

WaitingCall* QueueRouter::find_call(CallId id) {
  auto it = calls_.find(id);
  return it == calls_.end() ? nullptr : &it->second;
}

}  // namespace hotline::acd
