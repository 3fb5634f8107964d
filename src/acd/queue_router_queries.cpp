// QueueRouter: queries for the pbx (announcements) and the wallboard.
#include <algorithm>
#include <string>

#include "acd/queue_router.hpp"

namespace hotline::acd {
namespace {

Error call_not_queued(CallId id) {
  return {ErrorCode::NotFound, "call " + std::to_string(id) + " is not in a queue", "call"};
}

Error queue_not_found(QueueId id) {
  return {ErrorCode::NotFound, "queue " + std::to_string(id) + " does not exist", "queue"};
}

}  // namespace

Result<std::size_t> QueueRouter::position(CallId id) const {
  auto it = calls_.find(id);
  if (it == calls_.end()) return call_not_queued(id);
  const WaitingCall& call = it->second;
  if (call.place == CallPlace::Ringing) {
    return Error::conflict("call " + std::to_string(id) + " is ringing an agent");
  }
  return call.queue->line.order_of_key(call.key()) + 1;
}

// With a handle time known and agents staffed: position × average handle time / staffed agents,
// rounded up (each staffed agent frees up once per handle time on average). Without either: the
// average wait of the recent answered calls minus the time this call has waited, at least 0.
Result<std::int64_t> QueueRouter::expected_wait_ms(CallId id) const {
  auto position_in_line = position(id);
  if (!position_in_line) return position_in_line.error();
  const WaitingCall& call = calls_.at(id);
  const QueueState& q = *call.queue;
  const auto& by_state = q.eligible_by_state;
  const std::size_t staffed = q.ready_agents() + by_state[static_cast<std::size_t>(AgentState::Ringing)] +
                              by_state[static_cast<std::size_t>(AgentState::Talking)] +
                              by_state[static_cast<std::size_t>(AgentState::WrapUp)];
  const auto handle_ms = q.handle_times.mean();
  if (handle_ms && staffed > 0) {
    const auto staffed_agents = static_cast<std::int64_t>(staffed);
    const auto ahead_and_self = static_cast<std::int64_t>(*position_in_line);
    return (ahead_and_self * *handle_ms + staffed_agents - 1) / staffed_agents;
  }
  if (const auto wait_ms = q.answered_waits.mean()) {
    const UnixMs now = std::max(now_, clock_.now_ms());
    return std::max<std::int64_t>(0, *wait_ms - (now - call.entered_at));
  }
  return Error::unavailable("queue " + std::to_string(q.id()) + " has answered no call yet to estimate from");
}

Result<QueueSnapshot> QueueRouter::queue_snapshot(QueueId id) const {
  const QueueState* q = find_queue(id);
  if (q == nullptr) return queue_not_found(id);
  const auto count = [q](AgentState state) { return q->eligible_by_state[static_cast<std::size_t>(state)]; };
  QueueSnapshot s;
  s.queue = id;
  s.tenant = q->config.tenant;
  s.waiting = q->line.size();
  s.ringing = q->ringing_calls;
  const UnixMs now = std::max(now_, clock_.now_ms());
  if (!q->calls_by_age.empty()) s.longest_wait_ms = now - calls_.at(q->calls_by_age.begin()->second).entered_at;
  s.logged_in_agents = q->members.size();
  s.ready_agents = q->ready_agents();
  s.ringing_agents = count(AgentState::Ringing);
  s.talking_agents = count(AgentState::Talking);
  s.wrap_up_agents = count(AgentState::WrapUp);
  s.not_ready_agents = count(AgentState::NotReady);
  s.average_wait_ms = q->answered_waits.mean();
  s.average_handle_ms = q->handle_times.mean();
  s.service_level_ms = q->config.service_level_ms;
  if (now < day_ends_at()) s.today = q->today;  // else a new day that no event has begun yet: zeros
  s.service_level_today = s.today.service_level();
  return s;
}

Result<AgentSnapshot> QueueRouter::agent_snapshot(AgentId id) const {
  const AgentRecord* agent = find_agent(id);
  if (agent == nullptr) {
    return Error{ErrorCode::NotFound, "agent " + std::to_string(id) + " is not known to the ACD", "agent"};
  }
  AgentSnapshot s;
  s.agent = id;
  s.tenant = agent->tenant;
  s.state = agent->state;
  s.reason = agent->reason;
  s.state_since = agent->state_since;
  s.mode = agent->mode;
  s.skills = agent->skills;
  for (const auto& m : agent->memberships) s.queues.push_back(m.queue->id());
  if (agent->ringing_call) {
    s.call = agent->ringing_call;
  } else if (agent->active_call) {
    s.call = agent->active_call->call;
  }
  s.not_ready_after_call = agent->not_ready_after_call;
  if (agent->wrap_up) s.wrap_up_until = agent->wrap_up->until;
  s.idle_since = agent->idle_since;
  s.calls_answered_today = agent->calls_answered_today;
  s.talk_time_today_ms = agent->talk_time_today_ms;
  s.consecutive_misses = agent->consecutive_misses;
  return s;
}

Result<std::vector<WaitingCallView>> QueueRouter::waiting_calls(QueueId id, std::size_t limit) const {
  const QueueState* q = find_queue(id);
  if (q == nullptr) return queue_not_found(id);
  const UnixMs now = std::max(now_, clock_.now_ms());
  std::vector<WaitingCallView> views;
  views.reserve(std::min(limit, q->line.size()));
  for (const auto& key : q->line) {
    if (views.size() == limit) break;
    const WaitingCall& call = calls_.at(key.call);
    WaitingCallView& v = views.emplace_back();
    v.call = call.id;
    v.payload = call.payload;
    v.priority = call.priority;
    v.entered_at = call.entered_at;
    v.waited_ms = now - call.entered_at;
    v.position = views.size();
    if (call.reserved) v.waiting_for = call.preferred_agent;
  }
  return views;
}

}  // namespace hotline::acd
