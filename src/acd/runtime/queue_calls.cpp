#include "acd/runtime/queue_calls.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "pbx/agent_announcement.hpp"

namespace hotline::acd {
namespace {

// The language of what callers hear from the ACD; tenants have no language setting yet.
constexpr const char* kCallerLanguage = "zh-CN";

// Skill 0 stands for "no skill required": every member of a queue has it, so a queue without a
// skill offers its calls to all its members.
constexpr SkillId kAnyMember = 0;

StrategyKind strategy_of(const std::string& name) {
  if (name == "ring_all") return StrategyKind::RingAll;
  if (name == "round_robin") return StrategyKind::RoundRobin;
  if (name == "fewest_calls") return StrategyKind::FewestCalls;
  if (name == "least_talk_time") return StrategyKind::LeastTalkTime;
  if (name == "skill_level") return StrategyKind::SkillLevel;
  return StrategyKind::LongestIdle;
}

std::optional<OverflowKind> overflow_kind_of(const std::string& name) {
  if (name == "queue") return OverflowKind::Queue;
  if (name == "voicemail") return OverflowKind::Voicemail;
  if (name == "external_number") return OverflowKind::ExternalNumber;
  if (name == "flow") return OverflowKind::Flow;
  return std::nullopt;
}

OfferFailure failure_of(pbx::ConnectOutcome::Result result) {
  switch (result) {
    case pbx::ConnectOutcome::Result::Busy:
      return OfferFailure::Busy;
    case pbx::ConnectOutcome::Result::Declined:
      return OfferFailure::Rejected;
    case pbx::ConnectOutcome::Result::NoAnswer:
      return OfferFailure::NoAnswer;
    default:
      return OfferFailure::Unreachable;
  }
}

}  // namespace

QueueCalls::QueueCalls(sip::CoreLoop& loop, pbx::B2bua& calls, media::MediaEngine& media, store::Store& store,
                       const Clock& clock)
    : loop_(loop),
      calls_(calls),
      media_(media),
      store_(store),
      clock_(clock),
      router_(clock, *this, *this),
      deadline_(loop) {
  load();
}

QueueCalls::~QueueCalls() = default;

void QueueCalls::load() {
  for (const auto& tenant : store_.tenants().list()) {
    auto queues = store_.queues().list(tenant.id);
    for (const auto& q : queues) queue_ids_[{tenant.id, q.name}] = q.id;
    for (const auto& q : queues) {
      QueueConfig config;
      config.id = q.id;
      config.tenant = tenant.id;
      config.skill = q.skill_id.value_or(kAnyMember);
      config.min_level = q.min_level;
      config.strategy = strategy_of(q.strategy);
      config.max_wait_ms = q.max_wait_ms;
      config.max_length = static_cast<std::size_t>(q.max_length);
      config.wrap_up_ms = q.wrap_up_ms;
      config.ring_timeout_ms = q.ring_timeout_ms;
      config.max_misses = q.max_misses;
      if (q.overflow_kind && q.overflow_target) {
        if (auto kind = overflow_kind_of(*q.overflow_kind)) {
          OverflowTarget target{*kind, 0, *q.overflow_target};
          if (*kind == OverflowKind::Queue) {
            auto other = queue_ids_.find({tenant.id, *q.overflow_target});
            target.id = other == queue_ids_.end() ? 0 : other->second;
          }
          if (*kind != OverflowKind::Queue || target.id != 0) config.overflow = target;
        }
      }
      settings_[q.id] = {q.name, q.music_class, q.announce_interval_ms, q.survey_flow};
      if (auto added = router_.add_queue(config); !added)
        spdlog::warn("queue {}: {}", q.name, added.error().message);
    }
    std::unordered_map<std::int64_t, std::string> extensions;
    for (const auto& user : store_.users().list(tenant.id)) {
      if (user.extension) extensions[user.id] = *user.extension;
    }
    for (const auto& member : store_.queues().members(tenant.id)) {
      auto extension = extensions.find(member.user_id);
      if (extension == extensions.end()) continue;  // an agent without a phone cannot be rung
      Agent& agent = agents_[member.user_id];
      agent.tenant_id = tenant.id;
      agent.extension = extension->second;
      agent_by_extension_[{tenant.id, extension->second}] = member.user_id;
      agent.queues.push_back(member.queue_id);
      if (agent.skills.empty()) agent.skills.push_back({kAnyMember, kMaxSkillLevel});
    }
    for (const auto& skill : store_.skills().agent_skills(tenant.id)) {
      if (auto agent = agents_.find(skill.user_id); agent != agents_.end())
        agent->second.skills.push_back({skill.skill_id, skill.level});
    }
  }
}

std::optional<AgentId> QueueCalls::agent_at(std::int64_t tenant_id, const std::string& extension) const {
  auto it = agent_by_extension_.find({tenant_id, extension});
  return it == agent_by_extension_.end() ? std::nullopt : std::optional(it->second);
}

void QueueCalls::on_registration(std::int64_t tenant_id, const std::string& extension, bool registered) {
  auto id = agent_at(tenant_id, extension);
  if (!id) return;
  Agent& agent = agents_.at(*id);
  if (registered == agent.logged_in) return;  // a refresh
  agent.logged_in = registered;
  if (registered) {
    after_event(router_.login({*id, tenant_id, agent.skills, agent.queues, WorkMode::Normal}), "login");
    after_event(router_.set_ready(*id), "ready");
  } else {
    after_event(router_.logout(*id), "logout");
  }
}

void QueueCalls::on_extension_busy(std::int64_t tenant_id, const std::string& extension, bool busy) {
  auto id = agent_at(tenant_id, extension);
  if (!id) return;
  Agent& agent = agents_.at(*id);
  agent.other_calls = std::max(0, agent.other_calls + (busy ? 1 : -1));
  auto state = router_.agent_snapshot(*id);
  if (!state) return;  // not logged in
  if (busy && agent.other_calls == 1 && state->state == AgentState::Ready) {
    after_event(router_.set_not_ready(*id, "on_call"), "busy");
  } else if (!busy && agent.other_calls == 0 && state->state == AgentState::NotReady &&
             state->reason == "on_call") {
    after_event(router_.set_ready(*id), "free");
  }
}

Status QueueCalls::on_call(const pbx::ServiceCall& call) {
  auto queue = queue_ids_.find({call.tenant_id, call.service});
  if (queue == queue_ids_.end()) return Error::not_found("no queue named '" + call.service + "'");
  CallId id = next_call_++;
  const QueueSettings& settings = settings_[queue->second];
  queued_[id] = {call.call_id, call.tenant_id, queue->second, call.relay, call.announce_agent,
                 {},           std::nullopt,   nullptr};
  by_call_id_[call.call_id] = id;
  media_.start_music(call.relay, media::RelaySide::A, settings.music_class);
  // VIP callers (ACD-4) are served ahead of others by their list priority, unless the flow that
  // handed the call over chose a higher priority.
  auto entered =
      router_.enqueue({id, queue->second, std::max(call.priority, call.vip_level), 0, std::nullopt, 0});
  if (!entered) {
    media_.stop_music(call.relay, media::RelaySide::A);
    by_call_id_.erase(call.call_id);
    queued_.erase(id);
    return entered;
  }
  if (auto every = settings.announce_every_ms; every > 0) {
    auto& announcer = queued_.at(id).announcer;
    announcer = std::make_unique<sip::CoreTimer>(loop_);
    announcer->start_repeating(every, [this, id] { announce(id); });
  }
  arm_deadline();
  return ok_status();
}

void QueueCalls::announce(CallId id) {
  QueuedCall* call = find(id);
  if (!call || call->agent || !call->ringing.empty()) return;  // a phone rings: let it
  auto position = router_.position(id);
  if (!position) return;
  // No estimate before the queue has answered a call (or has no staffed agent): the place alone.
  auto wait_ms = router_.expected_wait_ms(id);
  std::string text =
      *position <= 1 ? "您是下一位" : "您前面还有" + std::to_string(*position - 1) + "位客户在等候";
  std::string detail = "position " + std::to_string(*position);
  if (wait_ms) {
    auto minutes = std::max<std::int64_t>(1, (*wait_ms + 59'999) / 60'000);
    text += "，预计等待" + std::to_string(minutes) + "分钟";
    detail += ", expected wait " + std::to_string(*wait_ms / 1000) + " s";
  }
  text += "，请稍候。";
  media::PlaySpec spec;
  spec.items = {media::PlayItemSpec::speech(text, "zh-CN")};
  spec.interruptible = false;
  calls_.play(call->id, spec);  // over the music, which resumes after it
  store_.call_events().add_async({0, call->id, call->tenant_id, clock_.now_ms(), "queue_announcement",
                                  "caller", detail, "acd", std::nullopt});
}

void QueueCalls::offer(const Offer& offer) {
  QueuedCall* call = find(offer.call);
  if (!call) return;
  std::vector<std::string> extensions;
  for (AgentId agent : offer.agents) {
    call->ringing.push_back(agent);
    extensions.push_back(agents_.at(agent).extension);
  }
  // The router rings for ring_timeout_ms itself; the phones get a little longer so that its
  // withdraw (counted as the agent's no-answer) comes first.
  std::int64_t ring_ms = offer.ring_deadline ? *offer.ring_deadline - clock_.now_ms() + 5000 : 60'000;
  if (!calls_.connect(call->id, extensions, ring_ms, connect_options(*call, extensions))) {
    later([this, id = offer.call, agents = std::vector<AgentId>(offer.agents.begin(), offer.agents.end())] {
      for (AgentId agent : agents)
        after_event(router_.offer_failed(id, agent, OfferFailure::Unreachable), "offer");
    });
  }
}

pbx::ConnectOptions QueueCalls::connect_options(const QueuedCall& call,
                                                const std::vector<std::string>& extensions) const {
  pbx::ConnectOptions options;
  if (!call.announce_agent) return options;
  for (const auto& extension : extensions)
    options.announce_before_bridging[extension] = pbx::agent_announcement(extension, kCallerLanguage);
  return options;
}

void QueueCalls::arrange_survey(const QueuedCall& call, AgentId agent) {
  const QueueSettings& settings = settings_.at(call.queue);
  if (!settings.survey_flow) return;
  pbx::HandOver survey{"flow",
                       *settings.survey_flow,
                       {{"agent_id", std::to_string(agent)},
                        {"agent_extension", agents_.at(agent).extension},
                        {"queue", settings.name}}};
  if (auto arranged = calls_.hand_over_when_callee_hangs_up(call.id, std::move(survey)); !arranged)
    spdlog::warn("call {}: no survey after the agent: {}", call.id, arranged.error().message);
}

void QueueCalls::withdraw(CallId id, AgentId agent, WithdrawReason) {
  QueuedCall* call = find(id);
  if (!call) return;
  std::erase(call->ringing, agent);
  calls_.cancel_connect(call->id, agents_.at(agent).extension);
}

void QueueCalls::on_connect_result(const std::string& call_id, const pbx::ConnectOutcome& outcome) {
  auto by_id = by_call_id_.find(call_id);
  if (by_id == by_call_id_.end()) return;
  QueuedCall& call = queued_.at(by_id->second);
  std::vector<AgentId> ringing = std::exchange(call.ringing, {});
  if (outcome.result == pbx::ConnectOutcome::Result::Answered) {
    auto agent = agent_at(call.tenant_id, outcome.extension);
    if (!agent) return;
    call.agent = agent;
    media_.stop_music(call.relay, media::RelaySide::A);
    arrange_survey(call, *agent);
    after_event(router_.offer_answered(by_id->second, *agent), "answer");
    return;
  }
  for (AgentId agent : ringing)
    after_event(router_.offer_failed(by_id->second, agent, failure_of(outcome.result)), "offer");
}

void QueueCalls::on_call_ended(const std::string& call_id) {
  auto by_id = by_call_id_.find(call_id);
  if (by_id == by_call_id_.end()) return;
  CallId id = by_id->second;
  std::optional<AgentId> agent = queued_.at(id).agent;
  if (agent)
    after_event(router_.call_ended(*agent), "call end");
  else
    after_event(router_.abandon(id), "abandon");  // logs the exit while the call is still known
  by_call_id_.erase(call_id);
  queued_.erase(id);
}

void QueueCalls::overflow(CallId id, QueueId, const OverflowTarget& target) {
  if (target.kind == OverflowKind::Queue) return;  // the router moved it
  end_in_queue(id, std::string("queue overflow to ") + to_string(target.kind) + " " + target.address +
                       ": not available yet");
}

void QueueCalls::timed_out(CallId id, QueueId) { end_in_queue(id, "queue: waited too long"); }

// The call leaves the ACD without an agent: the caller is told (busy tone) and hung up.
void QueueCalls::end_in_queue(CallId id, const std::string& cause) {
  QueuedCall* call = find(id);
  if (!call) return;
  std::string call_id = call->id;
  media_.stop_music(call->relay, media::RelaySide::A);
  later([this, id, call_id, cause] {  // after the router has logged the exit
    by_call_id_.erase(call_id);
    queued_.erase(id);
    calls_.hang_up(call_id, cause);
  });
}

void QueueCalls::agent_state_changed(const AgentStateChange& change) {
  store_.acd_log().add_state_change_async(
      {change.tenant, change.agent, to_string(change.from), to_string(change.to), change.reason, change.at});
}

void QueueCalls::queue_entered(const QueueEntry& entry) {
  if (QueuedCall* call = find(entry.call)) {
    store_.call_events().add_async({0, call->id, entry.tenant, entry.entered_at, "queue_entered", "caller",
                                    std::to_string(entry.queue), "acd", std::nullopt});
  }
}

void QueueCalls::queue_left(const QueueExit& exit) {
  QueuedCall* call = find(exit.call);
  std::string call_id = call ? call->id : std::string{};
  store_.acd_log().add_queue_entry_async({exit.tenant, call_id, exit.queue, exit.entered_at, exit.left_at,
                                          exit.wait_ms, to_string(exit.outcome), exit.agent});
}

void QueueCalls::after_event(const Status& status, const char* what) {
  if (!status) spdlog::warn("acd {}: {}", what, status.error().message);
  arm_deadline();
}

void QueueCalls::later(std::function<void()> work) { loop_.post(std::move(work)); }

void QueueCalls::arm_deadline() {
  auto next = router_.next_deadline();
  if (!next) {
    deadline_.cancel();
    return;
  }
  deadline_.start(std::max<std::int64_t>(0, *next - clock_.now_ms()),
                  [this] { after_event(router_.advance(clock_.now_ms()), "advance"); });
}

QueueCalls::QueuedCall* QueueCalls::find(CallId call) {
  auto it = queued_.find(call);
  return it == queued_.end() ? nullptr : &it->second;
}

}  // namespace hotline::acd
