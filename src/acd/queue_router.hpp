// QueueRouter: the ACD's state and decisions. It is told about queues, agents and calls through its
// event methods, decides which agent gets which waiting call, and reports each decision to a
// DecisionSink and each agent state change and queue entry/exit to a LogSink (docs/acd.md).
//
// Routing is event-driven: a call entering line, or an agent becoming able to take one, triggers one
// match, O(log n) in the calls waiting and the agents ready per queue. Time comes from the clock
// given at construction, and deadlines (ring timeout, wrap-up, max wait, last-agent window) are
// processed by advance(now) and at the start of every event; next_deadline() tells the owner when to
// call advance. Nothing here sleeps or reads the system clock.
//
// Each queue counts its calls of the day (DailyQueueCounts) from the local midnight, at the UTC
// offset given at construction; the counts start again at the first event or advance() at or after
// the next midnight (day_ends_at(); the owner calls advance() then so that screens see the new day).
//
// Thread: core loop only.
#pragma once

#include <compare>
#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "acd/agent_record.hpp"
#include "acd/queue_state.hpp"
#include "acd/records.hpp"
#include "acd/sinks.hpp"
#include "acd/types.hpp"
#include "acd/waiting_call.hpp"
#include "common/clock.hpp"
#include "common/result.hpp"

namespace hotline::acd {

// A moved call overflows at most this many times in one event (a loop of full queues ends there).
inline constexpr int kMaxOverflowHops = 8;
inline constexpr std::int64_t kDayMs = 86'400'000;

class QueueRouter {
 public:
  QueueRouter(const Clock& clock, DecisionSink& decisions, LogSink& log, int utc_offset_minutes = 0);
  QueueRouter(const QueueRouter&) = delete;
  QueueRouter& operator=(const QueueRouter&) = delete;
  ~QueueRouter();

  // Queues. update_queue applies a new configuration to the calls and agents already there;
  // remove_queue refuses while calls are in the queue (take them out with leave first).
  Status add_queue(const QueueConfig& config);
  Status update_queue(const QueueConfig& config);
  Status remove_queue(QueueId queue);

  // Agents. login leaves the agent not ready ("login"). set_ready during wrap-up ends it early
  // ("ready_now"); during a call it cancels a not-ready asked for during that call.
  // set_not_ready during a call takes effect when the call and its wrap-up end; while ringing it
  // withdraws the offer. logout while ringing puts the call back in line at its place.
  Status login(const AgentLogin& login);
  Status logout(AgentId agent);
  Status set_ready(AgentId agent);
  Status set_not_ready(AgentId agent, std::string reason);
  Status set_work_mode(AgentId agent, WorkMode mode);
  Status update_skills(AgentId agent, std::vector<AgentSkill> skills);
  Status set_queues(AgentId agent, std::vector<QueueId> queues);
  // Zeroes calls answered and talk time today for every agent (the owner calls it at midnight).
  Status reset_daily_stats();
  // Counts again, into the queues' figures of today, the exits of today recorded before a restart:
  // an exit whose call entered since the day began counts as offered, one that left since then by
  // its outcome. Exits of unknown queues, or of a queue of another tenant, are skipped. Call it once,
  // before calls arrive: the exits of calls the router saw itself are counted already.
  Status restore_today(std::span<const QueueExit> exits);

  // Calls. enqueue refuses a full queue that has no usable overflow (Conflict, field "queue").
  Status enqueue(const EnqueueRequest& request);
  Status abandon(CallId call);  // the caller hung up, waiting or ringing
  Status leave(CallId call);    // the pbx takes the call out of the queue
  Status offer_answered(CallId call, AgentId agent);
  Status offer_failed(CallId call, AgentId agent, OfferFailure reason);
  Status call_ended(AgentId agent);  // the agent's call answered from a queue ended

  // Processes every deadline up to `now`.
  Status advance(UnixMs now);
  std::optional<UnixMs> next_deadline() const;
  // The local midnight that began the day the queues' figures count, and the next one.
  UnixMs day_started_at() const { return day_start_; }
  UnixMs day_ends_at() const { return day_start_ + kDayMs; }

  // Queries; they may be called from sink callbacks.
  Result<std::size_t> position(CallId call) const;  // 1 = next; Conflict while ringing
  Result<std::int64_t> expected_wait_ms(CallId call) const;
  Result<QueueSnapshot> queue_snapshot(QueueId queue) const;
  Result<AgentSnapshot> agent_snapshot(AgentId agent) const;
  Result<std::vector<WaitingCallView>> waiting_calls(QueueId queue, std::size_t limit) const;
  std::size_t calls_waiting() const { return calls_.size(); }

 private:
  enum class DeadlineKind : std::uint8_t { WrapUpEnd, RingTimeout, ReservationEnd, MaxWait };
  // At the same millisecond wrap-ups end first, so a freed agent can take a call about to time out.
  struct Deadline {
    UnixMs at = 0;
    DeadlineKind kind = DeadlineKind::MaxWait;
    std::uint64_t id = 0;  // a CallId, or an AgentId for WrapUpEnd
    auto operator<=>(const Deadline&) const = default;
  };

