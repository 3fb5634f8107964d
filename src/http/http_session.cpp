#include "http/http_session.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <chrono>

#include "http/json_errors.hpp"

namespace hotline::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

namespace {

constexpr std::size_t kMaxHeaderBytes = 16 * 1024;
// After a rejection the client may still be sending; reading it away for a moment before closing
// keeps the kernel from answering with a reset that would destroy our error response in flight.
constexpr auto kDrainTime = std::chrono::seconds(2);

bool is_http_parse_error(const beast::error_code& ec) {
  return ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category();
}

}  // namespace

std::size_t max_body_bytes(std::string_view method, std::string_view target) {
  bool audio_upload =
      method == "PUT" && (target.starts_with("/api/v1/prompts/") || target.starts_with("/api/v1/moh/"));
  return audio_upload ? kMaxUploadBodyBytes : kMaxBodyBytes;
}

HttpSession::HttpSession(asio::ip::tcp::socket&& socket, const ApiDispatcher& dispatcher,
                         const WebAppFiles& web_files, asio::thread_pool& handlers,
                         const WebSocketEndpoint* websocket)
    : stream_(std::move(socket)),
      dispatcher_(dispatcher),
      web_files_(web_files),
      handlers_(handlers),
      websocket_(websocket) {
  beast::error_code ec;
  auto peer = stream_.socket().remote_endpoint(ec);
  if (!ec) remote_address_ = peer.address().to_string();
}

void HttpSession::start() {
  asio::dispatch(stream_.get_executor(),
                 beast::bind_front_handler(&HttpSession::read_request, shared_from_this()));
}

void HttpSession::read_request() {
  parser_.emplace();
  parser_->body_limit(kMaxUploadBodyBytes);  // the route's own limit is set once the header is in
  parser_->header_limit(kMaxHeaderBytes);
  stream_.expires_after(std::chrono::seconds(kReadTimeoutSeconds));
  bhttp::async_read_header(
      stream_, buffer_, *parser_,
      [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_header(ec); });
}

void HttpSession::on_header(beast::error_code ec) {
  if (ec) return on_read(ec);
  const auto& header = parser_->get();
  body_limit_ = max_body_bytes(std::string_view(header.method_string()), std::string_view(header.target()));
  if (parser_->content_length() && *parser_->content_length() > body_limit_)
    return on_read(bhttp::error::body_limit);
  parser_->body_limit(body_limit_);
  bhttp::async_read(stream_, buffer_, *parser_,
                    [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
}

void HttpSession::on_read(beast::error_code ec) {
  if (!ec && websocket_ && is_cti_upgrade(parser_->get()))
    return start_websocket(*websocket_, std::move(stream_), parser_->release(), remote_address_);
  if (!ec) return dispatch(parser_->release());
  if (ec == bhttp::error::body_limit) {
    return reject(413, "body", "the request body exceeds " + std::to_string(body_limit_) + " bytes");
  }
  if (ec == bhttp::error::header_limit) {
    return reject(431, "headers", "the request headers exceed " + std::to_string(kMaxHeaderBytes) + " bytes");
  }
  // A client closing between requests, a timeout or a reset needs no answer.
  if (ec == bhttp::error::end_of_stream || !is_http_parse_error(ec)) return close();
  reject(400, "request", "malformed HTTP request: " + ec.message());
}

void HttpSession::dispatch(BeastRequest&& request) {
  if (!is_api_target(std::string_view(request.target()))) return serve_web_file(request);
  unsigned version = request.version();
  bool keep_alive = request.keep_alive();
  auto strand = stream_.get_executor();
  // The handler may block on the store; it runs on the pool and returns through the strand.
  asio::post(handlers_, [self = shared_from_this(), strand, version, keep_alive,
                         api_request = to_api_request(std::move(request), remote_address_)] {
    ApiResponse response = self->dispatcher_.handle(api_request);
    asio::post(strand, [self, version, keep_alive, response = std::move(response)]() mutable {
      self->write(to_beast_response(std::move(response), version, keep_alive));
    });
  });
}

// The web app's files are read on the pool too: a slow disk must not hold up the io thread.
void HttpSession::serve_web_file(const BeastRequest& request) {
  auto strand = stream_.get_executor();
  asio::post(handlers_, [self = shared_from_this(), strand, method = std::string(request.method_string()),
                         target = std::string(request.target()), version = request.version(),
                         keep_alive = request.keep_alive()] {
    BeastResponse response = self->web_files_.respond(method, target, version, keep_alive);
    asio::post(strand,
               [self, response = std::move(response)]() mutable { self->write(std::move(response)); });
  });
}

void HttpSession::reject(int status, const char* field, std::string message) {
  rejected_ = true;
  write(to_beast_response(error_response(status, Error::invalid(field, std::move(message))), 11, false));
}

void HttpSession::write(BeastResponse&& response) {
  response_ = std::move(response);
  stream_.expires_after(std::chrono::seconds(kWriteTimeoutSeconds));
  bhttp::async_write(stream_, response_,
                     [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_write(ec); });
}

void HttpSession::on_write(beast::error_code ec) {
  if (ec) return close();
  if (rejected_) return drain_then_close();
  if (response_.need_eof()) return close();
  read_request();
}

void HttpSession::drain_then_close() {
  beast::error_code ignored;
  stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
  stream_.expires_after(kDrainTime);
  drain();
}

void HttpSession::drain() {
  buffer_.clear();
  stream_.async_read_some(buffer_.prepare(64 * 1024),
                          [self = shared_from_this()](beast::error_code ec, std::size_t) {
                            if (ec) return self->close();
                            self->drain();
                          });
}

void HttpSession::close() {
  beast::error_code ignored;
  stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  stream_.close();
}

}  // namespace hotline::http
