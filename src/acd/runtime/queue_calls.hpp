// QueueCalls: the ACD on real calls (ACD-1..ACD-11). A number whose target is "queue:NAME", or
// an IVR flow's queue node (B2bua::hand_over), puts the caller in the tenant's queue: it hears the
// queue's music on hold while the QueueRouter picks an agent; the pbx rings that agent's phone
// (B2bua::connect, the caller's codec) and, when the agent answers, the caller is connected and
// the agent goes to talking, then wrap-up when the call ends. Agents of a queue (queue_members)
// log in to their queues and go ready when their phone registers and log out when its last
// binding goes (the desktop's login and states come with the CTI issue). Every agent state
// change and queue exit is written to the ACD logs and the call's timeline. A call that overflows
// to voicemail or a flow is handed over to that service; one that overflows to an outside number
// (external_number) dials it through the tenant's outbound routes (B2bua::connect_external) and
// connects the caller to it.
//
// Configuration changes reach running calls without a restart: apply(read_config(tenant)) takes
// the tenant's queues, members and skills and applies the difference to the router (calls waiting
// keep their place; a queue that still has calls stays until they are gone).
//
// A call handed over with announce_agent (an IVR queue node, IVR-8) hears the agent's work number
// before the two are bridged (B2bua::connect's announcement; the agent hears it too). A queue
// with a survey flow (IVR-9) keeps the caller when the agent hangs up first: the call goes to that
// flow with the variables agent_id, agent_extension and queue (B2bua::hand_over_when_callee_hangs_up).
//
// Each queue's figures of the day (calls offered, answered, abandoned, the service level) start at
// the tenants' local midnight (`utc_offset_minutes`, serve --utc-offset) and, at start, from the
// exits of today in the store's queue log (today_from_log.hpp); at midnight the queues' figures and
// the agents' calls and talk time today start again and the observer hears of every queue and agent.
//
// Thread: core loop only.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "acd/acd.hpp"
#include "acd/live_views.hpp"
#include "acd/runtime/acd_observer.hpp"
#include "common/clock.hpp"
#include "media/media.hpp"
#include "pbx/b2bua.hpp"
#include "pbx/call_service.hpp"
#include "sip/core_loop.hpp"
#include "store/store.hpp"

namespace hotline::acd {

class QueueCalls final : public pbx::CallService, private DecisionSink, private LogSink {
 public:
  // Loads every tenant's queues, skills and members, and today's queue figures, from the store.
  QueueCalls(sip::CoreLoop& loop, pbx::B2bua& calls, media::MediaEngine& media, store::Store& store,
             const Clock& clock, int utc_offset_minutes);
  ~QueueCalls() override;

  // A tenant's ACD configuration as stored, read on any thread.
  struct TenantConfig {
    std::int64_t tenant_id = 0;
    std::string language = "zh-CN";  // of queue announcements and agents' work numbers
    std::vector<store::Queue> queues;
    std::vector<store::User> users;
    std::vector<store::QueueMember> members;
    std::vector<store::AgentSkill> skills;
    std::optional<int> seats;  // agents logged in at once (TEN-2); nullopt: no limit
  };
  static TenantConfig read_config(store::Store& store, std::int64_t tenant_id);
  // Applies what changed in the tenant's queues, queue members and agent skills.
  void apply(const TenantConfig& config);
  // The tenant's queues (by name) and agents (by extension) as they are now.
  std::vector<QueueView> queue_views(std::int64_t tenant_id) const;
  std::vector<AgentView> agent_views(std::int64_t tenant_id) const;
  // One agent (nullopt for a user who is no agent of the tenant's queues), and one queue's figures
  // without its calls (nullopt for an unknown queue): what the CTI sends.
  std::optional<AgentView> agent_view(std::int64_t tenant_id, AgentId agent) const;
  std::optional<QueueView> queue_figures(QueueId queue) const;
  // The queues the agent is a member of, logged in to them or not; empty for a user who is no agent.
  std::vector<QueueId> member_queues(std::int64_t tenant_id, AgentId agent) const;
  // What the caller of the pbx's call `call_id` brought from the IVR while it is with the ACD
  // (waiting, ringing or answered from a queue); nullptr otherwise.
  const CallData* call_data(const std::string& call_id) const;
  // Told of every agent and queue change (acd_observer.hpp); it must outlive this or be unset.
  void set_observer(AcdObserver* observer) { observer_ = observer; }
  // NotFound when the user is no agent of the tenant's queues; Conflict when logging in without a
  // registered phone or beyond the tenant's seats, or what the router refuses (not logged in, ...).
  Status command(std::int64_t tenant_id, std::int64_t user_id, const AgentCommand& command);

  // An extension's phone registered (its first binding) or lost its last binding.
  void on_registration(std::int64_t tenant_id, const std::string& extension, bool registered);
  // An agent's phone is on (or back from) a call the ACD did not place: not ready "on_call"
  // meanwhile, ready again after, unless the agent's state changed for another reason.
  void on_extension_busy(std::int64_t tenant_id, const std::string& extension, bool busy);

  Status on_call(const pbx::ServiceCall& call) override;
  void on_digit(const std::string&, const media::dsp::DtmfDigit&) override {}
  void on_play_done(const std::string&, const media::PlayOutcome&) override {}
  void on_connect_result(const std::string& call_id, const pbx::ConnectOutcome& outcome) override;
  void on_call_ended(const std::string& call_id) override;

  const QueueRouter& router() const { return router_; }

