// Shared by the server tests: a temporary data folder with a real SQLite store and AuthService,
// two tenants with one user each, a thread-safe clock and a fake LiveState.
#pragma once

#include <atomic>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "app/auth_service.hpp"
#include "http/api_routes.hpp"
#include "http/http_server.hpp"
#include "store/store.hpp"

namespace hotline::http::testing_support {

// Where the tests' clocks start, and the time of the rows they write.
inline constexpr UnixMs kT0 = 1'700'000'000'000;

// Thread: any (the server's threads read it while the test advances it).
class AtomicClock final : public Clock {
 public:
  UnixMs now_ms() const override { return now_.load(); }
  void advance_ms(UnixMs ms) { now_ += ms; }

 private:
  std::atomic<UnixMs> now_{kT0};
};

// Thread: any; the test sets it up before the server reads it.
class FakeLiveState final : public LiveState {
 public:
  std::vector<LiveRegistration> registrations(store::TenantId tenant) override;
  int calls_in_progress() override { return calls.load(); }
  RecordingHealth recording_health() override {
    return {0, failed_recordings.load(),
            failed_recordings.load() ? "write /data/r.wav: No space left on device" : ""};
  }

  // Answers like the core loop for the calls added with add_call: NotFound for any other id or
  // another tenant's call, Conflict for a call that is not recorded, Unavailable when told to.
  Result<LiveRecordingState> set_recording_paused(store::TenantId tenant, const std::string& call_id,
                                                  bool paused, const std::string& username) override;

  Result<std::vector<acd::QueueView>> queues(store::TenantId tenant) override;
  Result<std::vector<acd::AgentView>> agents(store::TenantId tenant) override;
  // Records "<user> <kind> <reason>" and answers NotFound for users not in the agents set_acd gave.
  Status command_agent(store::TenantId tenant, std::int64_t user_id,
                       const acd::AgentCommand& command) override;
  std::vector<std::string> agent_commands();
  // Counts the reloads asked for, by tenant.
  Status reload_configuration(store::TenantId tenant) override;
  // Records "<tenant>/<class>" for music_reloads().
  Status reload_music(store::TenantId tenant, const std::string& music_class) override;
  std::vector<std::string> music_reloads();
  // The bans add_sip_ban gave; lifting removes one (NotFound for another address).
  Result<std::vector<LiveSipBan>> sip_bans() override;
  Status lift_sip_ban(const std::string& address) override;
  void add_sip_ban(LiveSipBan ban);
  // Hangs up a call added with add_call (NotFound otherwise) and records "<call> at <ext> by <user>".
  Status hang_up_call(store::TenantId tenant, const std::string& call_id, const std::string& extension,
                      const std::string& username) override;
  std::vector<std::string> hang_ups();
  // Records "answer <call> at <ext> by <user>" for a call added with add_call.
  Status answer_call(store::TenantId tenant, const std::string& call_id, const std::string& extension,
                     const std::string& username) override;
  // Holds or retrieves a call added with add_call and records "hold|retrieve <call> at <ext> by <user>".
  Status hold_call(store::TenantId tenant, const std::string& call_id, const std::string& extension,
                   bool hold, const std::string& username) override;
  // Records "transfer <call> at <ext> to <kind>:<target> by <user>" for a call added with add_call,
  // and " with <data>" when data came.
  Status transfer_call(store::TenantId tenant, const std::string& call_id, const std::string& extension,
                       const std::string& kind, const std::string& target, const std::string& username,
                       const std::string& data) override;
  // Records "consult <kind>:<target> about <call> at <ext> by <user>" (and " with <data>") for a
  // call added with add_call and answers "consult-<call>"; Conflict for a second consultation.
  Result<std::string> consult_call(store::TenantId tenant, const std::string& call_id,
                                   const std::string& extension, const std::string& kind,
                                   const std::string& target, const std::string& username,
                                   const std::string& data) override;
  // Records "transfer|three_way|cancel consult of <call> at <ext> by <user>"; Conflict when the call
  // has no consultation (a transfer or a cancel ends it).
  Status finish_consult(store::TenantId tenant, const std::string& call_id, const std::string& extension,
                        ConsultStep step, const std::string& username) override;

  // Records "force hang-up <call> by <user>" for a call added with add_call (NotFound otherwise).
  Status force_hang_up_call(store::TenantId tenant, const std::string& call_id,
                            const std::string& username) override;
  // Records "dial <number> from <ext> (redial N every M ms) by <user>" and answers the call id
  // "dialled-<number>"; NotFound (field "number") for numbers starting with 9.
  Result<std::string> dial_call(store::TenantId tenant, const std::string& extension,
                                const std::string& number, int redial_attempts,
                                std::int64_t redial_interval_ms, const std::string& username) override;
  // Parks a call added with add_call in the tenant's lowest free slot (at most 2: then Conflict),
  // recording "park <call> at <ext> by <user>".
  Result<int> park_call(store::TenantId tenant, const std::string& call_id, const std::string& extension,
                        const std::string& username) override;
  // Takes the call parked in `slot` (NotFound naming "slot" for an empty one) and records
  // "unpark <slot> to <ext> by <user>".
  Result<std::string> unpark_call(store::TenantId tenant, int slot, const std::string& extension,
                                  const std::string& username) override;
  Result<std::vector<pbx::ParkedCall>> parked_calls(store::TenantId tenant) override;
  // Records "dnd on|off <ext>".
  Status set_do_not_disturb(store::TenantId tenant, const std::string& extension, bool on) override;

