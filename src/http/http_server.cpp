#include "http/http_server.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/thread_pool.hpp>
#include <thread>

#include "http/api_dispatcher.hpp"
#include "http/api_routes.hpp"
#include "http/listener.hpp"
#include "http/web_app_files.hpp"

namespace hotline::http {
namespace {

namespace asio = boost::asio;

// The io threads only parse and write; handlers run on a separate pool because they block on the
// store and on LiveState (which waits for the core loop).
int handler_threads(int io_threads) { return std::max(2, io_threads); }

// Thread: constructed, stopped and destroyed by its owner's thread; serves on its own io threads
// and handler pool. Stopping from an io or handler thread would deadlock (it joins them).
class BeastHttpServer final : public HttpServer {
 public:
  BeastHttpServer(const HttpOptions& options, const ApiDeps& deps)
      : io_(std::make_unique<asio::io_context>(options.threads)),
        handlers_(static_cast<std::size_t>(handler_threads(options.threads))),
        audit_(deps.store.audit(), deps.clock),
        dispatcher_(build_api_router(deps), deps.auth, audit_),
        web_files_(options.web_root, options.embed_origins) {
    if (deps.cti_hub)
      websocket_ = std::make_unique<WebSocketEndpoint>(
          WebSocketEndpoint{dispatcher_, handlers_, deps, options.websocket});
  }

  ~BeastHttpServer() override { stop(); }

  Status listen(const HttpOptions& options) {
    boost::system::error_code ec;
    auto address = asio::ip::make_address(options.bind_address, ec);
    if (ec) return Error::invalid("bind_address", "not an IP address: " + options.bind_address);
    auto listener =
        Listener::open(*io_, {address, options.port}, dispatcher_, web_files_, handlers_, websocket_.get());
    if (!listener) return listener.error();
    listener_ = std::move(*listener);
    port_ = listener_->port();
    listener_->start();
    for (int i = 0; i < options.threads; ++i) io_threads_.emplace_back([io = io_.get()] { io->run(); });
    spdlog::info("http: listening on {}:{}", options.bind_address, listener_->port());
    if (web_files_.built())
      spdlog::info("http: serving the web app from {}", web_files_.root().string());
    else if (!web_files_.root().empty())
      spdlog::warn("http: no web app in {} (not built): / says so, the API works",
                   web_files_.root().string());
    return ok_status();
  }

  std::uint16_t port() const override { return port_; }

  // Stops the loop, then waits for handlers in flight. Destroying the io_context destroys every
  // pending operation and with it the last reference to each session, listener and socket, which
  // closes them.
  void stop() override {
    if (!io_) return;
    io_->stop();
    for (auto& thread : io_threads_) thread.join();
    io_threads_.clear();
    handlers_.join();
    listener_.reset();
    io_.reset();
  }

 private:
  std::unique_ptr<asio::io_context> io_;
  asio::thread_pool handlers_;
  AuditTrail audit_;
  ApiDispatcher dispatcher_;
  WebAppFiles web_files_;
  std::unique_ptr<WebSocketEndpoint> websocket_;  // null without the CTI
  std::shared_ptr<Listener> listener_;
  std::vector<std::thread> io_threads_;
  std::uint16_t port_ = 0;
};

}  // namespace

Result<std::unique_ptr<HttpServer>> start_http_server(const HttpOptions& options, store::Store& store,
                                                      app::AuthService& auth, LiveState& live,
                                                      const Clock& clock, cti::EventHub* cti_hub,
                                                      cti::CtiPublisher* cti_publisher,
                                                      cti::TodoReminders* todo_reminders) {
  if (options.threads < 1) return Error::invalid("threads", "threads must be at least 1");
  auto server = std::make_unique<BeastHttpServer>(
      options, ApiDeps{store, auth, live, clock, options.data_dir, cti_hub, cti_publisher, todo_reminders});
  if (auto status = server->listen(options); !status) return status.error();
  return std::unique_ptr<HttpServer>(std::move(server));
}

}  // namespace hotline::http
