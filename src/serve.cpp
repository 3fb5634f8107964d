// serve: wires the store, media engine, core loop (SIP + calls) and HTTP API together, and runs
// until SIGTERM/SIGINT, then hangs up calls, finishes the CDRs and exits 0.
#include <fcntl.h>
#include <signal.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <future>
#include <nlohmann/json.hpp>
#include <thread>

#include "acd/runtime/queue_calls.hpp"
#include "app/app.hpp"
#include "commands.hpp"
#include "common/hash.hpp"
#include "cti/cti.hpp"
#include "http/client/http_client.hpp"
#include "http/http_server.hpp"
#include "ivr/runtime/flow_calls.hpp"
#include "media/media.hpp"
#include "media/music_library.hpp"
#include "pbx/pbx.hpp"
#include "store/data_folder_lock.hpp"
#include "store/store.hpp"
#include "voicemail/voicemail_calls.hpp"

namespace hotline::cli {
namespace {

namespace fs = std::filesystem;

// The digest nonce secret, kept in the data folder so nonces stay valid across restarts.
std::string load_or_create_secret(const fs::path& path) {
  std::ifstream in(path);
  std::string secret;
  if (in >> secret && secret.size() >= 32) return secret;
  secret = random_hex(32);
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd >= 0) {
    [[maybe_unused]] auto n = ::write(fd, secret.data(), secret.size());
    ::close(fd);
  }
  return secret;
}

// LiveState for the HTTP threads: asks the core loop and waits briefly for its answer.
class CoreLiveState final : public http::LiveState {
 public:
  CoreLiveState(sip::CoreLoop& loop, pbx::Pbx& pbx, media::MediaEngine& media, ivr::FlowCalls& flows,
                acd::QueueCalls& queues, store::Store& store, fs::path music_dir,
                pbx::RoleCapabilityCheck role_allows)
      : loop_(loop),
        pbx_(pbx),
        media_(media),
        flows_(flows),
        queues_(queues),
        store_(store),
        music_dir_(std::move(music_dir)),
        role_allows_(std::move(role_allows)) {}

  std::vector<http::LiveRegistration> registrations(store::TenantId tenant) override {
    return ask<std::vector<http::LiveRegistration>>([this, tenant] {
      std::vector<http::LiveRegistration> out;
      for (const auto& r : pbx_.registrations(tenant)) {
        out.push_back({r.extension, r.contact, r.source, r.user_agent, r.expires_at});
      }
      return out;
    });
  }

  int calls_in_progress() override {
    return ask<int>([this] { return static_cast<int>(pbx_.calls_in_progress()); });
  }

  http::RecordingHealth recording_health() override {
    auto health = media_.recording_health();  // the media engine's health is safe from any thread
    return {health.active, health.failed, health.last_error};
  }

  Result<http::LiveRecordingState> set_recording_paused(store::TenantId tenant, const std::string& call_id,
                                                        bool paused, const std::string& username) override {
    using Answer = Result<http::LiveRecordingState>;
    return ask<Answer>(
        [this, tenant, call_id, paused, username]() -> Answer {
          auto state = pbx_.set_recording_paused(tenant, call_id, paused, username);
          if (!state) return state.error();
          return http::LiveRecordingState{state->recording_id, state->paused, state->paused_ms};
        },
        kNoAnswer);
  }

  Result<std::vector<acd::QueueView>> queues(store::TenantId tenant) override {
    using Answer = Result<std::vector<acd::QueueView>>;
    return ask<Answer>([this, tenant]() -> Answer { return queues_.queue_views(tenant); }, kNoAnswer);
  }

  Result<std::vector<acd::AgentView>> agents(store::TenantId tenant) override {
    using Answer = Result<std::vector<acd::AgentView>>;
    return ask<Answer>([this, tenant]() -> Answer { return queues_.agent_views(tenant); }, kNoAnswer);
  }

  Status command_agent(store::TenantId tenant, std::int64_t user_id,
                       const acd::AgentCommand& command) override {
    return ask<Status>([this, tenant, user_id, command] { return queues_.command(tenant, user_id, command); },
                       kNoAnswer);
  }