  // Where a call is put when it enters a queue (at enqueue, or moved by an overflow).
  struct Placement {
    CallId call = 0;
    int priority = 0;
    PayloadHandle payload = 0;
    std::optional<AgentId> preferred_agent;
    std::optional<UnixMs> preferred_until;
  };

  // Runs one event: refuses nesting from a sink callback, processes due deadlines before and after.
  template <typename Body>
  Status event(Body&& body);

  // queue_router.cpp: queues and agents
  Status validate_queue(const QueueConfig& config) const;
  Result<std::vector<Membership>> memberships_for(TenantId tenant, const std::vector<QueueId>& queues);
  void leave_queues(AgentRecord& agent);
  void log_out(AgentRecord& agent, std::string_view reason, UnixMs now);
  void after_call(AgentRecord& agent, std::string_view reason, UnixMs now);
  void end_wrap_up(AgentRecord& agent, UnixMs now);
  void free_agents(QueueState& queue, std::span<const AgentId> agents, std::string_view reason, UnixMs now);
  void relist_together(QueueState& queue, const std::vector<AgentRecord*>& agents, UnixMs now);

  // queue_router_calls.cpp: calls and deadlines
  Status place_call(const Placement& placement, QueueState& queue, UnixMs now, int hops);
  QueueState* overflow_queue(const QueueState& queue);
  void expire(WaitingCall& call, UnixMs now);
  void end_call(WaitingCall& call, QueueOutcome outcome, WithdrawReason reason, UnixMs now);
  void fail_offers(WaitingCall& call, std::span<const AgentId> agents, OfferFailure reason, UnixMs now);
  void finish(WaitingCall& call, QueueOutcome outcome, UnixMs now, std::optional<AgentId> agent = {});
  void run_due(UnixMs limit);
  void on_deadline(const Deadline& deadline, UnixMs now);
  void schedule(std::optional<UnixMs>& slot, UnixMs at, DeadlineKind kind, std::uint64_t id);
  void cancel(std::optional<UnixMs>& slot, DeadlineKind kind, std::uint64_t id);
  // The queue log and today's figures, together: every entry and exit goes through these.
  void log_entry(QueueState& queue, const QueueEntry& entry);
  void log_exit(QueueState& queue, const QueueExit& exit);
  // Starts a new day of figures when `now` has reached the next local midnight.
  void start_day_at(UnixMs now);

  // queue_router_matching.cpp: indexes and matching
  void deindex(AgentRecord& agent);
  void reindex(AgentRecord& agent);
  void refresh(AgentRecord& agent, UnixMs now);
  void look_for_call(AgentRecord& agent, UnixMs now);
  bool reservation_valid(const AgentRecord& agent, const QueueState& queue) const;
  void set_state(AgentRecord& agent, AgentState to, std::string_view reason, UnixMs at);
  void route(WaitingCall& call, UnixMs now);
  void match_agent(AgentRecord& agent, UnixMs now);
  void drain(QueueState& queue, UnixMs now);
  void offer(WaitingCall& call, std::span<const AgentId> agents, UnixMs now);
  void start_ringing(AgentRecord& agent, QueueState& offering, bool cleared);
  void erase_stale(QueueState& queue);
  static void unlist_stale(QueueState& queue, Membership& m);
  void offer_by_strategy(WaitingCall& call, UnixMs now);
  void put_in_line(WaitingCall& call);
  void take_out_of_line(WaitingCall& call);
  void release_reservation(WaitingCall& call, UnixMs now);
  bool stop_ringing(WaitingCall& call, AgentRecord& agent);

  AgentRecord* find_agent(AgentId id);
  const AgentRecord* find_agent(AgentId id) const;
  QueueState* find_queue(QueueId id);
  const QueueState* find_queue(QueueId id) const;
  WaitingCall* find_call(CallId id);

  const Clock& clock_;
  DecisionSink& decisions_;
  LogSink& log_;
  const int utc_offset_minutes_;
  bool busy_ = false;
  UnixMs now_ = 0;  // the time of the last event or deadline processed; never goes back
  UnixMs day_start_ = 0;  // the local midnight the queues' figures count from
  std::uint64_t next_seq_ = 0;

  std::unordered_map<QueueId, std::unique_ptr<QueueState>> queues_;
  std::unordered_map<AgentId, std::unique_ptr<AgentRecord>> agents_;
  std::unordered_map<CallId, WaitingCall> calls_;  // nodes are stable: pointers stay valid
  std::set<Deadline> deadlines_;
  std::vector<AgentId> selection_;     // scratch for strategy selections
  std::vector<AgentRecord*> offered_;  // scratch for offers
};

template <typename Body>
Status QueueRouter::event(Body&& body) {
  if (busy_) {
    return Error::conflict(
        "a QueueRouter event was called from inside a sink callback; post it to the core loop");
  }
  struct Busy {
    bool& flag;
    explicit Busy(bool& f) : flag(f) { flag = true; }
    ~Busy() { flag = false; }
  } busy(busy_);
  run_due(clock_.now_ms());
  Status status = body(now_);
  run_due(now_);
  return status;
}

}  // namespace hotline::acd