 private:
  struct Agent {
    std::int64_t tenant_id = 0;
    std::string extension;
    std::vector<AgentSkill> skills;
    std::vector<QueueId> queues;
    bool logged_in = false;
    bool logged_out_by_command = false;  // stays out of its queues until told to log in
    std::set<QueueId> left_queues;       // logged out of these by command, logged in to the others
    int other_calls = 0;                 // calls the ACD did not place
  };
  // What the pbx needs of a queue besides the router's QueueConfig.
  struct QueueInfo {
    std::int64_t tenant_id = 0;
    std::string name;
    std::string music_class;
    std::int64_t announce_every_ms = 0;  // position and expected wait; 0: never
    std::optional<std::string> survey_flow;
  };
  struct QueuedCall {
    std::string id;  // the pbx's call id
    std::int64_t tenant_id = 0;
    QueueId queue = 0;
    media::RelayId relay = 0;
    std::string caller;
    CallData data;  // the IVR's variables, path and keys
    UnixMs entered_at = 0;
    bool announce_agent = false;  // IVR-8
    std::vector<AgentId> ringing;
    std::optional<AgentId> agent;               // who answered
    std::unique_ptr<sip::CoreTimer> announcer;  // position and expected wait, every interval
    std::string external_number;                // left the queue for this outside number (overflow)
  };

  void load_queues(const TenantConfig& config);
  void load_agents(const TenantConfig& config);
  QueueConfig config_of(const store::Queue& queue) const;
  // The member queues the agent is to be logged in to (all but those it left by command).
  static std::vector<QueueId> active_queues(const Agent& agent);
  // LogIn and LogOut commands, with or without a list of queues.
  Status log_in(AgentId id, Agent& agent, const std::vector<QueueId>& queues);
  Status log_out(AgentId id, Agent& agent, const std::vector<QueueId>& queues);
  // Brings a logged-in agent's skills and queues in the router in line with `agent`.
  void apply_membership(AgentId id, const Agent& agent);
  void add_agent(AgentId id, Agent agent);
  void remove_agent(AgentId id);
  std::vector<QueuedCallView> call_views(QueueId queue) const;
  const std::string& language_of(std::int64_t tenant_id) const;
  // Whether one more of the tenant's agents may log in. Lowering the seats logs no one out.
  bool seat_free(std::int64_t tenant_id) const;
  // DecisionSink and LogSink: called by the router during one of its events.
  void offer(const Offer& offer) override;
  void withdraw(CallId call, AgentId agent, WithdrawReason reason) override;
  void overflow(CallId call, QueueId from, const OverflowTarget& target) override;
  void timed_out(CallId call, QueueId queue) override;
  void agent_state_changed(const AgentStateChange& change) override;
  void queue_entered(const QueueEntry& entry) override;
  void queue_left(const QueueExit& exit) override;

  // Runs a router event, then re-arms the deadline timer. Sinks may not start events of their
  // own, so what they must tell the router waits for the loop (later()).
  void after_event(const Status& status, const char* what);
  void later(std::function<void()> work);
  void arm_deadline();
  // At the local midnight: a new day of figures, told to the observer.
  void arm_midnight();
  void start_new_day();
  void end_in_queue(CallId call, const std::string& cause);
  void leave_queue_for(CallId call, const pbx::ServiceTarget& next, const std::string& cause);
  // The call left the router for an outside number: dial it, or hang up when no route is open.
  void overflow_to_number(CallId call, const std::string& number);
  void on_external_result(QueuedCall& call, const pbx::ConnectOutcome& outcome);
  // Tells a waiting caller its place in line and the expected wait (ACD-3).
  void announce(CallId call);
  QueuedCall* find(CallId call);
  // connect()'s announcements for the agents offered the call, when it asked for them (IVR-8).
  pbx::ConnectOptions connect_options(const QueuedCall& call,
                                      const std::vector<std::string>& extensions) const;
  // After the agent answered: where the caller goes if the agent hangs up first (IVR-9).
  void arrange_survey(const QueuedCall& call, AgentId agent);
  std::optional<AgentId> agent_at(std::int64_t tenant_id, const std::string& extension) const;
  // Tells the observer about the agent as it is now, and that its queues' figures changed.
  void notify_agent(AgentId agent);
  void notify_queue(std::int64_t tenant_id, QueueId queue);

  sip::CoreLoop& loop_;
  pbx::B2bua& calls_;
  media::MediaEngine& media_;
  store::Store& store_;
  const Clock& clock_;
  QueueRouter router_;
  sip::CoreTimer deadline_;
  sip::CoreTimer midnight_;
  std::unordered_map<AgentId, Agent> agents_;
  std::map<std::pair<std::int64_t, std::string>, AgentId> agent_by_extension_;  // (tenant, extension)
  std::map<std::pair<std::int64_t, std::string>, QueueId> queue_ids_;           // (tenant, name)
  std::map<QueueId, QueueInfo> queue_info_;
  std::unordered_map<std::int64_t, std::string> languages_;     // by tenant
  std::unordered_map<std::int64_t, std::optional<int>> seats_;  // by tenant
  std::set<std::pair<std::int64_t, std::string>> registered_;   // (tenant, extension) of phones online
  std::unordered_map<CallId, QueuedCall> queued_;
  std::unordered_map<std::string, CallId> by_call_id_;
  CallId next_call_ = 1;
  AcdObserver* observer_ = nullptr;
};

}  // namespace hotline::acd
