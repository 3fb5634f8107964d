#include "http/client/http_client.hpp"

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/http/verb.hpp>
#include <thread>

#include "http/client/client_url.hpp"
#include "http/client/http_exchange.hpp"

namespace hotline::http_client {
namespace {

namespace asio = boost::asio;

// Thread: fetch() and in_flight() from any thread; stop() and the destructor from the owner's
// (never from a `done` callback: it joins the io thread).
class BeastHttpClient final : public HttpClient {
 public:
  explicit BeastHttpClient(HttpClientOptions options)
      : options_(std::move(options)), tls_(asio::ssl::context::tls_client), work_(io_.get_executor()) {
    boost::system::error_code no_system_cas;  // then every TLS handshake fails verification
    tls_.set_default_verify_paths(no_system_cas);
    tls_.set_verify_mode(asio::ssl::verify_peer);
    thread_ = std::thread([this] { io_.run(); });
  }

  ~BeastHttpClient() override { stop(); }

  void fetch(ClientRequest request, Done done) override {
    auto url = parse_client_url(request.url);
    if (!url) return reply(std::move(done), url.error());
    if (boost::beast::http::string_to_verb(request.method) == boost::beast::http::verb::unknown)
      return reply(std::move(done), Error::invalid("method", "unknown HTTP method '" + request.method + "'"));
    if (request.timeout_ms <= 0)
      return reply(std::move(done), Error::invalid("timeout_ms", "must be positive"));
    if (in_flight_.fetch_add(1) >= options_.max_in_flight) {
      in_flight_.fetch_sub(1);
      return reply(std::move(done), Error::unavailable("too many HTTP requests in flight (" +
                                                       std::to_string(options_.max_in_flight) + ")"));
    }
    asio::post(io_,
               [this, url = std::move(*url), request = std::move(request), done = std::move(done)]() mutable {
                 start_exchange(io_, tls_, {options_.max_response_bytes, options_.user_agent}, url, request,
                                std::move(done), [this] { in_flight_.fetch_sub(1); });
               });
  }

  std::size_t in_flight() const override { return in_flight_.load(); }

  void stop() override {
    if (!thread_.joinable()) return;
    work_.reset();
    io_.stop();
    thread_.join();
  }

 private:
  // Refusals are reported on the client's thread too, like every other outcome.
  void reply(Done done, Error error) {
    asio::post(io_, [done = std::move(done), error = std::move(error)] { done(error); });
  }

  HttpClientOptions options_;
  std::atomic<std::size_t> in_flight_{0};
  asio::io_context io_;
  asio::ssl::context tls_;
  asio::executor_work_guard<asio::io_context::executor_type> work_;
  std::thread thread_;
};

}  // namespace

std::unique_ptr<HttpClient> start_http_client(HttpClientOptions options) {
  return std::make_unique<BeastHttpClient>(std::move(options));
}

}  // namespace hotline::http_client
