#include "acd/runtime/queue_calls.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "acd/runtime/queue_announcement.hpp"
#include "acd/runtime/today_from_log.hpp"
#include "pbx/agent_announcement.hpp"

namespace hotline::acd {
namespace {

// The language of what callers hear from the ACD; tenants have no language setting yet.

// Skill 0 stands for "no skill required": every member of a queue has it, so a queue without a
// skill offers its calls to all its members.
constexpr SkillId kAnyMember = 0;
// How long an outside number a queue overflows to may ring (on each trunk tried).
constexpr std::int64_t kExternalRingTimeoutMs = 60'000;

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
                       const Clock& clock, int utc_offset_minutes)
    : loop_(loop),
      calls_(calls),
      media_(media),
      store_(store),
      clock_(clock),
      router_(clock, *this, *this, utc_offset_minutes),
      deadline_(loop),
      midnight_(loop) {
  for (const auto& tenant : store_.tenants().list()) {
    apply(read_config(store_, tenant.id));
    after_event(restore_today_from_log(router_, store_.acd_log(), tenant.id), "today's figures");
  }
  arm_midnight();
}

QueueCalls::~QueueCalls() = default;

QueueCalls::TenantConfig QueueCalls::read_config(store::Store& store, std::int64_t tenant_id) {
  auto tenant = store.tenants().get(tenant_id);
  return {tenant_id,
          tenant ? tenant->language : std::string("zh-CN"),
          store.queues().list(tenant_id),
          store.users().list(tenant_id),
          store.queues().members(tenant_id),
          store.skills().agent_skills(tenant_id),
          tenant ? tenant->seats : std::nullopt};
}

bool QueueCalls::seat_free(std::int64_t tenant_id) const {
  auto seats = seats_.find(tenant_id);
  if (seats == seats_.end() || !seats->second) return true;
  auto taken = std::count_if(agents_.begin(), agents_.end(), [tenant_id](const auto& entry) {
    return entry.second.tenant_id == tenant_id && entry.second.logged_in;
  });
  return taken < *seats->second;
}

const std::string& QueueCalls::language_of(std::int64_t tenant_id) const {
  static const std::string kDefault = "zh-CN";
  auto it = languages_.find(tenant_id);
  return it == languages_.end() ? kDefault : it->second;
}

void QueueCalls::apply(const TenantConfig& config) {
  languages_[config.tenant_id] = config.language;
  seats_[config.tenant_id] = config.seats;
  load_queues(config);
  load_agents(config);
  arm_deadline();
}

QueueConfig QueueCalls::config_of(const store::Queue& q) const {
  QueueConfig config;
  config.id = q.id;
  config.tenant = q.tenant_id;
  config.skill = q.skill_id.value_or(kAnyMember);
  config.min_level = q.min_level;
  config.strategy = strategy_of(q.strategy);
  config.max_wait_ms = q.max_wait_ms;
  config.max_length = static_cast<std::size_t>(q.max_length);
  config.wrap_up_ms = q.wrap_up_ms;
  config.ring_timeout_ms = q.ring_timeout_ms;
  config.max_misses = q.max_misses;
  config.service_level_ms = q.service_level_s * 1000LL;
  if (q.overflow_kind && q.overflow_target) {
    if (auto kind = overflow_kind_of(*q.overflow_kind)) {
      OverflowTarget target{*kind, 0, *q.overflow_target};
      if (*kind == OverflowKind::Queue) {
        auto other = queue_ids_.find({q.tenant_id, *q.overflow_target});
        target.id = other == queue_ids_.end() ? 0 : other->second;
      }
      if (*kind != OverflowKind::Queue || target.id != 0) config.overflow = target;
    }
  }
  return config;
}

// Queues new in the store are added, changed ones updated in place (their calls stay in line),
// deleted ones removed once no call is left in them.
void QueueCalls::load_queues(const TenantConfig& config) {
  const std::int64_t tenant_id = config.tenant_id;
  const auto& queues = config.queues;
  std::erase_if(queue_ids_, [tenant_id](const auto& entry) { return entry.first.first == tenant_id; });
  for (const auto& q : queues) queue_ids_[{tenant_id, q.name}] = q.id;  // overflow targets are by name
  std::set<QueueId> present;
  for (const auto& q : queues) {
    present.insert(q.id);
    QueueConfig settings = config_of(q);
    Status applied =
        queue_info_.contains(q.id) ? router_.update_queue(settings) : router_.add_queue(settings);
    if (!applied) {
      spdlog::warn("queue {}: {}", q.name, applied.error().message);
      if (!queue_info_.contains(q.id)) continue;
    }
    queue_info_[q.id] = {tenant_id, q.name, q.music_class, q.announce_interval_ms, q.survey_flow};
  }
  for (auto it = queue_info_.begin(); it != queue_info_.end();) {
    if (it->second.tenant_id != tenant_id || present.contains(it->first)) {
      ++it;
    } else if (auto removed = router_.remove_queue(it->first); removed) {
      it = queue_info_.erase(it);
    } else {
      spdlog::warn("queue {} was deleted but stays until its calls leave: {}", it->second.name,
                   removed.error().message);
      ++it;
    }
  }
}

// An agent is a user with a phone (extension) who is a member of at least one queue.
void QueueCalls::load_agents(const TenantConfig& config) {
  const std::int64_t tenant_id = config.tenant_id;
  std::unordered_map<std::int64_t, std::string> extensions;
  for (const auto& user : config.users) {
    if (user.extension) extensions[user.id] = *user.extension;
  }
  std::unordered_map<AgentId, Agent> wanted;
  for (const auto& member : config.members) {
    auto extension = extensions.find(member.user_id);
    if (extension == extensions.end() || !queue_info_.contains(member.queue_id)) continue;
    Agent& agent = wanted[member.user_id];
    agent.tenant_id = tenant_id;
    agent.extension = extension->second;
    agent.queues.push_back(member.queue_id);
    if (agent.skills.empty()) agent.skills.push_back({kAnyMember, kMaxSkillLevel});
  }
  for (const auto& skill : config.skills) {
    if (auto agent = wanted.find(skill.user_id); agent != wanted.end())
      agent->second.skills.push_back({skill.skill_id, skill.level});
  }
  std::vector<AgentId> gone;
  for (const auto& [id, agent] : agents_) {
    if (agent.tenant_id == tenant_id && !wanted.contains(id)) gone.push_back(id);
  }
  for (AgentId id : gone) remove_agent(id);
  for (auto& [id, fresh] : wanted) {
    auto existing = agents_.find(id);
    if (existing != agents_.end() && existing->second.extension != fresh.extension) {
      remove_agent(id);  // a new phone: the agent logs in with that one
      existing = agents_.end();
    }
    if (existing == agents_.end()) {
      add_agent(id, std::move(fresh));
      continue;
    }
    Agent& agent = existing->second;
    agent.skills = std::move(fresh.skills);
    agent.queues = std::move(fresh.queues);
    if (agent.logged_in) apply_membership(id, agent);
  }
}

// A new agent logs in at once when its phone is registered already.
void QueueCalls::add_agent(AgentId id, Agent agent) {
  std::pair<std::int64_t, std::string> phone{agent.tenant_id, agent.extension};
  agents_.emplace(id, std::move(agent));
  agent_by_extension_[phone] = id;
  if (registered_.contains(phone)) on_registration(phone.first, phone.second, true);
}

void QueueCalls::apply_membership(AgentId id, const Agent& agent) {
  after_event(router_.update_skills(id, agent.skills), "skills");
  after_event(router_.set_queues(id, active_queues(agent)), "queues");
}

std::vector<QueueId> QueueCalls::active_queues(const Agent& agent) {
  std::vector<QueueId> active;
  for (QueueId queue : agent.queues) {
    if (!agent.left_queues.contains(queue)) active.push_back(queue);
  }
  return active;
}

void QueueCalls::remove_agent(AgentId id) {
  auto it = agents_.find(id);
  if (it == agents_.end()) return;
  if (it->second.logged_in) after_event(router_.logout(id), "logout");  // withdraws a ringing offer
  agent_by_extension_.erase({it->second.tenant_id, it->second.extension});
  agents_.erase(it);
}

std::optional<AgentId> QueueCalls::agent_at(std::int64_t tenant_id, const std::string& extension) const {
  auto it = agent_by_extension_.find({tenant_id, extension});
  return it == agent_by_extension_.end() ? std::nullopt : std::optional(it->second);
}

void QueueCalls::on_registration(std::int64_t tenant_id, const std::string& extension, bool registered) {
  if (registered)
    registered_.emplace(tenant_id, extension);
  else
    registered_.erase({tenant_id, extension});
  auto id = agent_at(tenant_id, extension);
  if (!id) return;
  Agent& agent = agents_.at(*id);
  if (registered == agent.logged_in) return;  // a refresh
  if (registered && agent.logged_out_by_command) return;
  if (registered && !seat_free(tenant_id)) {
    spdlog::warn("acd: agent at {} stays logged out: the tenant's seats are all taken", extension);
    return;
  }
  agent.logged_in = registered;
  if (registered) {
    after_event(router_.login({*id, tenant_id, agent.skills, active_queues(agent), WorkMode::Normal}),
                "login");
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
  auto known = queue_info_.find(queue->second);
  if (known == queue_info_.end()) return Error::unavailable("queue '" + call.service + "' is not in service");
  const QueueInfo& info = known->second;
  QueuedCall& queued = queued_[id];
  queued.id = call.call_id;
  queued.tenant_id = call.tenant_id;
  queued.queue = queue->second;
  queued.relay = call.relay;
  queued.caller = call.caller;
  queued.data = call.variables;
  queued.entered_at = clock_.now_ms();
  queued.announce_agent = call.announce_agent;
  by_call_id_[call.call_id] = id;
  media_.start_music(call.relay, media::RelaySide::A,
                     media::tenant_music_class(info.tenant_id, info.music_class));
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
  if (auto every = info.announce_every_ms; every > 0) {
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
  std::optional<std::int64_t> expected_wait = wait_ms ? std::optional(*wait_ms) : std::nullopt;
  const std::string& language = language_of(call->tenant_id);
  std::string text = queue_position_text(*position, expected_wait, language);
  std::string detail = "position " + std::to_string(*position);
  if (wait_ms) detail += ", expected wait " + std::to_string(*wait_ms / 1000) + " s";
  detail += ": " + text;  // what the caller heard, on the timeline
  media::PlaySpec spec;
  spec.items = {media::PlayItemSpec::speech(text, language)};
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
    options.announce_before_bridging[extension] =
        pbx::agent_announcement(extension, language_of(call.tenant_id));
  return options;
}

void QueueCalls::arrange_survey(const QueuedCall& call, AgentId agent) {
  auto info = queue_info_.find(call.queue);
  if (info == queue_info_.end() || !info->second.survey_flow) return;
  pbx::HandOver survey{"flow",
                       *info->second.survey_flow,
                       {{"agent_id", std::to_string(agent)},
                        {"agent_extension", agents_.at(agent).extension},
                        {"queue", info->second.name}}};
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
  if (!call.external_number.empty()) return on_external_result(call, outcome);
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
  else if (queued_.at(id).external_number.empty())
    after_event(router_.abandon(id), "abandon");  // logs the exit while the call is still known
  by_call_id_.erase(call_id);
  queued_.erase(id);
}

void QueueCalls::overflow(CallId id, QueueId, const OverflowTarget& target) {
  if (target.kind == OverflowKind::Queue) return;  // the router moved it
  if (target.kind == OverflowKind::ExternalNumber) return overflow_to_number(id, target.address);
  std::string cause = std::string("queue overflow to ") + to_string(target.kind) + " " + target.address;
  const char* service = target.kind == OverflowKind::Voicemail ? "voicemail" : "flow";
  leave_queue_for(id, {service, target.address}, cause);
}

// The call leaves the ACD for another service (a voicemail box, a flow); if that refuses, it ends
// as end_in_queue does.
void QueueCalls::leave_queue_for(CallId id, const pbx::ServiceTarget& next, const std::string& cause) {
  QueuedCall* call = find(id);
  if (!call) return;
  std::string call_id = call->id;
  media_.stop_music(call->relay, media::RelaySide::A);
  later([this, id, call_id, next, cause] {  // after the router has logged the exit
    by_call_id_.erase(call_id);
    queued_.erase(id);
    if (auto handed = calls_.hand_over(call_id, {next.kind, next.name}); !handed)
      calls_.hang_up(call_id, cause + ": " + handed.error().message);
  });
}

// The caller keeps hearing the queue's music while the number rings (on one trunk after another
// if they fail), and is connected when it answers.
void QueueCalls::overflow_to_number(CallId id, const std::string& number) {
  QueuedCall* call = find(id);
  if (!call) return;
  call->external_number = number;
  call->announcer.reset();
  later([this, id, number] {  // after the router has logged the exit
    QueuedCall* waiting = find(id);
    if (!waiting || calls_.connect_external(waiting->id, number, kExternalRingTimeoutMs)) return;
    std::string call_id = waiting->id;
    media_.stop_music(waiting->relay, media::RelaySide::A);
    calls_.hang_up(call_id, "queue overflow: no outbound route is open for " + number);
  });
}

void QueueCalls::on_external_result(QueuedCall& call, const pbx::ConnectOutcome& outcome) {
  media_.stop_music(call.relay, media::RelaySide::A);
  if (outcome.result == pbx::ConnectOutcome::Result::Answered) return;  // talking to the number now
  std::string cause =
      "queue overflow to " + call.external_number + " failed: SIP " + std::to_string(outcome.sip_status);
  calls_.hang_up(std::string(call.id), cause);  // ends the call: `call` is gone after this
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
  notify_agent(change.agent);
}

void QueueCalls::queue_entered(const QueueEntry& entry) {
  notify_queue(entry.tenant, entry.queue);
  if (QueuedCall* call = find(entry.call)) {
    store_.call_events().add_async({0, call->id, entry.tenant, entry.entered_at, "queue_entered", "caller",
                                    std::to_string(entry.queue), "acd", std::nullopt});
  }
}

void QueueCalls::queue_left(const QueueExit& exit) {
  notify_queue(exit.tenant, exit.queue);
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

// A timer may fire a little before the wall clock's midnight: then it waits the rest.
void QueueCalls::arm_midnight() {
  midnight_.start(std::max<std::int64_t>(0, router_.day_ends_at() - clock_.now_ms()), [this] {
    if (clock_.now_ms() >= router_.day_ends_at()) start_new_day();
    arm_midnight();
  });
}

void QueueCalls::start_new_day() {
  after_event(router_.advance(clock_.now_ms()), "new day");
  after_event(router_.reset_daily_stats(), "new day");
  if (!observer_) return;
  for (const auto& [id, agent] : agents_) {
    if (auto view = agent_view(agent.tenant_id, id)) observer_->agent_changed(*view);
  }
  for (const auto& [id, info] : queue_info_) observer_->queue_changed(info.tenant_id, id);
}

Status QueueCalls::command(std::int64_t tenant_id, std::int64_t user_id, const AgentCommand& command) {
  auto it = agents_.find(user_id);
  if (it == agents_.end() || it->second.tenant_id != tenant_id)
    return Error::not_found("user " + std::to_string(user_id) + " is no agent of a queue");
  Agent& agent = it->second;
  using Kind = AgentCommand::Kind;
  Status done = ok_status();
  switch (command.kind) {
    case Kind::LogIn:
      return log_in(user_id, agent, command.queues);
    case Kind::LogOut:
      done = log_out(user_id, agent, command.queues);
      break;
    case Kind::ReadyNow:
      if (auto state = router_.agent_snapshot(user_id); !state || state->state != AgentState::WrapUp)
        return Error::conflict("agent " + std::to_string(user_id) + " is not in wrap-up");
      done = router_.set_ready(user_id);
      break;
    case Kind::Ready:
      done = router_.set_ready(user_id);
      break;
    case Kind::NotReady:
      done = router_.set_not_ready(user_id, command.reason);
      break;
    case Kind::SetWorkMode:
      done = router_.set_work_mode(user_id, command.mode);
      if (done) notify_agent(user_id);  // no state change tells of it
      break;
  }
  arm_deadline();
  return done;
}

namespace {

// InvalidArgument naming queues.N for a queue the agent is no member of.
Status check_members(const std::vector<QueueId>& members, const std::vector<QueueId>& queues) {
  for (std::size_t i = 0; i < queues.size(); ++i) {
    if (std::find(members.begin(), members.end(), queues[i]) == members.end())
      return Error::invalid("queues." + std::to_string(i),
                            "the agent is no member of queue " + std::to_string(queues[i]));
  }
  return ok_status();
}

}  // namespace

Status QueueCalls::log_in(AgentId id, Agent& agent, const std::vector<QueueId>& queues) {
  if (auto members = check_members(agent.queues, queues); !members) return members;
  // Logged in, the agent joins these queues too; logging in, it is in exactly these (or all).
  std::set<QueueId> left;
  if (agent.logged_in && !queues.empty())
    left = agent.left_queues;
  else if (!queues.empty())
    left.insert(agent.queues.begin(), agent.queues.end());
  for (QueueId queue : queues) left.erase(queue);
  if (agent.logged_in) {
    agent.left_queues = std::move(left);
    agent.logged_out_by_command = false;
    apply_membership(id, agent);
    return ok_status();
  }
  if (!registered_.contains({agent.tenant_id, agent.extension}))
    return Error::conflict("the phone of extension " + agent.extension + " is not registered");
  if (!seat_free(agent.tenant_id))
    return Error::conflict("all " + std::to_string(*seats_.at(agent.tenant_id)) +
                           " seats of the tenant are taken");
  agent.left_queues = std::move(left);
  agent.logged_out_by_command = false;
  on_registration(agent.tenant_id, agent.extension, true);
  return ok_status();
}

Status QueueCalls::log_out(AgentId id, Agent& agent, const std::vector<QueueId>& queues) {
  if (auto members = check_members(agent.queues, queues); !members) return members;
  agent.left_queues.insert(queues.begin(), queues.end());
  if (!queues.empty() && !active_queues(agent).empty()) {  // still in some of its queues
    if (agent.logged_in) apply_membership(id, agent);
    return ok_status();
  }
  agent.logged_out_by_command = true;
  if (!agent.logged_in) return ok_status();
  agent.logged_in = false;
  return router_.logout(id);
}

std::vector<QueueView> QueueCalls::queue_views(std::int64_t tenant_id) const {
  std::vector<QueueView> views;
  for (const auto& [id, info] : queue_info_) {
    if (info.tenant_id != tenant_id) continue;
    auto figures = router_.queue_snapshot(id);
    if (!figures) continue;
    views.push_back({id, info.name, *figures, call_views(id)});
  }
  std::sort(views.begin(), views.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return views;
}

// Calls being offered first (their agents' phones ring), then the line in order.
std::vector<QueuedCallView> QueueCalls::call_views(QueueId queue) const {
  std::vector<QueuedCallView> views;
  const UnixMs now = clock_.now_ms();
  auto extension_of = [this](AgentId agent) {
    auto it = agents_.find(agent);
    return it == agents_.end() ? std::string{} : it->second.extension;
  };
  for (const auto& [id, call] : queued_) {
    if (call.queue != queue || call.agent || call.ringing.empty()) continue;
    QueuedCallView& view = views.emplace_back();
    view.call_id = call.id;
    view.caller = call.caller;
    view.data = call.data;
    view.entered_at = call.entered_at;
    view.waited_ms = now - call.entered_at;
    for (AgentId agent : call.ringing) view.ringing.push_back(extension_of(agent));
  }
  std::sort(views.begin(), views.end(),
            [](const auto& a, const auto& b) { return a.entered_at < b.entered_at; });
  auto line = router_.waiting_calls(queue, queued_.size());
  if (!line) return views;
  for (const WaitingCallView& waiting : *line) {
    auto call = queued_.find(waiting.call);
    if (call == queued_.end()) continue;
    QueuedCallView& view = views.emplace_back();
    view.call_id = call->second.id;
    view.caller = call->second.caller;
    view.data = call->second.data;
    view.priority = waiting.priority;
    view.entered_at = call->second.entered_at;
    view.waited_ms = now - call->second.entered_at;
    view.position = waiting.position;
    if (waiting.waiting_for) view.waiting_for = extension_of(*waiting.waiting_for);
  }
  return views;
}

std::vector<AgentView> QueueCalls::agent_views(std::int64_t tenant_id) const {
  std::vector<AgentView> views;
  for (const auto& [id, agent] : agents_) {
    if (auto view = agent_view(tenant_id, id)) views.push_back(std::move(*view));
  }
  std::sort(views.begin(), views.end(),
            [](const auto& a, const auto& b) { return a.extension < b.extension; });
  return views;
}

std::optional<AgentView> QueueCalls::agent_view(std::int64_t tenant_id, AgentId id) const {
  auto it = agents_.find(id);
  if (it == agents_.end() || it->second.tenant_id != tenant_id) return std::nullopt;
  const Agent& agent = it->second;
  AgentView view;
  view.user_id = id;
  view.extension = agent.extension;
  view.phone_registered = registered_.contains({tenant_id, agent.extension});
  if (auto snapshot = router_.agent_snapshot(id)) {
    view.snapshot = std::move(*snapshot);
  } else {
    view.snapshot.agent = id;
    view.snapshot.tenant = tenant_id;
    view.snapshot.skills = agent.skills;
    view.snapshot.queues = agent.queues;
  }
  if (view.snapshot.call) {
    if (auto call = queued_.find(*view.snapshot.call); call != queued_.end()) {
      view.call_id = call->second.id;
      view.caller = call->second.caller;
      view.call_data = call->second.data;
    }
  }
  return view;
}

std::optional<QueueView> QueueCalls::queue_figures(QueueId queue) const {
  auto info = queue_info_.find(queue);
  if (info == queue_info_.end()) return std::nullopt;
  auto figures = router_.queue_snapshot(queue);
  if (!figures) return std::nullopt;
  return QueueView{queue, info->second.name, *figures, {}};
}

std::vector<QueueId> QueueCalls::member_queues(std::int64_t tenant_id, AgentId id) const {
  auto it = agents_.find(id);
  if (it == agents_.end() || it->second.tenant_id != tenant_id) return {};
  return it->second.queues;
}

const CallData* QueueCalls::call_data(const std::string& call_id) const {
  auto id = by_call_id_.find(call_id);
  if (id == by_call_id_.end()) return nullptr;
  auto call = queued_.find(id->second);
  return call == queued_.end() ? nullptr : &call->second.data;
}

void QueueCalls::notify_agent(AgentId id) {
  if (!observer_) return;
  auto it = agents_.find(id);
  if (it == agents_.end()) return;
  auto view = agent_view(it->second.tenant_id, id);
  if (!view) return;
  observer_->agent_changed(*view);
  for (QueueId queue : it->second.queues) observer_->queue_changed(it->second.tenant_id, queue);
}

void QueueCalls::notify_queue(std::int64_t tenant_id, QueueId queue) {
  if (observer_) observer_->queue_changed(tenant_id, queue);
}

QueueCalls::QueuedCall* QueueCalls::find(CallId call) {
  auto it = queued_.find(call);
  return it == queued_.end() ? nullptr : &it->second;
}

}  // namespace hotline::acd
