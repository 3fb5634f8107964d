// http: the REST API (/api/v1, described by /api/v1/openapi.json), later the WebSocket events and
// the static web app, on Boost.Beast.
//
// Threads: its own io_context thread(s). Business data is read from the store directly; live
// state (registrations, calls in progress) comes through LiveState, which the wiring in main
// implements by posting to the core loop.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app/auth_service.hpp"
#include "common/result.hpp"
#include "store/store.hpp"

namespace hotline::http {

struct LiveRegistration {
  std::string extension;
  std::string contact;
  std::string source;  // transport:ip:port
  std::string user_agent;
  UnixMs expires_at = 0;
};

struct RecordingHealth {
  std::size_t active = 0;
  std::uint64_t failed = 0;  // recordings whose file could not be written, since start
  std::string last_error;
};

// A call's recording after a pause or resume command.
struct LiveRecordingState {
  std::string recording_id;
  bool paused = false;
  std::int64_t paused_ms = 0;  // paused so far, a pause in progress included
};

// Live state owned by the core loop. Implementations may block briefly (they post and wait).
class LiveState {
 public:
  virtual ~LiveState() = default;
  virtual std::vector<LiveRegistration> registrations(store::TenantId tenant) = 0;
  virtual int calls_in_progress() = 0;
  virtual RecordingHealth recording_health() = 0;
  // Pauses or resumes the recording of the tenant's call in progress `call_id`; `username` goes
  // on the call's timeline. NotFound when the tenant has no such call in progress (ended or
  // unknown), Conflict when the call is not being recorded, Unavailable when the core loop does
  // not answer in time (the command may still take effect).
  virtual Result<LiveRecordingState> set_recording_paused(store::TenantId tenant, const std::string& call_id,
                                                          bool paused, const std::string& username) = 0;
};

struct HttpOptions {
  std::string bind_address = "127.0.0.1";
  std::uint16_t port = 8080;  // 0: pick a free port (tests)
  int threads = 1;
  std::filesystem::path data_dir;  // the server's data folder: recordings are read from it
};

class HttpServer {
 public:
  virtual ~HttpServer() = default;
  virtual std::uint16_t port() const = 0;  // the bound port
  virtual void stop() = 0;                 // stops accepting, closes connections, joins threads
};

// Binds and starts serving on its own thread(s).
Result<std::unique_ptr<HttpServer>> start_http_server(const HttpOptions& options, store::Store& store,
                                                      app::AuthService& auth, LiveState& live,
                                                      const Clock& clock);

}  // namespace hotline::http