  Status hang_up_call(store::TenantId tenant, const std::string& call_id, const std::string& extension,
                      const std::string& username) override {
    return ask<Status>([this, tenant, call_id, extension,
                        username] { return pbx_.calls().hang_up_for(tenant, call_id, extension, username); },
                       kNoAnswer);
  }

  Status answer_call(store::TenantId tenant, const std::string& call_id, const std::string& extension,
                     const std::string& username) override {
    return ask<Status>([this, tenant, call_id, extension,
                        username] { return pbx_.calls().answer_for(tenant, call_id, extension, username); },
                       kNoAnswer);
  }

  Status hold_call(store::TenantId tenant, const std::string& call_id, const std::string& extension,
                   bool hold, const std::string& username) override {
    return ask<Status>(
        [this, tenant, call_id, extension, hold, username] {
          return pbx_.calls().hold_for(tenant, call_id, extension, hold, username);
        },
        kNoAnswer);
  }

  Status transfer_call(store::TenantId tenant, const std::string& call_id, const std::string& extension,
                       const std::string& kind, const std::string& target, const std::string& username,
                       const std::string& data) override {
    return ask<Status>(
        [this, tenant, call_id, extension, kind, target, username, data]() -> Status {
          auto next = destination(tenant, extension, kind, target);
          if (!next) return next.error();
          return pbx_.calls().transfer_for(tenant, call_id, extension, *next, username, data);
        },
        kNoAnswer);
  }

  Result<std::string> consult_call(store::TenantId tenant, const std::string& call_id,
                                   const std::string& extension, const std::string& kind,
                                   const std::string& target, const std::string& username,
                                   const std::string& data) override {
    using Answer = Result<std::string>;
    return ask<Answer>(
        [this, tenant, call_id, extension, kind, target, username, data]() -> Answer {
          auto next = destination(tenant, extension, kind, target);
          if (!next) return next.error();
          return pbx_.calls().consult_for(tenant, call_id, extension, *next, username, data);
        },
        kNoAnswer);
  }

  Status set_do_not_disturb(store::TenantId tenant, const std::string& extension, bool on) override {
    if (auto stored = store_.extensions().set_dnd(tenant, extension, on); !stored) return stored;
    return ask<Status>(
        [this, tenant, extension, on] {
          pbx_.set_do_not_disturb(tenant, extension, on);
          return ok_status();
        },
        kNoAnswer);
  }

  Status finish_consult(store::TenantId tenant, const std::string& call_id, const std::string& extension,
                        ConsultStep step, const std::string& username) override {
    using Action = pbx::B2bua::ConsultAction;
    Action action = step == ConsultStep::Transfer   ? Action::Transfer
                    : step == ConsultStep::ThreeWay ? Action::ThreeWay
                                                    : Action::Cancel;
    return ask<Status>(
        [this, tenant, call_id, extension, action, username] {
          return pbx_.calls().finish_consult(tenant, call_id, extension, action, username);
        },
        kNoAnswer);
  }

  Status force_hang_up_call(store::TenantId tenant, const std::string& call_id,
                            const std::string& username) override {
    return ask<Status>(
        [this, tenant, call_id, username] { return pbx_.calls().force_hang_up(tenant, call_id, username); },
        kNoAnswer);
  }

  Result<std::string> dial_call(store::TenantId tenant, const std::string& extension,
                                const std::string& number, int redial_attempts,
                                std::int64_t redial_interval_ms, const std::string& username) override {
    std::map<std::string, std::string, std::less<>> variables{
        {"redial_attempts", std::to_string(redial_attempts)},
        {"redial_interval_ms", std::to_string(redial_interval_ms)}};
    using Answer = Result<std::string>;
    return ask<Answer>(
        [this, tenant, extension, number, username, variables]() -> Answer {
          return pbx_.calls().originate(tenant, extension, number, username, variables);
        },
        kNoAnswer);
  }

  Result<int> park_call(store::TenantId tenant, const std::string& call_id, const std::string& extension,
                        const std::string& username) override {
    return ask<Result<int>>(
        [this, tenant, call_id, extension, username] {
          return pbx_.calls().park_for(tenant, call_id, extension, username);
        },
        kNoAnswer);
  }

