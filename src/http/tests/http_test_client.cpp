#include "http/tests/http_test_client.hpp"

#include <poll.h>

#include <algorithm>
#include <boost/asio/connect.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

namespace hotline::http::testing_support {

namespace asio = boost::asio;
namespace bhttp = boost::beast::http;
using asio::ip::tcp;

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

tcp::endpoint local(std::uint16_t port) { return {asio::ip::make_address("127.0.0.1"), port}; }

}  // namespace

std::string HttpReply::header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  return it == headers.end() ? std::string{} : it->second;
}

HttpTestClient::HttpTestClient(std::uint16_t port) : socket_(io_) { socket_.connect(local(port)); }

HttpReply HttpTestClient::request(const std::string& method, const std::string& target,
                                  const std::string& body,
                                  const std::map<std::string, std::string>& headers) {
  bhttp::request<bhttp::string_body> request{bhttp::string_to_verb(method), target, 11};
  request.set(bhttp::field::host, "127.0.0.1");
  for (const auto& [name, value] : headers) request.set(name, value);
  request.body() = body;
  if (!body.empty() || method == "POST") request.prepare_payload();
  bhttp::write(socket_, request);

  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(16 * 1024 * 1024);
  bhttp::read(socket_, buffer_, parser);
  const auto& response = parser.get();
  HttpReply reply{static_cast<int>(response.result_int()), {}, response.body()};
  for (const auto& field : response) reply.headers[lower(std::string(field.name_string()))] = field.value();
  return reply;
}

HttpReply HttpTestClient::get(const std::string& target, const std::string& token) {
  if (token.empty()) return request("GET", target);
  return request("GET", target, {}, {{"Authorization", "Bearer " + token}});
}

bool HttpTestClient::closed_by_server(int timeout_ms) {
  pollfd fd{socket_.native_handle(), POLLIN, 0};
  if (::poll(&fd, 1, timeout_ms) <= 0) return false;
  char byte = 0;
  boost::system::error_code ec;
  socket_.read_some(asio::buffer(&byte, 1), ec);
  return ec == asio::error::eof || ec == asio::error::connection_reset;
}

std::string send_raw(std::uint16_t port, const std::string& bytes) {
  asio::io_context io;
  tcp::socket socket(io);
  socket.connect(local(port));
  asio::write(socket, asio::buffer(bytes));
  std::string answer;
  boost::system::error_code ec;
  asio::read(socket, asio::dynamic_buffer(answer), ec);  // until the server closes
  return answer;
}

}  // namespace hotline::http::testing_support
