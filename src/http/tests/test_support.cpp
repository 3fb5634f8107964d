#include "http/tests/test_support.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>

#include "app/passwords.hpp"

namespace hotline::http::testing_support {

std::vector<LiveRegistration> FakeLiveState::registrations(store::TenantId tenant) {
  std::lock_guard lock(mutex_);
  auto it = by_tenant_.find(tenant);
  return it == by_tenant_.end() ? std::vector<LiveRegistration>{} : it->second;
}

void FakeLiveState::add(store::TenantId tenant, LiveRegistration registration) {
  std::lock_guard lock(mutex_);
  by_tenant_[tenant].push_back(std::move(registration));
}

void FakeLiveState::add_call(store::TenantId tenant, const std::string& call_id, bool recorded) {
  std::lock_guard lock(mutex_);
  calls_[call_id] = {tenant, recorded, false};
}

std::vector<std::string> FakeLiveState::recording_commands() {
  std::lock_guard lock(mutex_);
  return recording_commands_;
}

void FakeLiveState::set_acd(store::TenantId tenant, std::vector<acd::QueueView> queues,
                            std::vector<acd::AgentView> agents) {
  std::lock_guard lock(mutex_);
  queues_[tenant] = std::move(queues);
  agents_[tenant] = std::move(agents);
}

Result<std::vector<acd::QueueView>> FakeLiveState::queues(store::TenantId tenant) {
  if (core_unavailable) return Error::unavailable("the call core did not answer within 2 s");
  std::lock_guard lock(mutex_);
  return queues_[tenant];
}

Result<std::vector<acd::AgentView>> FakeLiveState::agents(store::TenantId tenant) {
  if (core_unavailable) return Error::unavailable("the call core did not answer within 2 s");
  std::lock_guard lock(mutex_);
  return agents_[tenant];
}

Status FakeLiveState::command_agent(store::TenantId tenant, std::int64_t user_id,
                                    const acd::AgentCommand& command) {
  std::lock_guard lock(mutex_);
  const auto& agents = agents_[tenant];
  auto agent =
      std::find_if(agents.begin(), agents.end(), [&](const auto& a) { return a.user_id == user_id; });
  if (agent == agents.end())
    return Error::not_found("user " + std::to_string(user_id) + " is no agent of a queue");
  static constexpr const char* kKinds[] = {"log_in",    "log_out",   "ready",
                                           "not_ready", "work_mode", "ready_now"};
  std::string entry = std::to_string(user_id) + " " + kKinds[static_cast<int>(command.kind)];
  if (command.kind == acd::AgentCommand::Kind::NotReady) entry += " " + command.reason;
  if (command.kind == acd::AgentCommand::Kind::SetWorkMode)
    entry += std::string(" ") + acd::to_string(command.mode);
  for (auto queue : command.queues) entry += " q" + std::to_string(queue);
  agent_commands_.push_back(entry);
  return ok_status();
}

std::vector<std::string> FakeLiveState::agent_commands() {
  std::lock_guard lock(mutex_);
  return agent_commands_;
}

Status FakeLiveState::reload_configuration(store::TenantId tenant) {
  std::lock_guard lock(mutex_);
  ++reloads_[tenant];
  return ok_status();
}

Status FakeLiveState::reload_music(store::TenantId tenant, const std::string& music_class) {
  std::lock_guard lock(mutex_);
  music_reloads_.push_back(std::to_string(tenant) + "/" + music_class);
  return ok_status();
}

std::vector<std::string> FakeLiveState::music_reloads() {
  std::lock_guard lock(mutex_);
  return music_reloads_;
}

int FakeLiveState::reloads(store::TenantId tenant) {
  std::lock_guard lock(mutex_);
  return reloads_[tenant];
}

Result<std::vector<LiveSipBan>> FakeLiveState::sip_bans() {
  if (core_unavailable) return Error::unavailable("the call core did not answer within 2 s");
  std::lock_guard lock(mutex_);
  return sip_bans_;
}

Status FakeLiveState::lift_sip_ban(const std::string& address) {
  std::lock_guard lock(mutex_);
  auto lifted = std::erase_if(sip_bans_, [&](const LiveSipBan& ban) { return ban.address == address; });
  if (!lifted) return Error::not_found("no ban on " + address);
  return ok_status();
}

Status FakeLiveState::hang_up_call(store::TenantId tenant, const std::string& call_id,
                                   const std::string& extension, const std::string& username) {
  if (core_unavailable) return Error::unavailable("the call core did not answer within 2 s");
  std::lock_guard lock(mutex_);
  auto it = calls_.find(call_id);
  if (it == calls_.end() || it->second.tenant != tenant) return Error::not_found("no call " + call_id);
  hang_ups_.push_back(call_id + " at " + extension + " by " + username);
  calls_.erase(it);
  return ok_status();
}

Status FakeLiveState::answer_call(store::TenantId tenant, const std::string& call_id,
                                  const std::string& extension, const std::string& username) {
  std::lock_guard lock(mutex_);
  auto it = calls_.find(call_id);
  if (it == calls_.end() || it->second.tenant != tenant) return Error::not_found("no call " + call_id);
  hang_ups_.push_back("answer " + call_id + " at " + extension + " by " + username);
  return ok_status();
}

Status FakeLiveState::hold_call(store::TenantId tenant, const std::string& call_id,
                                const std::string& extension, bool hold, const std::string& username) {
  std::lock_guard lock(mutex_);
  auto it = calls_.find(call_id);
  if (it == calls_.end() || it->second.tenant != tenant) return Error::not_found("no call " + call_id);
  hang_ups_.push_back(std::string(hold ? "hold " : "retrieve ") + call_id + " at " + extension + " by " +
                      username);
  return ok_status();
}

Status FakeLiveState::transfer_call(store::TenantId tenant, const std::string& call_id,
                                    const std::string& extension, const std::string& kind,
                                    const std::string& target, const std::string& username,
                                    const std::string& data) {
  std::lock_guard lock(mutex_);
  auto it = calls_.find(call_id);
  if (it == calls_.end() || it->second.tenant != tenant) return Error::not_found("no call " + call_id);
  hang_ups_.push_back("transfer " + call_id + " at " + extension + " to " + kind + ":" + target + " by " +
                      username + (data.empty() ? "" : " with " + data));
  return ok_status();
}

Result<std::string> FakeLiveState::consult_call(store::TenantId tenant, const std::string& call_id,
                                                const std::string& extension, const std::string& kind,
                                                const std::string& target, const std::string& username,
                                                const std::string& data) {
  std::lock_guard lock(mutex_);
  auto it = calls_.find(call_id);
  if (it == calls_.end() || it->second.tenant != tenant) return Error::not_found("no call " + call_id);
  if (it->second.consulting) return Error::conflict("call " + call_id + " has a consultation");
  it->second.consulting = true;
  hang_ups_.push_back("consult " + kind + ":" + target + " about " + call_id + " at " + extension + " by " +
                      username + (data.empty() ? "" : " with " + data));
  return "consult-" + call_id;
}

Status FakeLiveState::finish_consult(store::TenantId tenant, const std::string& call_id,
                                     const std::string& extension, ConsultStep step,
                                     const std::string& username) {
  std::lock_guard lock(mutex_);
  auto it = calls_.find(call_id);
  if (it == calls_.end() || it->second.tenant != tenant) return Error::not_found("no call " + call_id);
  if (!it->second.consulting) return Error::conflict("call " + call_id + " has no consultation");
  const char* name = step == ConsultStep::Transfer   ? "transfer"
                     : step == ConsultStep::ThreeWay ? "three_way"
                                                     : "cancel";
  it->second.consulting = step == ConsultStep::ThreeWay;
  hang_ups_.push_back(std::string(name) + " consult of " + call_id + " at " + extension + " by " + username);
  return ok_status();
}

Status FakeLiveState::force_hang_up_call(store::TenantId tenant, const std::string& call_id,
                                         const std::string& username) {
  std::lock_guard lock(mutex_);
  auto it = calls_.find(call_id);
  if (it == calls_.end() || it->second.tenant != tenant) return Error::not_found("no call " + call_id);
  hang_ups_.push_back("force hang-up " + call_id + " by " + username);
  calls_.erase(it);
  return ok_status();
}

Result<std::string> FakeLiveState::dial_call(store::TenantId, const std::string& extension,
                                             const std::string& number, int redial_attempts,
                                             std::int64_t redial_interval_ms, const std::string& username) {
  if (number.starts_with("9"))
    return Error{ErrorCode::NotFound, "number " + number + " goes nowhere", "number"};
  std::lock_guard lock(mutex_);
  hang_ups_.push_back("dial " + number + " from " + extension + " (redial " +
                      std::to_string(redial_attempts) + " every " + std::to_string(redial_interval_ms) +
                      " ms) by " + username);
  return "dialled-" + number;
}

Result<int> FakeLiveState::park_call(store::TenantId tenant, const std::string& call_id,
                                     const std::string& extension, const std::string& username) {
  constexpr int kSlots = 2;
  std::lock_guard lock(mutex_);
  auto it = calls_.find(call_id);
  if (it == calls_.end() || it->second.tenant != tenant) return Error::not_found("no call " + call_id);
  auto& lot = parked_[tenant];
  int slot = 1;
  while (lot.contains(slot)) ++slot;
  if (slot > kSlots) return Error::conflict("the parking lot is full");
  pbx::ParkedCall& parked = lot[slot];
  parked.tenant_id = tenant;
  parked.slot = slot;
  parked.call_id = call_id;
  parked.caller = "0612345678";
  parked.parked_by = extension;
  parked.parked_by_user = username;
  parked.parked_at = 1'700'000'000'000;
  parked.ring_back_at = parked.parked_at + 120'000;
  calls_.erase(it);
  hang_ups_.push_back("park " + call_id + " at " + extension + " by " + username);
  return slot;
}

Status FakeLiveState::set_do_not_disturb(store::TenantId, const std::string& extension, bool on) {
  std::lock_guard lock(mutex_);
  hang_ups_.push_back(std::string("dnd ") + (on ? "on " : "off ") + extension);
  return ok_status();
}

Result<std::string> FakeLiveState::unpark_call(store::TenantId tenant, int slot, const std::string& extension,
                                               const std::string& username) {
  std::lock_guard lock(mutex_);
  auto& lot = parked_[tenant];
  auto it = lot.find(slot);
  if (it == lot.end())
    return Error{ErrorCode::NotFound, "no call is parked in slot " + std::to_string(slot), "slot"};
  std::string call_id = it->second.call_id;
  lot.erase(it);
  hang_ups_.push_back("unpark " + std::to_string(slot) + " to " + extension + " by " + username);
  return call_id;
}

Result<std::vector<pbx::ParkedCall>> FakeLiveState::parked_calls(store::TenantId tenant) {
  if (core_unavailable) return Error::unavailable("the call core did not answer within 2 s");
  std::lock_guard lock(mutex_);
  std::vector<pbx::ParkedCall> out;
  for (const auto& [slot, call] : parked_[tenant]) out.push_back(call);
  return out;
}

std::vector<std::string> FakeLiveState::hang_ups() {
  std::lock_guard lock(mutex_);
  return hang_ups_;
}

void FakeLiveState::add_sip_ban(LiveSipBan ban) {
  std::lock_guard lock(mutex_);
  sip_bans_.push_back(std::move(ban));
}

Result<LiveRecordingState> FakeLiveState::set_recording_paused(store::TenantId tenant,
                                                               const std::string& call_id, bool paused,
                                                               const std::string& username) {
  if (core_unavailable) return Error::unavailable("the call core did not answer within 2 s");
  std::lock_guard lock(mutex_);
  auto it = calls_.find(call_id);
  if (it == calls_.end() || it->second.tenant != tenant) return Error::not_found("no call " + call_id);
  if (!it->second.recorded) return Error::conflict("call " + call_id + " is not being recorded");
  recording_commands_.push_back((paused ? "pause " : "resume ") + call_id + " by " + username);
  it->second.paused = paused;
  return LiveRecordingState{"rec-" + call_id, paused, paused ? 0 : 1000};
}

namespace {

std::filesystem::path make_temp_dir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "hotline-http-XXXXXX").string();
  if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
  return pattern;
}

}  // namespace

