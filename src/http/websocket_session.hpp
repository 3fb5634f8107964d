// WebSocketSession: one CTI WebSocket (GET /api/v1/ws, docs/cti.md). HttpSession hands it the
// connection once the upgrade request is read. It is authorized exactly as a REST request
// (ApiDispatcher::authorize: the session token from Authorization: Bearer or the hotline_session
// cookie, or an API token whose scopes allow the route) and refused with the REST error before
// upgrading. Upgraded, it sends the hello first (CtiPublisher::connect), then the events the hub
// hands it, and answers each command (cti_commands.hpp) in the order they came, one at a time, on
// the handler pool. Malformed frames get an error reply naming the field, never a disconnect;
// frames over 64 KiB close with 1009. A peer that stops answering pings is dropped after the idle
// timeout; one that does not read what it is sent is dropped when its send queue is full (a slow
// consumer costs its own connection, not the server's memory). The token is checked again every
// auth_check interval, and a logout ends the socket at once (EventHub::end_sessions): close 1008.
//
// Thread: its socket's strand; the hub calls greet/deliver/end on the hub's thread, and they only
// post to the strand. Owned by its pending operations (shared_ptr); the hub holds a weak_ptr.
#pragma once

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <chrono>
#include <deque>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "cti/subscriber.hpp"
#include "http/api_dispatcher.hpp"
#include "http/api_routes.hpp"
#include "http/beast_messages.hpp"
#include "http/cti_protocol.hpp"
#include "http/websocket_options.hpp"

namespace hotline::http {

inline constexpr std::string_view kCtiPath = "/api/v1/ws";

// What sessions share; owned by the HTTP server and outliving its sessions.
struct WebSocketEndpoint {
  const ApiDispatcher& dispatcher;
  boost::asio::thread_pool& handlers;
  ApiDeps deps;
  WebSocketOptions options;
};

// Whether the request asks to upgrade to the CTI WebSocket.
bool is_cti_upgrade(const BeastRequest& request);

class WebSocketSession : public cti::Subscriber, public std::enable_shared_from_this<WebSocketSession> {
 public:
  WebSocketSession(const WebSocketEndpoint& endpoint, boost::beast::tcp_stream&& stream,
                   std::string remote_address);
  ~WebSocketSession() override;

  // Authorizes the upgrade request, then answers the refusal or upgrades.
  void start(BeastRequest&& request);

  void greet(cti::Frame hello) override;
  void deliver(cti::Frame event) override;
  void end(const std::string& why) override;

 private:
  void on_authorized(std::variant<ApiResponse, ApiDispatcher::Authorized> outcome);
  void refuse(ApiResponse&& response);
  void on_accept(boost::beast::error_code ec);
  void connect_to_hub();
  void catch_up_reminders();
  void read();
  void on_read(boost::beast::error_code ec);
  void on_frame(std::string text);
  void run_next_command();
  void send(cti::Frame frame);
  void write_next();
  void on_write(boost::beast::error_code ec);
  void check_token();
  void close(boost::beast::websocket::close_code code, const std::string& why);
  void drop(const char* why);

  const WebSocketEndpoint& endpoint_;
  boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
  boost::beast::flat_buffer buffer_;
  std::string remote_address_;
  BeastRequest request_;   // the upgrade request, until accepted
  BeastResponse refusal_;  // kept alive across its async_write
  boost::asio::steady_timer token_timer_;

  app::Principal principal_;
  std::string token_;
  bool token_in_subprotocol_ = false;  // authenticated by "hotline.bearer.TOKEN", answered "hotline"
  std::optional<std::string> extension_;
  std::set<std::int64_t> hello_reminders_;  // the to-dos whose reminders the hello carried
  cti::SubscriberId id_ = 0;
  bool subscribed_ = false;
  bool greeted_ = false;  // the hello went out; commands wait for it
  bool open_ = false;     // upgraded and not closing
  std::deque<CtiRequest> commands_;
  bool command_running_ = false;
  std::deque<cti::Frame> outbox_;
  std::size_t outbox_bytes_ = 0;
  bool writing_ = false;
};

// Takes over the connection of an upgrade request HttpSession read.
void start_websocket(const WebSocketEndpoint& endpoint, boost::beast::tcp_stream&& stream,
                     BeastRequest&& request, std::string remote_address);

}  // namespace hotline::http
