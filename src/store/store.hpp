// store: the database behind every module. It owns the SQLite file (WAL mode), applies the
// numbered migrations in db/migrations at open, and serves repositories whose SQL is portable so
// that a PostgreSQL implementation can satisfy the same interfaces later.
//
// Threads: any thread may call the repositories. Reads use a small pool of read connections;
// writes go to the one writer thread. `*_async` writes are queued and batched (CDRs, registrations)
// and return at once; the others wait for the writer and report the result. Every async write
// reaches the disk within `kMaxWriteDelayMs` of the call or at close().
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <vector>

#include "common/clock.hpp"
#include "common/result.hpp"
#include "store/records.hpp"

namespace hotline::store {

inline constexpr int kMaxWriteDelayMs = 50;

class TenantRepo {
 public:
  virtual ~TenantRepo() = default;
  virtual Result<TenantId> create(const Tenant& t) = 0;
  virtual Result<Tenant> get(TenantId id) = 0;
  // recording_mode, music_class and language.
  virtual Status update_settings(const Tenant& t) = 0;
  // name and seats.
  virtual Status update_account(const Tenant& t) = 0;
  virtual std::vector<Tenant> list() = 0;
};

class UserRepo {
 public:
  virtual ~UserRepo() = default;
  virtual Result<std::int64_t> create(const User& u) = 0;
  virtual Result<User> find_by_username(const std::string& username) = 0;
  virtual Result<User> get(TenantId tenant, std::int64_t id) = 0;
  virtual std::vector<User> list(TenantId tenant) = 0;
  // display_name, role, extension and password_hash.
  virtual Status update(const User& u) = 0;
  // Also ends the user's sessions and API tokens; skills and queue memberships go with it.
  virtual Status remove(TenantId tenant, std::int64_t id) = 0;
  // NotFound for another tenant's user.
  virtual Status set_password_hash(TenantId tenant, std::int64_t user_id, const std::string& hash) = 0;
};

class RoleRepo {
 public:
  virtual ~RoleRepo() = default;
  virtual Result<std::int64_t> create(const Role& r) = 0;
  virtual std::vector<Role> list(TenantId tenant) = 0;  // by name
  virtual Status update(const Role& r) = 0;             // capabilities, by tenant and name
  // Conflict while a user of the tenant has the role.
  virtual Status remove(TenantId tenant, const std::string& name) = 0;
};

class SessionRepo {
 public:
  virtual ~SessionRepo() = default;
  virtual Status create(const Session& s) = 0;
  virtual Result<Session> find(const std::string& token_sha256) = 0;
  virtual Status remove(const std::string& token_sha256) = 0;
  // Stamps last_seen_at behind the caller's back.
  virtual void touch_async(const std::string& token_sha256, UnixMs at) = 0;
  // Ends every session of the user but `keep_token_sha256` (empty: all); how many ended.
  virtual Result<int> remove_for_user(TenantId tenant, std::int64_t user_id,
                                      const std::string& keep_token_sha256) = 0;
};

class ApiTokenRepo {
 public:
  virtual ~ApiTokenRepo() = default;
  virtual Result<std::int64_t> create(const ApiToken& t) = 0;
  // By the bearer's hash, before any tenant is known (as sessions().find); revoked and expired
  // ones included: the caller decides.
  virtual Result<ApiToken> find(const std::string& token_sha256) = 0;
  virtual std::vector<ApiToken> list(TenantId tenant, std::int64_t user_id) = 0;  // newest first, unrevoked
  // NotFound unless the user has that unrevoked token in the tenant.
  virtual Status revoke(TenantId tenant, std::int64_t user_id, std::int64_t id, UnixMs at) = 0;
  virtual void touch_async(std::int64_t id, UnixMs at) = 0;
};

// The audit log: rows are added through the writer queue and never changed (triggers refuse
// UPDATE and DELETE).
class AuditRepo {
 public:
  virtual ~AuditRepo() = default;
  virtual void add_async(const AuditRecord& r) = 0;
  virtual std::vector<AuditRecord> query(const AuditQuery& q) = 0;  // newest first
  virtual std::int64_t count(const AuditQuery& q) = 0;
};

class ExtensionRepo {
 public:
  virtual ~ExtensionRepo() = default;
  virtual Result<std::int64_t> create(const Extension& e) = 0;
  virtual Result<Extension> find(TenantId tenant, const std::string& extension) = 0;
  virtual Result<Extension> get(TenantId tenant, std::int64_t id) = 0;
  virtual std::vector<Extension> list(TenantId tenant) = 0;
  // display_name, enabled and both HA1 values.
  virtual Status update(const Extension& e) = 0;
  // Do not disturb on or off; NotFound for an extension the tenant does not have.
  virtual Status set_dnd(TenantId tenant, const std::string& extension, bool on) = 0;
  // Conflict while a user has it as its extension.
  virtual Status remove(TenantId tenant, std::int64_t id) = 0;
};

class TrunkRepo {
 public:
  virtual ~TrunkRepo() = default;
  virtual Result<std::int64_t> create(const Trunk& t) = 0;
  virtual Result<Trunk> get(TenantId tenant, std::int64_t id) = 0;
  virtual std::vector<Trunk> list(TenantId tenant) = 0;  // by name
  virtual std::vector<Trunk> list_all() = 0;  // every tenant's: the SIP layer matches by source
  // Everything but id, tenant and created_at; Conflict (field "tenant_id, name") when another
  // trunk of the tenant has the name; NotFound for another tenant's id.
  virtual Status update(const Trunk& t) = 0;
  // NotFound for another tenant's id; InvalidArgument while a number or route refers to it.
  virtual Status remove(TenantId tenant, std::int64_t id) = 0;
};

class NumberRepo {
 public:
  virtual ~NumberRepo() = default;
  virtual Result<std::int64_t> create(const Number& n) = 0;
  virtual Result<Number> get(TenantId tenant, std::int64_t id) = 0;
  virtual std::vector<Number> list(TenantId tenant) = 0;
  // Pattern, trunk and target; NotFound for another tenant's id.
  virtual Status update(const Number& n) = 0;
  virtual Status remove(TenantId tenant, std::int64_t id) = 0;
};

class FlowRepo {
 public:
  virtual ~FlowRepo() = default;
  // Conflict (field "tenant_id, name") when the tenant has a flow of that name.
  virtual Result<std::int64_t> create(const Flow& f) = 0;
  virtual Result<Flow> get(TenantId tenant, std::int64_t id) = 0;
  virtual Result<Flow> find(TenantId tenant, const std::string& name) = 0;
  virtual std::vector<Flow> list(TenantId tenant) = 0;
  // Name, description and draft; NotFound for another tenant's id.
  virtual Status update(const Flow& f) = 0;
  // Deletes the flow and its versions; calls running a version keep their copy.
  virtual Status remove(TenantId tenant, std::int64_t id) = 0;
  // Stores `definition` as the next version and makes it the published one, atomically.
  virtual Result<std::int64_t> publish(TenantId tenant, std::int64_t id, const std::string& definition,
                                       const std::string& published_by, UnixMs at) = 0;
  virtual Result<FlowVersion> version(TenantId tenant, std::int64_t id, std::int64_t version) = 0;
  // Every version of the flow, newest first, without their definitions.
  virtual std::vector<FlowVersion> versions(TenantId tenant, std::int64_t id) = 0;
  // The published version of the flow named `name`: what a new call runs.
  virtual Result<FlowVersion> published(TenantId tenant, const std::string& name) = 0;
};

class SkillRepo {
 public:
  virtual ~SkillRepo() = default;
  virtual Result<std::int64_t> create(const Skill& s) = 0;
  virtual std::vector<Skill> list(TenantId tenant) = 0;
  // Deletes the skill and the agents' levels in it; Conflict while a queue requires it.
  virtual Status remove(TenantId tenant, std::int64_t id) = 0;
  // Replaces the user's skills; NotFound when the user or a skill is not the tenant's.
  virtual Status set_agent_skills(TenantId tenant, std::int64_t user_id,
                                  const std::vector<AgentSkill>& skills) = 0;
  virtual std::vector<AgentSkill> agent_skills(TenantId tenant) = 0;  // every agent's
};

class QueueRepo {
 public:
  virtual ~QueueRepo() = default;
  virtual Result<std::int64_t> create(const Queue& q) = 0;
  virtual Result<Queue> get(TenantId tenant, std::int64_t id) = 0;
  virtual Result<Queue> find(TenantId tenant, const std::string& name) = 0;
  virtual std::vector<Queue> list(TenantId tenant) = 0;
  virtual Status update(const Queue& q) = 0;
  virtual Status remove(TenantId tenant, std::int64_t id) = 0;
  // Replaces who may log in to the queue; NotFound when the queue or a user is not the tenant's.
  virtual Status set_members(TenantId tenant, std::int64_t queue_id,
                             const std::vector<std::int64_t>& users) = 0;
  virtual std::vector<QueueMember> members(TenantId tenant) = 0;  // of every queue
};

class CallerListRepo {
 public:
  virtual ~CallerListRepo() = default;
  virtual Result<std::int64_t> add(const CallerListEntry& e) = 0;
  virtual Status remove(TenantId tenant, std::int64_t id) = 0;
  virtual std::vector<CallerListEntry> list(TenantId tenant) = 0;
};

class HolidayRepo {
 public:
  virtual ~HolidayRepo() = default;
  // InvalidArgument naming calendar or date; Conflict when the calendar has the date already.
  virtual Result<std::int64_t> add(const Holiday& h) = 0;
  virtual Status remove(TenantId tenant, std::int64_t id) = 0;
  virtual std::vector<Holiday> list(TenantId tenant) = 0;  // by calendar, then date
};

// The ACD's logs, written behind the caller's back (async).
class AcdLogRepo {
 public:
  virtual ~AcdLogRepo() = default;
  virtual void add_state_change_async(const AgentStateChange& c) = 0;
  virtual void add_queue_entry_async(const QueueLogEntry& e) = 0;
  virtual std::vector<AgentStateChange> state_changes(TenantId tenant, std::int64_t user_id) = 0;
  virtual std::vector<QueueLogEntry> queue_entries(TenantId tenant, const std::string& call_id) = 0;
  // The tenant's queue exits that left at or after `since` (today's, for the ACD's figures at start),
  // in the order they left.
  virtual std::vector<QueueLogEntry> queue_exits_since(TenantId tenant, UnixMs since) = 0;
};

class OutboundRouteRepo {
 public:
  virtual ~OutboundRouteRepo() = default;
  virtual Result<std::int64_t> create(const OutboundRoute& r) = 0;
  virtual Result<OutboundRoute> get(TenantId tenant, std::int64_t id) = 0;
  virtual std::vector<OutboundRoute> list(TenantId tenant) = 0;  // ordered by priority
  // Everything but id, tenant and created_at; NotFound for another tenant's id.
  virtual Status update(const OutboundRoute& r) = 0;
  virtual Status remove(TenantId tenant, std::int64_t id) = 0;
};

// The reasons agents give for going not ready (ACD-9).
class NotReadyReasonRepo {
 public:
  virtual ~NotReadyReasonRepo() = default;
  // InvalidArgument naming the field; Conflict (field "tenant_id, code") when the tenant has the code.
  virtual Result<std::int64_t> create(const NotReadyReason& r) = 0;
  virtual Result<NotReadyReason> get(TenantId tenant, std::int64_t id) = 0;
  virtual std::vector<NotReadyReason> list(TenantId tenant) = 0;  // by sort_order, then code
  // Everything but id, tenant and created_at; NotFound for another tenant's id.
  virtual Status update(const NotReadyReason& r) = 0;
  virtual Status remove(TenantId tenant, std::int64_t id) = 0;
};

class RegistrationRepo {
 public:
  virtual ~RegistrationRepo() = default;
  virtual void upsert_async(const Registration& r) = 0;
  virtual void remove_async(TenantId tenant, const std::string& extension, const std::string& contact) = 0;
  virtual std::vector<Registration> list_unexpired(UnixMs now) = 0;
};

class CallRepo {
 public:
  virtual ~CallRepo() = default;
  // Insert or replace: the call row is written when the call starts and again when it ends.
  virtual void save_call_async(const CallRecord& c) = 0;
  virtual void save_leg_async(const CallLegRecord& l) = 0;
  virtual std::vector<CallRecord> query(const CallQuery& q) = 0;
  virtual std::int64_t count(const CallQuery& q) = 0;
  virtual Result<CallRecord> get(TenantId tenant, const std::string& id) = 0;
  virtual std::vector<CallLegRecord> legs(TenantId tenant, const std::string& call_id) = 0;
  // At start: every call and leg left open by a crash becomes `interrupted`, ended at the last
  // heartbeat (never before it started). Returns how many calls were closed.
  virtual Result<int> close_interrupted(UnixMs now) = 0;
};

class RecordingRepo {
 public:
  virtual ~RecordingRepo() = default;
  // Insert or replace by id, like calls.
  virtual void save_async(const RecordingRecord& r) = 0;
  virtual std::vector<RecordingRecord> for_call(TenantId tenant, const std::string& call_id) = 0;
  virtual Result<RecordingRecord> get(TenantId tenant, const std::string& id) = 0;
  // Every tenant's recordings still marked `recording`: left by a crash, to be repaired at start.
  virtual std::vector<RecordingRecord> unfinished() = 0;
};

class CallEventRepo {
 public:
  virtual ~CallEventRepo() = default;
  // Queued after the call row it refers to (the writer keeps the order).
  virtual void add_async(const CallEvent& e) = 0;
  virtual std::vector<CallEvent> for_call(TenantId tenant, const std::string& call_id) = 0;  // in order
};

class VoicemailBoxRepo {
 public:
  virtual ~VoicemailBoxRepo() = default;
  // InvalidArgument naming the field; Conflict (field "tenant_id, name" or "tenant_id, extension")
  // when the tenant has a box of that name or for that extension.
  virtual Result<std::int64_t> create(const VoicemailBox& b) = 0;
  virtual Result<VoicemailBox> get(TenantId tenant, std::int64_t id) = 0;
  virtual Result<VoicemailBox> find(TenantId tenant, const std::string& name) = 0;
  // The box that takes the extension's unanswered calls.
  virtual Result<VoicemailBox> find_by_extension(TenantId tenant, const std::string& extension) = 0;
  virtual std::vector<VoicemailBox> list(TenantId tenant) = 0;  // by name
  // Everything but id, tenant and created_at; NotFound for another tenant's id.
  virtual Status update(const VoicemailBox& b) = 0;
};

class VoicemailMessageRepo {
 public:
  virtual ~VoicemailMessageRepo() = default;
  // Queued after the call and recording rows it refers to (the writer keeps the order).
  virtual void add_async(const VoicemailMessage& m) = 0;
  // Every tenant's messages still `recording`: the caller is still speaking, or (at start) a crash
  // cut the call. Oldest first, with their recording's path.
  virtual std::vector<VoicemailMessage> unscreened() = 0;
  // Ends a `recording` message: `new` with its length, or `discarded` with the reason. NotFound
  // when no such message is still recording.
  virtual Status screen(const std::string& id, std::int64_t duration_ms,
                        const std::optional<std::string>& discard_reason) = 0;
  // The box's messages that are new or heard and not deleted, newest first.
  virtual std::vector<VoicemailMessage> list(TenantId tenant, std::int64_t box_id) = 0;
  // A listed message (new or heard, not deleted); NotFound otherwise and for another tenant's.
  virtual Result<VoicemailMessage> get(TenantId tenant, const std::string& id) = 0;
  // new <-> heard; NotFound as get().
  virtual Status set_heard(TenantId tenant, const std::string& id, bool heard, UnixMs at,
                           const std::string& by) = 0;
  virtual Status remove(TenantId tenant, const std::string& id, UnixMs at) = 0;
  // Per box of the tenant that has listed messages.
  virtual std::map<std::int64_t, VoicemailCounts> counts(TenantId tenant) = 0;
};

// To-dos with reminders (CTI-4). Every call but the reminder thread's is scoped to one user: another
// user's or tenant's to-do is NotFound.
class TodoRepo {
 public:
  virtual ~TodoRepo() = default;
  // Stamps created_at and updated_at; reminded_at and done_at are taken as given.
  virtual Result<std::int64_t> create(const Todo& todo) = 0;
  virtual Result<Todo> get(TenantId tenant, std::int64_t user_id, std::int64_t id) = 0;
  virtual std::vector<Todo> list(const TodoQuery& query) = 0;
  virtual std::int64_t count(const TodoQuery& query) = 0;
  // Writes title, notes, due_at, remind_at and done_at and stamps updated_at; a remind_at other than
  // the stored one re-arms the reminder (reminded_at back to none).
  virtual Status update(const Todo& todo) = 0;
  virtual Status remove(TenantId tenant, std::int64_t user_id, std::int64_t id) = 0;
  // The user's open to-dos whose reminder popped and is still set, oldest reminder first.
  virtual std::vector<Todo> popped(TenantId tenant, std::int64_t user_id, int limit) = 0;