ServerRig::ServerRig() : dir(make_temp_dir()) {
  store::SqliteOptions options;
  options.path = dir / "hotline.db";
  auto opened = store::open_sqlite(options, clock);
  if (!opened) throw std::runtime_error("open_sqlite: " + opened.error().message);
  store = std::move(*opened);
  auth = std::make_unique<app::AuthService>(*store, clock);
}

ServerRig::~ServerRig() {
  auth.reset();
  store->close();
  store.reset();
  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);
}

TestUser ServerRig::add_tenant_with_user(const std::string& tenant, const std::string& username) {
  TestUser user{0, 0, username, username + "-password"};
  auto tenant_id = store->tenants().create({0, tenant, tenant + ".test", false, clock.now_ms()});
  if (!tenant_id) throw std::runtime_error("tenant: " + tenant_id.error().message);
  user.tenant_id = *tenant_id;
  store::User record{0,       user.tenant_id, username, app::hash_password(user.password),
                     "admin", username,       {},       clock.now_ms()};
  auto user_id = store->users().create(record);
  if (!user_id) throw std::runtime_error("user: " + user_id.error().message);
  user.user_id = *user_id;
  return user;
}

TestUser ServerRig::add_user(store::TenantId tenant, const std::string& username, const std::string& role,
                             std::optional<std::string> extension) {
  TestUser user{tenant, 0, username, username + "-password"};
  store::User record{0,
                     tenant,
                     username,
                     app::hash_password(user.password),
                     role,
                     username,
                     std::move(extension),
                     clock.now_ms()};
  auto user_id = store->users().create(record);
  if (!user_id) throw std::runtime_error("user: " + user_id.error().message);
  user.user_id = *user_id;
  return user;
}

