// HttpClient against a real HTTP server on 127.0.0.1: a small blocking server in the test that
// records each request and answers as the test says (or never). Nothing is faked on the client's
// side: sockets, timers and the io thread are the real ones.
#include "http/client/http_client.hpp"

#include <gtest/gtest.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <future>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace hotline::http_client {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

// Thread: the test's; serves on its own threads (one per connection).
class LocalHttpServer {
 public:
  // The raw response for a raw request (head and body); nullopt: never answer.
  using Answer = std::function<std::optional<std::string>(const std::string& request)>;

  // greet_first: answer as soon as a connection comes, without reading (a peer that speaks no TLS).
  explicit LocalHttpServer(Answer answer, bool greet_first = false)
      : answer_(std::move(answer)), greet_first_(greet_first) {
    acceptor_.open(tcp::v4());
    acceptor_.bind({asio::ip::make_address("127.0.0.1"), 0});
    acceptor_.listen();
    accepting_ = std::thread([this] { accept_loop(); });
  }

  // A blocked accept() is not woken by closing the acceptor on Linux: a last connection wakes it.
  ~LocalHttpServer() {
    boost::system::error_code ignored;
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
      for (auto& socket : sockets_) socket->shutdown(tcp::socket::shutdown_both, ignored);
    }
    tcp::socket poke(io_);
    poke.connect(acceptor_.local_endpoint(), ignored);
    accepting_.join();
    for (auto& thread : connections_) thread.join();
  }

  std::string url(const std::string& target) const {
    return "http://127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port()) + target;
  }

  std::vector<std::string> requests() {
    std::lock_guard lock(mutex_);
    return requests_;
  }

  static std::string reply(int status, const std::string& type, const std::string& body) {
    return "HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Type: " + type +
           "\r\nContent-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
  }

 private:
  void accept_loop() {
    for (;;) {
      auto socket = std::make_shared<tcp::socket>(io_);
      boost::system::error_code ec;
      acceptor_.accept(*socket, ec);
      if (ec) return;
      std::lock_guard lock(mutex_);
      if (stopping_) return;
      sockets_.push_back(socket);
      connections_.emplace_back([this, socket] { serve(*socket); });
    }
  }

  void serve(tcp::socket& socket) {
    boost::system::error_code ec;
    if (greet_first_) {
      if (auto response = answer_({})) asio::write(socket, asio::buffer(*response), ec);
      return;
    }
    std::string data;
    auto head_end = asio::read_until(socket, asio::dynamic_buffer(data), "\r\n\r\n", ec);
    if (ec) return;
    std::size_t length = 0;
    if (auto at = data.find("Content-Length: "); at != std::string::npos && at < head_end)
      length = std::stoul(data.substr(at + 16));
    while (data.size() < head_end + length && !ec) {
      char chunk[4096];
      data.append(chunk, socket.read_some(asio::buffer(chunk), ec));
    }
    {
      std::lock_guard lock(mutex_);
      requests_.push_back(data);
    }
    if (auto response = answer_(data)) asio::write(socket, asio::buffer(*response), ec);
  }

  Answer answer_;
  bool greet_first_ = false;
  asio::io_context io_;
  tcp::acceptor acceptor_{io_};
  std::thread accepting_;
  std::mutex mutex_;
  bool stopping_ = false;
  std::vector<std::shared_ptr<tcp::socket>> sockets_;
  std::vector<std::thread> connections_;
  std::vector<std::string> requests_;
};

// One request's outcome, waited for by the test.
struct Outcome {
  std::promise<Result<ClientResponse>> promise;
  std::future<Result<ClientResponse>> future = promise.get_future();
  HttpClient::Done done() {
    return [this](Result<ClientResponse> result) { promise.set_value(std::move(result)); };
  }
  Result<ClientResponse> get() {
    if (future.wait_for(10s) != std::future_status::ready) return Error::internal("no outcome within 10 s");
    return future.get();
  }
};

ClientRequest get(const std::string& url, std::int64_t timeout_ms = 3000) {
  return ClientRequest{"GET", url, {}, {}, timeout_ms};
}

TEST(HttpClientTest, GetReachesTheServerWithTargetAndHeadersAndReturnsTheAnswer) {
  LocalHttpServer server([](const std::string&) {
    return LocalHttpServer::reply(200, "application/json", R"({"balance": 42})");
  });
  auto client = start_http_client();
  ClientRequest request = get(server.url("/balance?caller=%2B8613800000000"));
  request.headers = {{"X-Token", "abc"}};
  Outcome outcome;
  client->fetch(request, outcome.done());
  auto response = outcome.get();
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->content_type, "application/json");
  EXPECT_EQ(response->body, R"({"balance": 42})");
  auto requests = server.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_TRUE(requests[0].starts_with("GET /balance?caller=%2B8613800000000 HTTP/1.1\r\n")) << requests[0];
  EXPECT_NE(requests[0].find("X-Token: abc\r\n"), std::string::npos) << requests[0];
  EXPECT_NE(requests[0].find("Host: 127.0.0.1:"), std::string::npos) << requests[0];
  EXPECT_EQ(client->in_flight(), 0u);
}

