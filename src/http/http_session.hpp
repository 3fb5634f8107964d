// HttpSession: one TCP connection. Reads a request (header and body under one deadline), hands it
// to the handler pool, writes the answer back, and repeats while the client keeps the connection
// alive. Protocol failures are answered with a JSON error and the connection is closed: 400 for
// malformed HTTP, 413 for a body over the limit (max_body_bytes, known once the header is read),
// 431 for oversized headers. An upgrade request for the CTI WebSocket is handed to a
// WebSocketSession with the connection.
#pragma once

#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <memory>
#include <optional>
#include <string_view>

#include "http/api_dispatcher.hpp"
#include "http/beast_messages.hpp"
#include "http/web_app_files.hpp"
#include "http/websocket_session.hpp"

namespace hotline::http {

inline constexpr std::size_t kMaxBodyBytes = 1024 * 1024;
// Audio uploads (PUT of a prompt or a music-on-hold file) may be larger: minutes of CD-quality WAV.
inline constexpr std::size_t kMaxUploadBodyBytes = 20 * 1024 * 1024;

// The body limit of a request, from its method and target.
std::size_t max_body_bytes(std::string_view method, std::string_view target);
inline constexpr int kReadTimeoutSeconds = 30;  // a whole request, and the idle wait between two
inline constexpr int kWriteTimeoutSeconds = 30;

// Thread: its socket's strand. The handler runs on the pool and posts its response back to the
// strand, so the io thread never waits on the store (or, for targets outside /api/, on the web
// app's files). Owned by the pending operation (shared_ptr).
class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(boost::asio::ip::tcp::socket&& socket, const ApiDispatcher& dispatcher,
              const WebAppFiles& web_files, boost::asio::thread_pool& handlers,
              const WebSocketEndpoint* websocket = nullptr);
  void start();

 private:
  void read_request();
  void on_header(boost::beast::error_code ec);
  void on_read(boost::beast::error_code ec);
  void dispatch(BeastRequest&& request);
  void serve_web_file(const BeastRequest& request);
  void reject(int status, const char* field, std::string message);
  void write(BeastResponse&& response);
  void on_write(boost::beast::error_code ec);
  void drain_then_close();
  void drain();
  void close();

  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  BeastResponse response_;  // kept alive across async_write
  bool rejected_ = false;   // a protocol error was answered; the connection ends after the write
  std::size_t body_limit_ = kMaxBodyBytes;  // the current request's
  std::string remote_address_;              // the peer's IP, for the login throttle and the audit
  const ApiDispatcher& dispatcher_;
  const WebAppFiles& web_files_;
  boost::asio::thread_pool& handlers_;
  const WebSocketEndpoint* websocket_;  // null: no WebSocket on this server
};

}  // namespace hotline::http
