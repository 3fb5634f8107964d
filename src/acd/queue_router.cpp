// QueueRouter: queue administration and agent events.
#include "acd/queue_router.hpp"

#include <algorithm>
#include <string>

#include "common/local_time.hpp"

namespace hotline::acd {
namespace {

Error unknown_agent(AgentId id) {
  return {ErrorCode::NotFound, id_name("agent", id) + " is not known to the ACD", "agent"};
}

Error not_logged_in(AgentId id) { return Error::conflict(id_name("agent", id) + " is not logged in"); }

Status validate_skills(const std::vector<AgentSkill>& skills) {
  for (std::size_t i = 0; i < skills.size(); ++i) {
    const auto& s = skills[i];
    if (s.level < kMinSkillLevel || s.level > kMaxSkillLevel) {
      return Error::invalid(
          "skills", id_name("skill", s.skill) + ": level must be 1..10, got " + std::to_string(s.level));
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (skills[j].skill == s.skill)
        return Error::invalid("skills", id_name("skill", s.skill) + " is listed twice");
    }
  }
  return ok_status();
}

std::vector<AgentSkill> sorted(std::vector<AgentSkill> skills) {
  std::sort(skills.begin(), skills.end(), [](const auto& a, const auto& b) { return a.skill < b.skill; });
  return skills;
}

}  // namespace

QueueRouter::QueueRouter(const Clock& clock, DecisionSink& decisions, LogSink& log, int utc_offset_minutes)
    : clock_(clock),
      decisions_(decisions),
      log_(log),
      utc_offset_minutes_(utc_offset_minutes),
      now_(clock.now_ms()),
      day_start_(local_day_start(now_, utc_offset_minutes)) {}

QueueRouter::~QueueRouter() = default;

// ---- queues

Status QueueRouter::validate_queue(const QueueConfig& c) const {
  const std::string queue = id_name("queue", c.id);
  if (c.min_level < kMinSkillLevel || c.min_level > kMaxSkillLevel) {
    return Error::invalid("min_level",
                          queue + ": min_level must be 1..10, got " + std::to_string(c.min_level));
  }
  if (c.max_wait_ms < 0) return Error::invalid("max_wait_ms", queue + ": max_wait_ms must not be negative");
  if (c.wrap_up_ms < 0) return Error::invalid("wrap_up_ms", queue + ": wrap_up_ms must not be negative");
  if (c.ring_timeout_ms < 0) {
    return Error::invalid("ring_timeout_ms", queue + ": ring_timeout_ms must not be negative");
  }
  if (c.max_misses < 0) return Error::invalid("max_misses", queue + ": max_misses must not be negative");
  if (c.service_level_ms < 0) {
    return Error::invalid("service_level_ms", queue + ": service_level_ms must not be negative");
  }
  if (c.overflow && c.overflow->kind == OverflowKind::Queue && c.overflow->id == c.id) {
    return Error::invalid("overflow.id", queue + " cannot overflow to itself");
  }
  return ok_status();
}

Status QueueRouter::add_queue(const QueueConfig& config) {
  return event([&](UnixMs) -> Status {
    if (auto valid = validate_queue(config); !valid) return valid;
    if (queues_.contains(config.id)) return Error::conflict(id_name("queue", config.id) + " exists already");
    auto queue = std::make_unique<QueueState>();
    queue->config = config;
    queue->strategy = &strategy_for(config.strategy);
    queues_.emplace(config.id, std::move(queue));
    return ok_status();
  });
}

Status QueueRouter::update_queue(const QueueConfig& config) {
  return event([&](UnixMs now) -> Status {
    if (auto valid = validate_queue(config); !valid) return valid;
    QueueState* q = find_queue(config.id);
    if (q == nullptr)
      return Error{ErrorCode::NotFound, id_name("queue", config.id) + " does not exist", "id"};
    if (q->config.tenant != config.tenant) {
      return Error::invalid("tenant", id_name("queue", config.id) + " cannot move to another tenant");
    }
    std::vector<AgentRecord*> members;
    for (AgentId id : q->members) members.push_back(find_agent(id));
    for (AgentRecord* agent : members) deindex(*agent);

    const bool max_wait_changed = q->config.max_wait_ms != config.max_wait_ms;
    q->config = config;
    q->strategy = &strategy_for(config.strategy);
    if (max_wait_changed) {
      // Deadlines already past fire at the end of this event.
      for (const auto& [seq, id] : q->calls_by_age) {
        WaitingCall& call = calls_.at(id);
        cancel(call.max_wait_deadline, DeadlineKind::MaxWait, id);
        call.max_wait_reached = false;
        if (config.max_wait_ms > 0) {
          schedule(call.max_wait_deadline, call.entered_at + config.max_wait_ms, DeadlineKind::MaxWait, id);
        }
      }
    }
    for (AgentRecord* agent : members) refresh(*agent, now);
    drain(*q, now);
    return ok_status();
  });
}

Status QueueRouter::remove_queue(QueueId id) {
  return event([&](UnixMs now) -> Status {
    QueueState* q = find_queue(id);
    if (q == nullptr) return Error{ErrorCode::NotFound, id_name("queue", id) + " does not exist", "queue"};
    if (!q->calls_by_age.empty()) {
      return Error::conflict(id_name("queue", id) + " has " + std::to_string(q->calls_by_age.size()) +
                             " calls; take them out with leave() first");
    }
    const std::vector<AgentId> members(q->members.begin(), q->members.end());
    for (AgentId member : members) {
      AgentRecord& agent = *find_agent(member);
      deindex(agent);
      std::erase_if(agent.memberships, [q](const Membership& m) { return m.queue == q; });
      refresh(agent, now);
    }
    queues_.erase(id);
    return ok_status();
  });
}

// ---- agents

Result<std::vector<Membership>> QueueRouter::memberships_for(TenantId tenant,
                                                             const std::vector<QueueId>& queues) {
  std::vector<Membership> memberships;
  for (QueueId id : queues) {
    QueueState* q = find_queue(id);
    if (q == nullptr) return Error{ErrorCode::NotFound, id_name("queue", id) + " does not exist", "queues"};
    if (q->config.tenant != tenant) {
      return Error::invalid("queues", id_name("queue", id) + " belongs to " +
                                          id_name("tenant", q->config.tenant) + ", not " +
                                          id_name("tenant", tenant));
    }
    for (const auto& m : memberships) {
      if (m.queue == q) return Error::invalid("queues", id_name("queue", id) + " is listed twice");
    }
    memberships.push_back({q});
  }
  return memberships;
}

void QueueRouter::leave_queues(AgentRecord& agent) {
  for (const auto& m : agent.memberships) m.queue->members.erase(agent.id);
  agent.memberships.clear();
}

Status QueueRouter::login(const AgentLogin& login) {
  return event([&](UnixMs now) -> Status {
    if (login.mode == WorkMode::EndOfShift) {
      return Error::invalid("mode", id_name("agent", login.agent) + " cannot log in in end_of_shift mode");
    }
    if (auto valid = validate_skills(login.skills); !valid) return valid;
    auto memberships = memberships_for(login.tenant, login.queues);
    if (!memberships) return memberships.error();
    AgentRecord* agent = find_agent(login.agent);
    if (agent != nullptr && agent->state != AgentState::LoggedOut) {
      return Error::conflict(id_name("agent", login.agent) + " is logged in already");
    }
    if (agent == nullptr) {
      auto created = std::make_unique<AgentRecord>();
      created->id = login.agent;
      agent = created.get();
      agents_.emplace(login.agent, std::move(created));
    }
    agent->tenant = login.tenant;
    agent->skills = sorted(login.skills);
    agent->mode = login.mode;
    agent->memberships = std::move(memberships).value();
    for (const auto& m : agent->memberships) m.queue->members.insert(agent->id);
    agent->idle_since = now;
    agent->consecutive_misses = 0;
    set_state(*agent, AgentState::NotReady, "login", now);
    refresh(*agent, now);
    return ok_status();
  });
}

Status QueueRouter::logout(AgentId id) {
  return event([&](UnixMs now) -> Status {
    AgentRecord* agent = find_agent(id);
    if (agent == nullptr) return unknown_agent(id);
    if (agent->state == AgentState::LoggedOut) return not_logged_in(id);
    log_out(*agent, "logout", now);
    return ok_status();
  });
}

// A call the agent was ringing for goes back to its place in line; calls reserved for the agent are
// released to everyone.
void QueueRouter::log_out(AgentRecord& agent, std::string_view reason, UnixMs now) {
  deindex(agent);
  WaitingCall* returning = nullptr;
  if (agent.ringing_call) {
    WaitingCall& call = calls_.at(*agent.ringing_call);
    if (stop_ringing(call, agent)) returning = &call;
    decisions_.withdraw(call.id, agent.id, WithdrawReason::AgentLoggedOut);
  }
  end_wrap_up(agent, now);
  agent.not_ready_after_call.reset();
  set_state(agent, AgentState::LoggedOut, reason, now);
  leave_queues(agent);
  if (returning != nullptr) route(*returning, now);
  refresh(agent, now);
}

Status QueueRouter::set_ready(AgentId id) {
  return event([&](UnixMs now) -> Status {
    AgentRecord* agent = find_agent(id);
    if (agent == nullptr) return unknown_agent(id);
    switch (agent->state) {
      case AgentState::LoggedOut:
        return not_logged_in(id);
      case AgentState::Ringing:
        return Error::conflict(id_name("agent", id) + " is ringing; answer or reject the offer first");
      case AgentState::Ready:
        return ok_status();
      case AgentState::Talking:
        agent->not_ready_after_call.reset();
        return ok_status();
      case AgentState::NotReady:
        deindex(*agent);
        agent->consecutive_misses = 0;
        set_state(*agent, AgentState::Ready, "ready", now);
        refresh(*agent, now);
        return ok_status();
      case AgentState::WrapUp:
        deindex(*agent);
        end_wrap_up(*agent, now);
        agent->not_ready_after_call.reset();
        after_call(*agent, "ready_now", now);
        return ok_status();
    }
    return ok_status();
  });
}

Status QueueRouter::set_not_ready(AgentId id, std::string reason) {
  return event([&](UnixMs now) -> Status {
    if (reason.empty()) return Error::invalid("reason", "a not-ready reason is required");
    AgentRecord* agent = find_agent(id);
    if (agent == nullptr) return unknown_agent(id);
    if (agent->state == AgentState::LoggedOut) return not_logged_in(id);
    if (agent->state == AgentState::Talking) {
      agent->not_ready_after_call = std::move(reason);
      return ok_status();
    }
    deindex(*agent);
    WaitingCall* returning = nullptr;
    if (agent->ringing_call) {
      WaitingCall& call = calls_.at(*agent->ringing_call);
      if (stop_ringing(call, *agent)) returning = &call;
      decisions_.withdraw(call.id, agent->id, WithdrawReason::AgentNotReady);
    }
    end_wrap_up(*agent, now);
    agent->not_ready_after_call.reset();
    if (agent->mode == WorkMode::EndOfShift) {
      log_out(*agent, "end_of_shift", now);
    } else {
      set_state(*agent, AgentState::NotReady, reason, now);
      refresh(*agent, now);
    }
    if (returning != nullptr) route(*returning, now);
    return ok_status();
  });
}

Status QueueRouter::set_work_mode(AgentId id, WorkMode mode) {
  return event([&](UnixMs now) -> Status {
    AgentRecord* agent = find_agent(id);
    if (agent == nullptr) return unknown_agent(id);
    if (agent->state == AgentState::LoggedOut) return not_logged_in(id);
    if (agent->mode == mode) return ok_status();
    deindex(*agent);
    agent->mode = mode;
    const bool idle = agent->state == AgentState::Ready || agent->state == AgentState::NotReady;
    if (mode == WorkMode::EndOfShift && idle) {
      log_out(*agent, "end_of_shift", now);
    } else {
      refresh(*agent, now);
    }
    return ok_status();
  });
}

Status QueueRouter::update_skills(AgentId id, std::vector<AgentSkill> skills) {
  return event([&](UnixMs now) -> Status {
    if (auto valid = validate_skills(skills); !valid) return valid;
    AgentRecord* agent = find_agent(id);
    if (agent == nullptr) return unknown_agent(id);
    deindex(*agent);
    agent->skills = sorted(std::move(skills));
    refresh(*agent, now);
    return ok_status();
  });
}

Status QueueRouter::set_queues(AgentId id, std::vector<QueueId> queues) {
  return event([&](UnixMs now) -> Status {
    AgentRecord* agent = find_agent(id);
    if (agent == nullptr) return unknown_agent(id);
    if (agent->state == AgentState::LoggedOut) return not_logged_in(id);
    auto memberships = memberships_for(agent->tenant, queues);
    if (!memberships) return memberships.error();
    deindex(*agent);
    leave_queues(*agent);
    agent->memberships = std::move(memberships).value();
    for (const auto& m : agent->memberships) m.queue->members.insert(agent->id);
    refresh(*agent, now);
    return ok_status();
  });
}

Status QueueRouter::reset_daily_stats() {
  return event([&](UnixMs) -> Status {
    for (auto& [id, agent] : agents_) {
      deindex(*agent);
      agent->calls_answered_today = 0;
      agent->talk_time_today_ms = 0;
      reindex(*agent);  // only the order of ready agents changes; no call becomes routable
    }
    return ok_status();
  });
}

// ---- today's figures

Status QueueRouter::restore_today(std::span<const QueueExit> exits) {
  return event([&](UnixMs) -> Status {
    for (const QueueExit& exit : exits) {
      QueueState* q = find_queue(exit.queue);
      if (q == nullptr || q->config.tenant != exit.tenant) continue;
      if (exit.entered_at >= day_start_ && exit.entered_at < day_ends_at()) ++q->today.offered;
      if (exit.left_at >= day_start_ && exit.left_at < day_ends_at())
        q->today.count_exit(exit.outcome, exit.wait_ms, q->config.service_level_ms);
    }
    return ok_status();
  });
}

// Run before each deadline and event at `now`, so every entry and exit counts in the day it
// happened even when advance() comes late.
void QueueRouter::start_day_at(UnixMs now) {
  if (now < day_ends_at()) return;
  day_start_ = local_day_start(now, utc_offset_minutes_);
  for (auto& [id, queue] : queues_) queue->today = {};
}

// ---- after a call

// The handle time (talk + wrap-up) of the call goes into its queue's average.
void QueueRouter::end_wrap_up(AgentRecord& agent, UnixMs now) {
  if (!agent.wrap_up) return;
  const WrapUp& w = *agent.wrap_up;
  deadlines_.erase({w.until, DeadlineKind::WrapUpEnd, static_cast<std::uint64_t>(agent.id)});
  if (QueueState* q = find_queue(w.queue)) q->handle_times.add(w.talk_ms + (now - w.started_at));
  agent.wrap_up.reset();
}

// The agent (deindexed) is done with a call and its wrap-up: log out at the end of a shift, go not
// ready if asked during the call, or become ready and look for the next call.
void QueueRouter::after_call(AgentRecord& agent, std::string_view reason, UnixMs now) {
  if (agent.mode == WorkMode::EndOfShift) {
    log_out(agent, "end_of_shift", now);
    return;
  }
  if (agent.not_ready_after_call) {
    const std::string not_ready = std::move(*agent.not_ready_after_call);
    agent.not_ready_after_call.reset();
    set_state(agent, AgentState::NotReady, not_ready, now);
    refresh(agent, now);
    return;
  }
  set_state(agent, AgentState::Ready, reason, now);
  refresh(agent, now);
}

// The agents' ringing for a call of `queue` was withdrawn without their fault: they become ready
// (or log out at the end of their shift).
void QueueRouter::free_agents(QueueState& queue, std::span<const AgentId> ids, std::string_view reason,
                              UnixMs now) {
  std::vector<AgentRecord*> ready;
  for (AgentId id : ids) {
    AgentRecord& agent = *find_agent(id);
    deindex(agent);
    if (agent.mode == WorkMode::EndOfShift) {
      log_out(agent, "end_of_shift", now);
    } else {
      set_state(agent, AgentState::Ready, reason, now);
      ready.push_back(&agent);
    }
  }
  relist_together(queue, ready, now);
}

// Lists agents that became ready at the same moment (deindexed, state Ready) all at once before any
// of them looks for a call, so that a ring_all queue rings all of them for its next call; then each
// looks for a call across its queues. They stay indexed as they are (ready, or ringing if the
// queue's next call took them): indexing them again would change nothing but cost ten tree
// operations each.
void QueueRouter::relist_together(QueueState& queue, const std::vector<AgentRecord*>& agents, UnixMs now) {
  for (AgentRecord* agent : agents) reindex(*agent);
  drain(queue, now);
  for (AgentRecord* agent : agents) look_for_call(*agent, now);
}

}  // namespace hotline::acd