TEST(HttpClientTest, PostSendsTheBodyAndAnyStatusIsAResponse) {
  LocalHttpServer server(
      [](const std::string&) { return LocalHttpServer::reply(404, "text/plain", "no such"); });
  auto client = start_http_client();
  ClientRequest request{
      "POST", server.url("/tickets"), {{"Content-Type", "application/json"}}, R"({"a":1})", 3000};
  Outcome outcome;
  client->fetch(request, outcome.done());
  auto response = outcome.get();
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 404);
  EXPECT_EQ(response->body, "no such");
  auto sent = server.requests().at(0);
  EXPECT_TRUE(sent.starts_with("POST /tickets HTTP/1.1\r\n")) << sent;
  EXPECT_NE(sent.find("Content-Length: 7\r\n"), std::string::npos) << sent;
  EXPECT_TRUE(sent.ends_with("\r\n\r\n{\"a\":1}")) << sent;
}

TEST(HttpClientTest, AServerThatNeverAnswersTimesOutAtTheRequestsDeadline) {
  LocalHttpServer server([](const std::string&) { return std::nullopt; });
  auto client = start_http_client();
  Outcome outcome;
  auto started = std::chrono::steady_clock::now();
  client->fetch(get(server.url("/slow"), 300), outcome.done());
  auto response = outcome.get();
  auto waited = std::chrono::steady_clock::now() - started;
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().code, ErrorCode::Unavailable);
  EXPECT_EQ(response.error().message, "timed out after 300 ms");
  EXPECT_GE(waited, 290ms);
  EXPECT_LT(waited, 2s);
  EXPECT_EQ(server.requests().size(), 1u) << "the request was sent before the wait";
}

TEST(HttpClientTest, ARefusedConnectionIsReportedAsAConnectError) {
  std::uint16_t closed_port = 0;
  {
    asio::io_context io;
    tcp::acceptor probe(io, {asio::ip::make_address("127.0.0.1"), 0});
    closed_port = probe.local_endpoint().port();
  }
  auto client = start_http_client();
  Outcome outcome;
  client->fetch(get("http://127.0.0.1:" + std::to_string(closed_port) + "/"), outcome.done());
  auto response = outcome.get();
  ASSERT_FALSE(response);
  EXPECT_TRUE(response.error().message.starts_with("connect to 127.0.0.1:" + std::to_string(closed_port)))
      << response.error().message;
}

TEST(HttpClientTest, AResponseOverTheCapIsAnError) {
  LocalHttpServer server([](const std::string&) {
    return LocalHttpServer::reply(200, "application/json", std::string(5000, 'x'));
  });
  HttpClientOptions options;
  options.max_response_bytes = 1000;
  auto client = start_http_client(options);
  Outcome outcome;
  client->fetch(get(server.url("/big")), outcome.done());
  auto response = outcome.get();
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().message, "the response is larger than the 1000 bytes allowed");
}

TEST(HttpClientTest, RequestsOverTheConcurrencyLimitAreRefusedAtOnce) {
  LocalHttpServer server([](const std::string&) { return std::nullopt; });
  HttpClientOptions options;
  options.max_in_flight = 2;
  auto client = start_http_client(options);
  Outcome first, second, third;
  client->fetch(get(server.url("/1"), 400), first.done());
  client->fetch(get(server.url("/2"), 400), second.done());
  EXPECT_EQ(client->in_flight(), 2u);
  client->fetch(get(server.url("/3"), 400), third.done());
  ASSERT_EQ(third.future.wait_for(200ms), std::future_status::ready) << "the third was not refused at once";
  auto refused = third.get();
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message, "too many HTTP requests in flight (2)");
  EXPECT_FALSE(first.get());  // both time out
  EXPECT_FALSE(second.get());
  EXPECT_EQ(client->in_flight(), 0u);
  Outcome after;  // room again
  client->fetch(get(server.url("/4"), 400), after.done());
  EXPECT_EQ(after.get().error().message, "timed out after 400 ms");
}

TEST(HttpClientTest, RequestsThatCannotBeSentAreInvalidArguments) {
  auto client = start_http_client();
  Outcome bad_url, bad_method;
  client->fetch(get("ftp://127.0.0.1/"), bad_url.done());
  client->fetch(ClientRequest{"FETCH", "http://127.0.0.1/", {}, {}, 1000}, bad_method.done());
  auto url = bad_url.get();
  ASSERT_FALSE(url);
  EXPECT_EQ(url.error().field, "url");
  auto method = bad_method.get();
  ASSERT_FALSE(method);
  EXPECT_EQ(method.error().field, "method");
}

TEST(HttpClientTest, HttpsToAServerThatSpeaksNoTlsFailsInTheHandshake) {
  LocalHttpServer server(
      [](const std::string&) { return LocalHttpServer::reply(200, "text/plain", "plain"); }, true);
  auto client = start_http_client();
  Outcome outcome;
  std::string url = server.url("/");
  client->fetch(get("https" + url.substr(4), 2000), outcome.done());
  auto response = outcome.get();
  ASSERT_FALSE(response);
  EXPECT_TRUE(response.error().message.starts_with("TLS with 127.0.0.1:")) << response.error().message;
}

TEST(HttpClientTest, StoppingWithARequestInFlightDropsIt) {
  LocalHttpServer server([](const std::string&) { return std::nullopt; });
  auto client = start_http_client();
  std::atomic<int> called{0};
  client->fetch(get(server.url("/slow"), 5000), [&](Result<ClientResponse>) { ++called; });
  for (int i = 0; i < 100 && server.requests().empty(); ++i) std::this_thread::sleep_for(10ms);
  client->stop();
  client.reset();
  EXPECT_EQ(called.load(), 0);
}

}  // namespace
}  // namespace hotline::http_client