  Result<std::string> unpark_call(store::TenantId tenant, int slot, const std::string& extension,
                                  const std::string& username) override {
    return ask<Result<std::string>>(
        [this, tenant, slot, extension, username] {
          return pbx_.parking().retrieve_to(tenant, slot, extension, username);
        },
        kNoAnswer);
  }

  Result<std::vector<pbx::ParkedCall>> parked_calls(store::TenantId tenant) override {
    using Answer = Result<std::vector<pbx::ParkedCall>>;
    return ask<Answer>([this, tenant]() -> Answer { return pbx_.parking().parked(tenant); }, kNoAnswer);
  }

  // Read here, on the HTTP thread, so that the core loop only swaps the new configuration in.
  Status reload_configuration(store::TenantId tenant) override {
    auto directory = std::make_shared<pbx::DirectorySnapshot>(pbx::Directory::read(store_, role_allows_));
    auto acd = std::make_shared<acd::QueueCalls::TenantConfig>(acd::QueueCalls::read_config(store_, tenant));
    auto holidays = ivr::FlowCalls::read_holidays(store_, tenant);
    return ask<Status>(
        [this, directory, acd, holidays, tenant]() -> Status {
          pbx_.install_directory(std::move(*directory));
          queues_.apply(*acd);
          flows_.set_holidays(tenant, holidays);
          return ok_status();
        },
        kNoAnswer);
  }

  // Decoded here, on the HTTP thread; the core loop only hands the prompts to the workers.
  Status reload_music(store::TenantId tenant, const std::string& music_class) override {
    auto files = media::MusicLibrary::load_class(music_dir_ / std::to_string(tenant) / music_class);
    std::string name = media::tenant_music_class(tenant, music_class);
    return ask<Status>(
        [this, name, files]() -> Status {
          media_.reload_music(name, files);
          return ok_status();
        },
        kNoAnswer);
  }

  Result<std::vector<http::LiveSipBan>> sip_bans() override {
    using Answer = Result<std::vector<http::LiveSipBan>>;
    return ask<Answer>(
        [this]() -> Answer {
          std::vector<http::LiveSipBan> out;
          for (const auto& ban : pbx_.sip_bans())
            out.push_back({ban.address, ban.failures, ban.banned_until});
          return out;
        },
        kNoAnswer);
  }

  Status lift_sip_ban(const std::string& address) override {
    return ask<Status>(
        [this, address]() -> Status {
          if (pbx_.lift_sip_ban(address)) return ok_status();
          return Error::not_found("no ban on " + address);
        },
        kNoAnswer);
  }

 private:
  inline static const Error kNoAnswer = Error::unavailable("the call core did not answer within 2 s");

  // Runs `fn` on the core loop and returns its answer, or `on_timeout` after 2 s.
  template <typename T, typename F>
  T ask(F fn, T on_timeout = T{}) {
    auto promise = std::make_shared<std::promise<T>>();
    auto future = promise->get_future();
    loop_.post([promise, fn] { promise->set_value(fn()); });
    if (future.wait_for(std::chrono::seconds(2)) != std::future_status::ready) return on_timeout;
    return future.get();
  }

  // Where the desktop's transfer or consultation goes (core loop): a queue, a colleague's phone,
  // or where the number leads.
  Result<pbx::HandOver> destination(store::TenantId tenant, const std::string& extension,
                                    const std::string& kind, const std::string& target) const {
    if (kind == "number") return pbx_.calls().destination_of(tenant, extension, target);
    return pbx::HandOver{kind == "extension" ? "transfer" : kind, target, {}, 0, false};
  }

  sip::CoreLoop& loop_;
  pbx::Pbx& pbx_;
  media::MediaEngine& media_;
  ivr::FlowCalls& flows_;
  acd::QueueCalls& queues_;
  store::Store& store_;
  fs::path music_dir_;
  pbx::RoleCapabilityCheck role_allows_;
};

// Waits for SIGTERM/SIGINT (blocked in every thread) and runs `on_signal` once.
class SignalWatcher {
 public:
  explicit SignalWatcher(std::function<void()> on_signal)
      : thread_([this, fn = std::move(on_signal)] { watch(fn); }) {}
  ~SignalWatcher() {
    stop_ = true;
    thread_.join();
  }

