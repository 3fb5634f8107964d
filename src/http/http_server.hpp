// http: the REST API (/api/v1, described by /api/v1/openapi.json), the CTI WebSocket (/api/v1/ws,
// docs/cti.md) and the built web app (every other path, web_app_files.hpp), on Boost.Beast.
//
// Threads: its own io_context thread(s). Business data is read from the store directly; live
// state (registrations, calls in progress, the ACD) comes through LiveState (live_state.hpp).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "app/auth_service.hpp"
#include "common/result.hpp"
#include "http/live_state.hpp"
#include "http/websocket_options.hpp"
#include "store/store.hpp"

namespace hotline::cti {
class EventHub;
class CtiPublisher;
class TodoReminders;
}  // namespace hotline::cti

namespace hotline::http {

struct HttpOptions {
  std::string bind_address = "127.0.0.1";
  std::uint16_t port = 8080;  // 0: pick a free port (tests)
  int threads = 1;
  std::filesystem::path data_dir;  // the server's data folder: recordings are read from it
  std::filesystem::path web_root;  // the built web app (web/dist); missing: a "not built" page
  WebSocketOptions websocket;
  std::vector<std::string> embed_origins;  // may frame the agent toolbar (/embed/...)
};

class HttpServer {
 public:
  virtual ~HttpServer() = default;
  virtual std::uint16_t port() const = 0;  // the bound port
  virtual void stop() = 0;                 // stops accepting, closes connections, joins threads
};

// Binds and starts serving on its own thread(s). With the CTI's hub it also serves the WebSocket
// /api/v1/ws, with the publisher's agent, queues and calls in each hello (both must outlive the
// server; without the publisher, as in tests, the hello has none). Stop the hub before stop():
// its thread hands frames to the sessions' strands, which stop() destroys.
Result<std::unique_ptr<HttpServer>> start_http_server(const HttpOptions& options, store::Store& store,
                                                      app::AuthService& auth, LiveState& live,
                                                      const Clock& clock, cti::EventHub* cti_hub = nullptr,
                                                      cti::CtiPublisher* cti_publisher = nullptr,
                                                      cti::TodoReminders* todo_reminders = nullptr);

}  // namespace hotline::http
