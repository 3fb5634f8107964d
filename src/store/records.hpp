// Plain records the repositories read and write. One struct per table of db/migrations.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.hpp"

namespace hotline::store {

using TenantId = std::int64_t;

struct Tenant {
  TenantId id = 0;
  std::string name;
  std::string sip_realm;
  bool is_default = false;
  UnixMs created_at = 0;
  std::string recording_mode = "stereo";  // stereo | mono | off
  std::string music_class = "default";    // music on hold: a folder under DATA/moh
  std::string language = "zh-CN";         // zh-CN | en: what callers hear from the server itself
  std::optional<int> seats;               // agents logged in at once; nullopt: no limit (TEN-2)
  // Toll-fraud rules: comma-separated prefixes of dialled numbers that need calls.dial.international
  // or calls.dial.premium (digits, optionally after a leading '+').
  std::string international_prefixes = "00,+";
  std::string premium_prefixes;
};

struct User {
  std::int64_t id = 0;
  TenantId tenant_id = 0;
  std::string username;
  std::string password_hash;  // argon2id encoded
  std::string role;
  std::string display_name;
  std::optional<std::string> extension;
  UnixMs created_at = 0;
};

// A tenant's own role (ADM-1): a name and the capabilities it grants.
struct Role {
  std::int64_t id = 0;
  TenantId tenant_id = 0;
  std::string name;
  std::vector<std::string> capabilities;
  UnixMs created_at = 0;
};

struct Session {
  std::string token_sha256;
  std::int64_t user_id = 0;
  TenantId tenant_id = 0;
  UnixMs created_at = 0;
  UnixMs expires_at = 0;
  UnixMs last_seen_at = 0;  // written at most once a minute; 0 for a session never seen since login
};

// A bearer token for an integration (db/migrations/015_accounts_audit.sql).
struct ApiToken {
  std::int64_t id = 0;
  TenantId tenant_id = 0;
  std::int64_t user_id = 0;
  std::string name;
  std::string token_sha256;
  std::vector<std::string> scopes;  // capabilities; stored separated by spaces
  UnixMs created_at = 0;
  std::optional<UnixMs> expires_at;
  std::optional<UnixMs> last_used_at;
  std::optional<UnixMs> revoked_at;
};

// One audited API request (audit_log): append-only.
struct AuditRecord {
  std::int64_t id = 0;
  std::optional<TenantId> tenant_id;  // none when no tenant is known
  UnixMs at = 0;
  std::optional<std::int64_t> user_id;
  std::string username;
  std::string role;
  std::string remote_address;
  std::string action;       // "PUT /api/v1/queues/{id}"
  std::string object_type;  // "queues"
  std::string object_id;
  int status = 0;  // HTTP
  std::optional<std::string> before_json;
  std::optional<std::string> after_json;
  std::string detail;
};

// Filters of GET /api/v1/audit; every one optional but the scope.
struct AuditQuery {
  std::optional<TenantId> tenant_id;  // none: every tenant (the platform operator)
  std::optional<UnixMs> from_ms;      // at >= from
  std::optional<UnixMs> to_ms;        // at < to
  std::optional<std::string> username;
  std::optional<std::string> action;
  std::optional<std::string> object_type;
  std::optional<std::string> object_id;
  std::optional<std::int64_t> status;
  int limit = 50;
  int offset = 0;
};

struct Extension {
  std::int64_t id = 0;
  TenantId tenant_id = 0;
  std::string extension;
  std::string display_name;
  std::string ha1_md5;
  std::string ha1_sha256;
  bool enabled = true;
  UnixMs created_at = 0;
  bool dnd = false;  // do not disturb (PBX-7), set from its user's desktop
};

struct Trunk {
  std::int64_t id = 0;
  TenantId tenant_id = 0;
  std::string name;
  std::string host;
  int port = 5060;
  std::string transport = "udp";
  std::optional<std::string> username;
  std::optional<std::string> password;
  bool enabled = true;
  UnixMs created_at = 0;
};

struct Number {
  std::int64_t id = 0;
  TenantId tenant_id = 0;
  std::optional<std::int64_t> trunk_id;
  std::string pattern;
  std::string target_type;  // extension | ring_all
  std::string target;
  UnixMs created_at = 0;
  bool is_public = false;  // reachable by SIP callers that do not authenticate (and are no trunk)
};

// An IVR flow: the draft being edited and which version is live (IVR-3).
struct Flow {
  std::int64_t id = 0;
  TenantId tenant_id = 0;
  std::string name;
  std::string description;
  std::string draft;  // flow JSON
  std::optional<std::int64_t> published_version;
  UnixMs created_at = 0;
  UnixMs updated_at = 0;
};

// A published, immutable version of a flow.
struct FlowVersion {
  std::int64_t flow_id = 0;
  std::int64_t version = 0;
  std::string definition;  // flow JSON
  UnixMs published_at = 0;
  std::string published_by;
};

struct Skill {
  std::int64_t id = 0;
  TenantId tenant_id = 0;
  std::string name;
  UnixMs created_at = 0;
};

struct AgentSkill {
  std::int64_t user_id = 0;
  std::int64_t skill_id = 0;
  int level = 5;  // 1-10
};

// An ACD queue (ACD-1..ACD-3, ACD-8). strategy: ring_all | round_robin | longest_idle |
// fewest_calls | least_talk_time | skill_level. overflow_kind: queue | voicemail |
// external_number | flow, or none.
struct Queue {
  std::int64_t id = 0;
  TenantId tenant_id = 0;
  std::string name;
  std::optional<std::int64_t> skill_id;
  int min_level = 1;
  std::string strategy = "longest_idle";
  std::int64_t max_wait_ms = 300'000;
  int max_length = 100;
  std::int64_t ring_timeout_ms = 20'000;
  std::int64_t wrap_up_ms = 10'000;
  int max_misses = 3;
  std::optional<std::string> overflow_kind;
  std::optional<std::string> overflow_target;
  std::string music_class = "default";
  std::int64_t announce_interval_ms = 30'000;
  std::optional<std::string> survey_flow;  // the flow a caller hears when the agent hangs up first (IVR-9)
  UnixMs created_at = 0;
  // Answered after waiting at most this long: within the service level (SUP-2, migration 020).
  int service_level_s = 20;
};

struct QueueMember {
  std::int64_t queue_id = 0;
  std::int64_t user_id = 0;
};

// A date of a holiday calendar (IVR-4): flows branch on `holiday: CALENDAR`.
struct Holiday {
  std::int64_t id = 0;
  TenantId tenant_id = 0;
  std::string calendar;
  std::string date;  // YYYY-MM-DD, the tenant's local date
  std::string name;
  UnixMs created_at = 0;
};

// kind: blacklist | whitelist | vip (ACD-4, ACD-6).
struct CallerListEntry {
  std::int64_t id = 0;
  TenantId tenant_id = 0;
  std::string kind;
  std::string number;  // a caller number or a pattern (X, N, trailing .)
  int priority = 0;
  std::string note;
  UnixMs created_at = 0;
};

struct AgentStateChange {
  TenantId tenant_id = 0;
  std::int64_t user_id = 0;
  std::string from_state;
  std::string to_state;
  std::string reason;
  UnixMs at = 0;
};

// A reason an agent may give for going not ready (ACD-9): `code` is what the state command and the
// ACD carry; the names are what desktops and wallboards show.
struct NotReadyReason {
  std::int64_t id = 0;
  TenantId tenant_id = 0;
  std::string code;
  std::string name_zh;
  std::string name_en;
  bool productive = false;  // the time counts as work (training, a meeting), not as a break
  std::optional<int> max_minutes;
  bool enabled = true;
  int sort_order = 0;
  UnixMs created_at = 0;
};

// outcome: answered | abandoned | overflowed | timed_out | left.
struct QueueLogEntry {
  TenantId tenant_id = 0;
  std::string call_id;
  std::int64_t queue_id = 0;
  UnixMs entered_at = 0;
  UnixMs left_at = 0;
  std::int64_t wait_ms = 0;
  std::string outcome;
  std::optional<std::int64_t> user_id;
};

struct OutboundRoute {
  std::int64_t id = 0;
  TenantId tenant_id = 0;
  std::string pattern;
  std::int64_t trunk_id = 0;
  int priority = 100;
  int strip_digits = 0;
  std::string prepend;
  UnixMs created_at = 0;
  // PBX-8 (migration 009): cheaper routes first among equal priorities; open only on the days of
  // open_days (bit 0 Monday .. bit 6 Sunday) between the local times [from, to) (equal: all day;
  // from > to: past midnight); what caller ID the far end sees (keep | fixed | prefix).
  int cost_per_minute = 0;  // fen or cents
  int open_days = 0x7F;
  int open_from_minute = 0;
  int open_to_minute = 0;
  std::string caller_id_mode = "keep";
  std::string caller_id;  // fixed: the number shown; prefix: the digits before the extension
};

struct Registration {
  TenantId tenant_id = 0;
  std::string extension;
  std::string contact;
  std::string source;
  std::string user_agent;
  UnixMs expires_at = 0;
};

struct CallRecord {
  std::string id;
  TenantId tenant_id = 0;
  std::string direction;  // internal | inbound | outbound
  std::string caller;
  std::string callee;
  UnixMs started_at = 0;
  std::optional<UnixMs> answered_at;
  std::optional<UnixMs> ended_at;
  std::optional<std::int64_t> ring_ms;
  std::optional<std::int64_t> talk_ms;
  std::optional<std::int64_t> duration_ms;
  std::string disposition = "in_progress";
  std::optional<std::string> hangup_side;
  std::optional<std::string> hangup_cause;
  std::string sip_call_id;
};

struct CallLegRecord {
  std::string id;
  std::string call_id;
  TenantId tenant_id = 0;
  std::string role;  // caller | callee
  std::string endpoint;
  std::string peer_uri;
  std::string sip_call_id;
  UnixMs started_at = 0;
  std::optional<UnixMs> answered_at;
  std::optional<UnixMs> ended_at;
  std::optional<std::int64_t> duration_ms;
  std::optional<std::int64_t> talk_ms;
  std::string disposition = "in_progress";
  std::optional<int> sip_status;
  std::optional<std::string> hangup_cause;
  std::optional<std::int64_t> rtp_received;  // RTP the server received from this leg
  std::optional<std::int64_t> rtp_lost;
  std::optional<double> jitter_ms;
  // What the leg's RTCP reported last about the audio it heard from us, and the round trip to it.
  std::optional<double> remote_fraction_lost;  // 0..1
  std::optional<std::int64_t> remote_lost;
  std::optional<double> remote_jitter_ms;
  std::optional<double> round_trip_ms;
};

struct RecordingRecord {
  std::string id;
  TenantId tenant_id = 0;
  std::string call_id;
  std::string path;  // relative to the data folder
  int channels = 2;
  int sample_rate = 8000;
  UnixMs started_at = 0;
  std::optional<UnixMs> ended_at;
  std::optional<std::int64_t> duration_ms;
  std::int64_t paused_ms = 0;
  std::optional<std::int64_t> bytes;
  std::string status = "recording";  // recording | complete | failed | recovered
  std::optional<std::string> error;
};

struct CallEvent {
  std::int64_t id = 0;
  std::string call_id;
  TenantId tenant_id = 0;
  UnixMs at = 0;
  std::string kind;   // dtmf | hold | resume | recording_paused | recording_resumed
  std::string party;  // caller | callee; user for a command given through the API
  std::string detail;
  std::optional<std::string> source;
  std::optional<std::int64_t> duration_ms;
};

// A voicemail box (IVR-7): flows, queues and numbers name it; calls to `extension` that nobody
// answers land in it. The greeting is greeting_file, else greeting_text spoken in `language`,
// else the default greeting.
struct VoicemailBox {
  std::int64_t id = 0;
  TenantId tenant_id = 0;
  std::string name;
  std::optional<std::string> extension;
  std::string greeting_text;
  std::string greeting_file;
  std::string language = "zh-CN";  // zh-CN | en
  std::int64_t max_message_ms = 120'000;
  UnixMs created_at = 0;
  UnixMs updated_at = 0;
};

// A message left in a box; its audio is the recording `recording_id`.
// status: recording | new | heard | discarded (see db/migrations/010_voicemail.sql).
struct VoicemailMessage {
  std::string id;
  TenantId tenant_id = 0;
  std::int64_t box_id = 0;
  std::string call_id;
  std::string recording_id;
  std::string caller;
  UnixMs created_at = 0;
  std::string status = "recording";
  std::optional<std::int64_t> duration_ms;
  std::optional<std::string> discard_reason;
  std::optional<UnixMs> heard_at;
  std::optional<std::string> heard_by;
  std::string recording_path;  // read only: the recording's file, relative to the data folder
};

// What a box holds: messages not yet heard, and all it lists.
struct VoicemailCounts {
  std::int64_t new_messages = 0;
  std::int64_t total = 0;
};

// A to-do of one user (CTI-4), with the time its reminder pops on the user's desktops.
struct Todo {
  std::int64_t id = 0;
  TenantId tenant_id = 0;
  std::int64_t user_id = 0;
  std::string title;
  std::string notes;
  std::optional<UnixMs> due_at;
  std::optional<UnixMs> remind_at;
  std::optional<UnixMs> reminded_at;  // when the reminder popped; none while it is pending
  std::optional<UnixMs> done_at;
  std::optional<std::string> call_id;  // the call it was noted from
  std::optional<std::string> customer_number;
  UnixMs created_at = 0;
  UnixMs updated_at = 0;
};

// One user's to-dos: open ones soonest (of remind_at and due_at) first, done ones latest done first.
struct TodoQuery {
  enum class State { Open, Done, All };
  TenantId tenant_id = 0;
  std::int64_t user_id = 0;
  State state = State::Open;
  int limit = 50;
  int offset = 0;
};

// One survey question answered (IVR-9), stored against the call and the agent who served it.
struct SurveyRecord {
  std::int64_t id = 0;
  TenantId tenant_id = 0;
  std::string call_id;
  std::optional<std::int64_t> user_id;  // the agent
  std::optional<std::string> agent_extension;
  std::optional<std::string> queue;
  std::string flow;
  std::string question;  // the survey node's id
  std::string variable;
  std::string answer;                 // the key pressed
  std::optional<std::int64_t> score;  // the key as a number; none for * # A-D
  UnixMs at = 0;
};

struct SurveyQuery {
  TenantId tenant_id = 0;
  std::optional<std::int64_t> user_id;  // the agent
  std::optional<std::string> call_id;
  std::optional<UnixMs> from_ms;  // at >= from
  std::optional<UnixMs> to_ms;    // at < to
  int limit = 50;
  int offset = 0;
};

struct CallQuery {
  TenantId tenant_id = 0;
  std::optional<UnixMs> from_ms;      // started_at >= from
  std::optional<UnixMs> to_ms;        // started_at < to
  std::optional<std::string> number;  // matches caller or callee (substring)
  std::optional<std::string> exact_number;  // is the caller or the callee (indexed: the screen pop's history)
  std::optional<std::string> direction;
  std::optional<std::string> endpoint;  // only calls with a leg at this endpoint (an extension)
  int limit = 50;
  int offset = 0;
};

}  // namespace hotline::store