  static void block_in_this_thread() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    signal(SIGPIPE, SIG_IGN);
  }

 private:
  void watch(const std::function<void()>& fn) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    timespec tick{0, 200'000'000};
    while (!stop_) {
      if (sigtimedwait(&set, nullptr, &tick) > 0) {
        fn();
        return;
      }
    }
  }

  std::atomic<bool> stop_{false};
  std::thread thread_;
};

// A trial needs the demo logins at hand; the file exists only for a demo data folder.
void print_demo_logins(const fs::path& file) {
  std::ifstream in(file);
  if (!in) return;
  auto creds = nlohmann::json::parse(in, nullptr, false);
  if (creds.is_discarded()) return;
  std::printf("  Demo logins (from %s):\n", file.c_str());
  std::printf("    web admin  %s / %s\n", creds["admin"].value("username", "").c_str(),
              creds["admin"].value("password", "").c_str());
  if (creds.contains("operator")) {
    std::printf("    platform   %s / %s  (tenants and seats)\n",
                creds["operator"].value("username", "").c_str(),
                creds["operator"].value("password", "").c_str());
  }
  std::string realm = creds["tenant"].value("sip_realm", "");
  for (const auto& e : creds["extensions"]) {
    std::printf("    SIP %s  password %s  (realm %s)\n", e.value("extension", "").c_str(),
                e.value("password", "").c_str(), realm.c_str());
  }
  std::printf("    dial 4000 to ring 1001-1003 at once, 8000 for the conference room\n");
}

app::AuthPolicy auth_policy(const ServeOptions& o) {
  constexpr std::int64_t kMinuteMs = 60'000;
  app::AuthPolicy policy;
  policy.session_idle_ms = o.session_idle_minutes * kMinuteMs;
  policy.throttle = {o.login_max_failures, o.login_lock_minutes * kMinuteMs, o.login_address_max_failures,
                     o.login_address_window_minutes * kMinuteMs};
  return policy;
}

// --web-root, else web/dist beside the executable's folder: build/hotline serves the source tree's.
fs::path web_root(const ServeOptions& o) {
  if (!o.web_root.empty()) return o.web_root;
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return fs::path("web") / "dist";
  return (exe.parent_path() / ".." / "web" / "dist").lexically_normal();
}

void print_ready(const ServeOptions& o, std::uint16_t http_port, const fs::path& web) {
  std::printf("Hotline %s ready\n", HOTLINE_VERSION);
  std::printf("  SIP   udp+tcp  %s:%u  (register extensions here)\n", o.bind_address.c_str(), o.sip_port);
  std::printf("  HTTP  http://%s:%u/api/v1/health   API spec: /api/v1/openapi.json\n", o.bind_address.c_str(),
              http_port);
  std::error_code ec;
  bool built = fs::is_regular_file(web / "index.html", ec);
  std::printf("  console: http://%s:%u/console%s\n", o.bind_address.c_str(), http_port,
              built ? "" : ("   (not built: no " + (web / "index.html").string() + ")").c_str());
  print_demo_logins(o.data_dir / "demo-credentials.json");
  std::fflush(stdout);
}

}  // namespace