  std::atomic<int> calls{0};
  std::atomic<std::uint64_t> failed_recordings{0};
  std::atomic<bool> core_unavailable{false};
  void add(store::TenantId tenant, LiveRegistration registration);
  void add_call(store::TenantId tenant, const std::string& call_id, bool recorded);
  // Every set_recording_paused that reached a call: "pause <call id> by <username>" or "resume ...".
  std::vector<std::string> recording_commands();
  void set_acd(store::TenantId tenant, std::vector<acd::QueueView> queues,
               std::vector<acd::AgentView> agents);
  int reloads(store::TenantId tenant);

 private:
  struct LiveCall {
    store::TenantId tenant = 0;
    bool recorded = false;
    bool paused = false;
    bool consulting = false;
  };

  std::mutex mutex_;
  std::map<store::TenantId, std::vector<LiveRegistration>> by_tenant_;
  std::map<std::string, LiveCall> calls_;
  std::vector<std::string> recording_commands_;
  std::map<store::TenantId, std::vector<acd::QueueView>> queues_;
  std::map<store::TenantId, std::vector<acd::AgentView>> agents_;
  std::map<store::TenantId, int> reloads_;
  std::vector<std::string> agent_commands_;
  std::vector<std::string> music_reloads_;
  std::vector<LiveSipBan> sip_bans_;
  std::vector<std::string> hang_ups_;
  std::map<store::TenantId, std::map<int, pbx::ParkedCall>> parked_;  // by slot
};

// The real store with a health flag the test sets; everything else is forwarded.
// Thread: any.
class HealthOverrideStore final : public store::Store {
 public:
  explicit HealthOverrideStore(store::Store& real) : real_(real) {}
  store::TenantRepo& tenants() override { return real_.tenants(); }
  store::UserRepo& users() override { return real_.users(); }
  store::RoleRepo& roles() override { return real_.roles(); }
  store::SessionRepo& sessions() override { return real_.sessions(); }
  store::ApiTokenRepo& api_tokens() override { return real_.api_tokens(); }
  store::AuditRepo& audit() override { return real_.audit(); }
  store::ExtensionRepo& extensions() override { return real_.extensions(); }
  store::TrunkRepo& trunks() override { return real_.trunks(); }
  store::NumberRepo& numbers() override { return real_.numbers(); }
  store::FlowRepo& flows() override { return real_.flows(); }
  store::SkillRepo& skills() override { return real_.skills(); }
  store::QueueRepo& queues() override { return real_.queues(); }
  store::CallerListRepo& caller_lists() override { return real_.caller_lists(); }
  store::HolidayRepo& holidays() override { return real_.holidays(); }
  store::AcdLogRepo& acd_log() override { return real_.acd_log(); }
  store::OutboundRouteRepo& outbound_routes() override { return real_.outbound_routes(); }
  store::NotReadyReasonRepo& not_ready_reasons() override { return real_.not_ready_reasons(); }
  store::RegistrationRepo& registrations() override { return real_.registrations(); }
  store::CallRepo& calls() override { return real_.calls(); }
  store::RecordingRepo& recordings() override { return real_.recordings(); }
  store::CallEventRepo& call_events() override { return real_.call_events(); }
  store::VoicemailBoxRepo& voicemail_boxes() override { return real_.voicemail_boxes(); }
  store::VoicemailMessageRepo& voicemail_messages() override { return real_.voicemail_messages(); }
  store::SurveyRepo& surveys() override { return real_.surveys(); }
  store::TodoRepo& todos() override { return real_.todos(); }
  void flush() override { real_.flush(); }
  bool healthy() const override { return healthy_flag.load(); }
  void close() override { real_.close(); }

  std::atomic<bool> healthy_flag{true};

 private:
  store::Store& real_;
};

struct TestUser {
  store::TenantId tenant_id = 0;
  std::int64_t user_id = 0;
  std::string username;
  std::string password;
};

// Thread: the test's.
class ServerRig {
 public:
  ServerRig();
  ~ServerRig();

  ApiDeps deps() { return {*store, *auth, live, clock, dir}; }
  TestUser add_tenant_with_user(const std::string& tenant, const std::string& username);
  TestUser add_user(store::TenantId tenant, const std::string& username, const std::string& role,
                    std::optional<std::string> extension = std::nullopt);
  // A session token of `user` (logs in); throws when the login is refused.
  std::string login(const TestUser& user);
  std::string login(const std::string& username, const std::string& password);

  std::filesystem::path dir;
  AtomicClock clock;
  std::unique_ptr<store::Store> store;
  std::unique_ptr<app::AuthService> auth;
  FakeLiveState live;
};

store::CallRecord make_call(store::TenantId tenant, const std::string& id, const std::string& direction,
                            const std::string& caller, const std::string& callee, UnixMs started_at);

// The value of the response's header `name`, empty when it has none.
std::string header(const ApiResponse& response, const std::string& name);

nlohmann::json body_of(const ApiResponse& response);
// The field of every problem a 400's "errors" lists.
std::set<std::string> error_fields(const ApiResponse& response);

}  // namespace hotline::http::testing_support