  // The reminder thread's, across tenants: pending reminders due at `now`, soonest first; the time
  // of the soonest pending one; and marking one popped, NotFound when it was changed, done or
  // removed since it was read (its remind_at is compared).
  virtual std::vector<Todo> due_reminders(UnixMs now, int limit) = 0;
  virtual std::optional<UnixMs> next_reminder() = 0;
  virtual Status mark_reminded(const Todo& todo, UnixMs at) = 0;
};

// Post-call survey answers (IVR-9): written behind the IVR's back, read by the API.
class SurveyRepo {
 public:
  virtual ~SurveyRepo() = default;
  virtual void add_async(const SurveyRecord& s) = 0;
  virtual std::vector<SurveyRecord> query(const SurveyQuery& q) = 0;  // newest first
  virtual std::int64_t count(const SurveyQuery& q) = 0;
  virtual std::vector<SurveyRecord> for_call(TenantId tenant, const std::string& call_id) = 0;  // in order
};

class Store {
 public:
  virtual ~Store() = default;

  virtual TenantRepo& tenants() = 0;
  virtual UserRepo& users() = 0;
  virtual RoleRepo& roles() = 0;
  virtual SessionRepo& sessions() = 0;
  virtual ApiTokenRepo& api_tokens() = 0;
  virtual AuditRepo& audit() = 0;
  virtual ExtensionRepo& extensions() = 0;
  virtual TrunkRepo& trunks() = 0;
  virtual NumberRepo& numbers() = 0;
  virtual FlowRepo& flows() = 0;
  virtual SkillRepo& skills() = 0;
  virtual QueueRepo& queues() = 0;
  virtual CallerListRepo& caller_lists() = 0;
  virtual HolidayRepo& holidays() = 0;
  virtual AcdLogRepo& acd_log() = 0;
  virtual OutboundRouteRepo& outbound_routes() = 0;
  virtual NotReadyReasonRepo& not_ready_reasons() = 0;
  virtual RegistrationRepo& registrations() = 0;
  virtual CallRepo& calls() = 0;
  virtual RecordingRepo& recordings() = 0;
  virtual CallEventRepo& call_events() = 0;
  virtual VoicemailBoxRepo& voicemail_boxes() = 0;
  virtual VoicemailMessageRepo& voicemail_messages() = 0;
  virtual SurveyRepo& surveys() = 0;
  virtual TodoRepo& todos() = 0;

  // Blocks until every queued async write is on disk.
  virtual void flush() = 0;
  // Health: false after a write failed (disk full, I/O error) until a later write succeeds.
  virtual bool healthy() const = 0;
  // Flushes and stops the writer. Further calls are invalid.
  virtual void close() = 0;
};

struct SqliteOptions {
  std::filesystem::path path;  // the database file, e.g. DATA/hotline.db
  int read_connections = 4;
  int heartbeat_interval_ms = 2000;
  std::string node_name = "local";
  int busy_timeout_ms = 5000;  // how long a write waits for a lock held by another process
};

// Opens (creating if needed) and migrates the database with the migrations compiled into the
// binary from db/migrations (numbered files, applied in order, each once). The clock stamps
// heartbeats.
Result<std::unique_ptr<Store>> open_sqlite(const SqliteOptions& options, const Clock& clock);

}  // namespace hotline::store