int serve(const ServeOptions& o) {
  SignalWatcher::block_in_this_thread();  // before any thread starts, so all inherit the mask
  SystemClock clock;
  if (!fs::exists(o.data_dir / "hotline.db")) {
    std::fprintf(stderr, "no database in %s: run `hotline init --data %s` first\n", o.data_dir.c_str(),
                 o.data_dir.c_str());
    return 1;
  }
  auto folder_lock = store::DataFolderLock::acquire(o.data_dir);  // held until exit: restore waits for it
  if (!folder_lock) {
    std::fprintf(stderr, "cannot serve: %s\n", folder_lock.error().message.c_str());
    return 1;
  }
  auto store = store::open_sqlite({.path = o.data_dir / "hotline.db"}, clock);
  if (!store) {
    std::fprintf(stderr, "cannot open the database: %s\n", store.error().message.c_str());
    return 1;
  }
  if (auto closed = store.value()->calls().close_interrupted(clock.now_ms()); closed && closed.value() > 0) {
    spdlog::warn("closed {} calls left open by an unclean stop as interrupted", closed.value());
  }
  sip::CoreLoop loop;
  pbx::Pbx* pbx_on_loop = nullptr;  // set before the loop runs; read only on the loop
  media::MediaOptions media_options{o.bind_address, o.rtp_port_min, o.rtp_port_max, o.media_workers};
  media_options.music_dir = o.data_dir / "moh";
  media_options.on_recording_finished = [&loop, &pbx_on_loop](const media::RecordingOutcome& outcome) {
    loop.post([&pbx_on_loop, outcome] {
      if (pbx_on_loop) pbx_on_loop->on_recording_finished(outcome);
    });
  };
  media_options.on_dtmf = [&loop, &pbx_on_loop](media::RelayId relay, media::RelaySide side,
                                                const media::dsp::DtmfDigit& digit) {
    loop.post([&pbx_on_loop, relay, side, digit] {
      if (pbx_on_loop) pbx_on_loop->on_dtmf(relay, side, digit);
    });
  };
  media_options.on_media_timeout = [&loop, &pbx_on_loop](media::RelayId relay, media::RelaySide side) {
    loop.post([&pbx_on_loop, relay, side] {
      if (pbx_on_loop) pbx_on_loop->on_media_timeout(relay, side);
    });
  };
  media_options.on_play_done = [&loop, &pbx_on_loop](const media::PlayOutcome& outcome) {
    loop.post([&pbx_on_loop, outcome] {
      if (pbx_on_loop) pbx_on_loop->on_play_done(outcome);
    });
  };
  media_options.speech_cache_dir = o.data_dir / "speech";
  auto media = media::start_media_engine(media_options);
  if (!media) {
    std::fprintf(stderr, "cannot start media: %s\n", media.error().message.c_str());
    return 1;
  }
  pbx::PbxOptions pbx_options;
  pbx_options.sip = {o.bind_address, o.sip_port, std::string("Hotline/") + HOTLINE_VERSION, o.sip_log_level};
  pbx_options.calls.ring_timeout_ms = o.ring_timeout_s * 1000LL;
  pbx_options.calls.media_timeout_ms = o.media_timeout_s * 1000LL;
  pbx_options.calls.trunk_response_timeout_ms = o.trunk_response_timeout_s * 1000LL;
  pbx_options.calls.utc_offset_minutes = o.utc_offset_minutes;
  pbx_options.parking.ring_back_after_ms = o.park_timeout_s * 1000LL;
  pbx_options.parking.slots = o.park_slots;
  pbx_options.digest_secret = load_or_create_secret(o.data_dir / "sip-secret");
  pbx_options.bans = {o.sip_ban_failures, o.sip_ban_window_s * 1000LL, o.sip_ban_seconds * 1000LL};
  // Built-in roles and the tenants' own: what an extension's owner may dial (toll-fraud rules).
  app::AuthService auth(*store.value(), clock, auth_policy(o));
  pbx_options.role_allows = [&auth](store::TenantId tenant, const std::string& role,
                                    const std::string& capability) {
    return auth.roles().allows(tenant, role, capability);
  };
  pbx_options.data_dir = o.data_dir;
  auto pbx = pbx::Pbx::start(loop, pbx_options, *store.value(), *media.value(), clock);
  if (!pbx) {
    std::fprintf(stderr, "cannot start SIP: %s\n", pbx.error().message.c_str());
    return 1;
  }
  pbx_on_loop = pbx.value().get();
  auto http_client = http_client::start_http_client();  // IVR http nodes, off the core loop
  ivr::FlowCallsOptions flow_options;
  flow_options.utc_offset_minutes = o.utc_offset_minutes;
  flow_options.data_dir = o.data_dir;
  ivr::FlowCalls flows(loop, pbx.value()->calls(), *store.value(), clock, http_client.get(), flow_options);
  acd::QueueCalls queues(loop, pbx.value()->calls(), *media.value(), *store.value(), clock,
                         o.utc_offset_minutes);
  // The CTI: events for agent desktops from the calls and the ACD, fanned out on the hub's thread.
  cti::EventHub cti_hub(*store.value(), clock);
  cti::CtiPublisher cti_events(loop, cti_hub, queues, clock);
  queues.set_observer(&cti_events);  // before the loop runs and before phones log agents in below
  pbx.value()->calls().set_call_observer(&cti_events);
  pbx.value()->parking().set_observer(&cti_events);
  cti::TodoReminders todo_reminders(*store.value(), cti_hub, clock);  // to-dos' reminders (CTI-4)
  todo_reminders.start();
  voicemail::VoicemailCalls voicemail_calls(loop, pbx.value()->calls(), *store.value(), clock,
                                            {o.data_dir, {}});
  voicemail_calls.screen_unfinished();
  pbx.value()->calls().set_service("flow", &flows);  // before the loop runs: no call yet
  pbx.value()->calls().set_service("queue", &queues);
  pbx.value()->calls().set_service("voicemail", &voicemail_calls);
  pbx.value()->calls().set_unanswered_route([&voicemail_calls](std::int64_t tenant, const std::string& ext) {
    return voicemail_calls.box_for_extension(tenant, ext);
  });
  pbx.value()->set_recording_observer([&voicemail_calls](const store::RecordingRecord& recording) {
    voicemail_calls.on_recording_finished(recording);
  });
  pbx.value()->calls().set_extension_busy_observer(
      [&queues](std::int64_t tenant, const std::string& ext, bool busy) {
        queues.on_extension_busy(tenant, ext, busy);
      });
  pbx.value()->set_registration_observer(
      [&queues](std::int64_t tenant, const std::string& ext, bool registered) {
        queues.on_registration(tenant, ext, registered);
      });
  for (const auto& tenant : store.value()->tenants().list()) {  // phones registered before a restart
    for (const auto& r : pbx.value()->registrations(tenant.id))
      queues.on_registration(tenant.id, r.extension, true);
  }
  CoreLiveState live(loop, *pbx.value(), *media.value(), flows, queues, *store.value(),
                     media_options.music_dir, pbx_options.role_allows);
  fs::path web = web_root(o);
  http::HttpOptions http_options{o.bind_address, o.http_port, 1, o.data_dir, web};
  http_options.embed_origins = o.embed_origins;
  auto http = http::start_http_server(http_options, *store.value(), auth, live, clock, &cti_hub, &cti_events,
                                      &todo_reminders);
  if (!http) {
    std::fprintf(stderr, "cannot start HTTP: %s\n", http.error().message.c_str());
    return 1;
  }
  print_ready(o, http.value()->port(), web);
  {
    SignalWatcher signals([&] {
      loop.post([&] {
        spdlog::info("shutting down: hanging up calls");
        pbx.value()->shutdown([&] { loop.stop(); });
      });
    });
    loop.run();
  }
  // The calls were hung up: let their recordings finish and record that before the store closes.
  media.value()->drain_recordings();
  http_client->stop();  // no more results posted for the flows
  loop.run_pending();
  voicemail_calls.drain();  // the messages those recordings held
  todo_reminders.stop();
  cti_hub.stop();  // no more events to the WebSockets, which the HTTP server closes next
  http.value()->stop();
  pbx.value()->calls().set_call_observer(nullptr);
  pbx.value()->parking().set_observer(nullptr);
  queues.set_observer(nullptr);
  pbx.value()->calls().set_service("flow", nullptr);
  pbx.value()->calls().set_service("queue", nullptr);
  pbx.value()->calls().set_service("voicemail", nullptr);
  pbx.value()->calls().set_unanswered_route(nullptr);
  pbx.value()->set_recording_observer(nullptr);
  pbx.value()->set_registration_observer(nullptr);
  pbx.value()->calls().set_extension_busy_observer(nullptr);
  pbx.value().reset();
  store.value()->close();
  spdlog::info("stopped");
  return 0;
}

}  // namespace hotline::cli