std::string ServerRig::login(const TestUser& user) { return login(user.username, user.password); }

std::string ServerRig::login(const std::string& username, const std::string& password) {
  auto session = auth->login(username, password);
  if (!session) throw std::runtime_error("login: " + session.error().message);
  return session->token;
}

nlohmann::json body_of(const ApiResponse& response) { return nlohmann::json::parse(response.body); }

std::set<std::string> error_fields(const ApiResponse& response) {
  nlohmann::json body = body_of(response);  // kept alive: the loop reads into it
  std::set<std::string> fields;
  for (const auto& e : body["errors"]) fields.insert(e["field"].get<std::string>());
  return fields;
}

store::CallRecord make_call(store::TenantId tenant, const std::string& id, const std::string& direction,
                            const std::string& caller, const std::string& callee, UnixMs started_at) {
  store::CallRecord call;
  call.id = id;
  call.tenant_id = tenant;
  call.direction = direction;
  call.caller = caller;
  call.callee = callee;
  call.started_at = started_at;
  call.answered_at = started_at + 2000;
  call.ended_at = started_at + 62000;
  call.ring_ms = 2000;
  call.talk_ms = 60000;
  call.duration_ms = 62000;
  call.disposition = "answered";
  call.hangup_side = "caller";
  call.sip_call_id = "sip-" + id;
  return call;
}

std::string header(const ApiResponse& response, const std::string& name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name) return value;
  }
  return {};
}

}  // namespace hotline::http::testing_support
