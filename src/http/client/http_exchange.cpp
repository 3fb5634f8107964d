#include "http/client/http_exchange.hpp"

#include <openssl/ssl.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>
#include <type_traits>

namespace hotline::http_client {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

constexpr std::uint32_t kMaxHeaderBytes = 16 * 1024;

template <class Stream>
class Exchange : public std::enable_shared_from_this<Exchange<Stream>> {
 public:
  static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

  Exchange(asio::io_context& io, asio::ssl::context& tls, const ExchangeSettings& settings, ClientUrl url,
           bhttp::request<bhttp::string_body> request, std::int64_t timeout_ms, HttpClient::Done done,
           std::function<void()> finished)
      : stream_(make_stream(io, tls)),
        resolver_(io),
        deadline_(io),
        url_(std::move(url)),
        request_(std::move(request)),
        timeout_ms_(timeout_ms),
        max_response_bytes_(settings.max_response_bytes),
        done_(std::move(done)),
        finished_(std::move(finished)) {
    parser_.body_limit(settings.max_response_bytes);
    parser_.header_limit(kMaxHeaderBytes);
  }

  void start() {
    deadline_.expires_after(std::chrono::milliseconds(timeout_ms_));
    deadline_.async_wait([self = this->shared_from_this()](beast::error_code ec) {
      if (!ec) self->fail("timed out after " + std::to_string(self->timeout_ms_) + " ms");
    });
    resolver_.async_resolve(
        url_.host, url_.port,
        [self = this->shared_from_this()](beast::error_code ec, tcp::resolver::results_type r) {
          self->on_resolved(ec, std::move(r));
        });
  }

 private:
  static Stream make_stream(asio::io_context& io, asio::ssl::context& tls) {
    if constexpr (kTls)
      return Stream(io, tls);
    else
      return Stream(io);
  }

  void on_resolved(beast::error_code ec, const tcp::resolver::results_type& endpoints) {
    if (ec) return fail("resolve " + url_.host + ": " + ec.message());
    beast::get_lowest_layer(stream_).async_connect(
        endpoints, [self = this->shared_from_this()](beast::error_code ec, const tcp::endpoint&) {
          self->on_connected(ec);
        });
  }

  void on_connected(beast::error_code ec) {
    if (ec) return fail("connect to " + url_.host_header() + ": " + ec.message());
    if constexpr (kTls) {
      SSL_set_tlsext_host_name(stream_.native_handle(), url_.host.c_str());
      stream_.set_verify_callback(asio::ssl::host_name_verification(url_.host));
      stream_.async_handshake(
          asio::ssl::stream_base::client, [self = this->shared_from_this()](beast::error_code ec) {
            if (ec) return self->fail("TLS with " + self->url_.host_header() + ": " + ec.message());
            self->send();
          });
    } else {
      send();
    }
  }

  void send() {
    bhttp::async_write(stream_, request_,
                       [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                         if (ec) return self->fail("send: " + ec.message());
                         self->receive();
                       });
  }

  void receive() {
    bhttp::async_read(stream_, buffer_, parser_,
                      [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                        if (ec == bhttp::error::body_limit)
                          return self->fail("the response is larger than the " +
                                            std::to_string(self->max_response_bytes_) + " bytes allowed");
                        if (ec) return self->fail("receive: " + ec.message());
                        self->succeed();
                      });
  }

  void succeed() {
    const auto& message = parser_.get();
    ClientResponse response{static_cast<int>(message.result_int()),
                            std::string(message[bhttp::field::content_type]), message.body()};
    report(std::move(response));
  }

  void fail(std::string message) { report(Error::unavailable(std::move(message))); }

  // The first outcome wins; the deadline or the last handler closes what is still open.
  void report(Result<ClientResponse> outcome) {
    if (!done_) return;
    deadline_.cancel();
    resolver_.cancel();
    beast::error_code ignored;
    beast::get_lowest_layer(stream_).socket().close(ignored);
    auto done = std::exchange(done_, nullptr);
    finished_();
    done(std::move(outcome));
  }

  Stream stream_;
  tcp::resolver resolver_;
  asio::steady_timer deadline_;
  ClientUrl url_;
  bhttp::request<bhttp::string_body> request_;
  std::int64_t timeout_ms_;
  std::size_t max_response_bytes_;
  beast::flat_buffer buffer_;
  bhttp::response_parser<bhttp::string_body> parser_;
  HttpClient::Done done_;
  std::function<void()> finished_;
};

}  // namespace

void start_exchange(asio::io_context& io, asio::ssl::context& tls, const ExchangeSettings& settings,
                    const ClientUrl& url, const ClientRequest& request, HttpClient::Done done,
                    std::function<void()> finished) {
  bhttp::request<bhttp::string_body> message{bhttp::string_to_verb(request.method), url.target, 11};
  message.set(bhttp::field::host, url.host_header());
  message.set(bhttp::field::user_agent, settings.user_agent);
  message.set(bhttp::field::connection, "close");
  for (const auto& [name, value] : request.headers) message.set(name, value);
  message.body() = request.body;
  if (!request.body.empty() || request.method != "GET") message.prepare_payload();
  if (url.tls) {
    std::make_shared<Exchange<TlsStream>>(io, tls, settings, url, std::move(message), request.timeout_ms,
                                          std::move(done), std::move(finished))
        ->start();
  } else {
    std::make_shared<Exchange<PlainStream>>(io, tls, settings, url, std::move(message), request.timeout_ms,
                                            std::move(done), std::move(finished))
        ->start();
  }
}

}  // namespace hotline::http_client
