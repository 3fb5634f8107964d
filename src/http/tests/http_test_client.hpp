// A small synchronous HTTP/1.1 client over Beast for the end-to-end tests, plus raw-bytes helpers.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

namespace hotline::http::testing_support {

struct HttpReply {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;

  nlohmann::json json() const { return nlohmann::json::parse(body); }
  std::string header(const std::string& lower_name) const;
};

// Thread: the test's. One keep-alive connection to 127.0.0.1:port.
class HttpTestClient {
 public:
  explicit HttpTestClient(std::uint16_t port);

  HttpReply request(const std::string& method, const std::string& target, const std::string& body = {},
                    const std::map<std::string, std::string>& headers = {});
  HttpReply get(const std::string& target, const std::string& token = {});
  // Whether the server has closed the connection (a read gets EOF within `timeout_ms`).
  bool closed_by_server(int timeout_ms);

 private:
  boost::asio::io_context io_;
  boost::asio::ip::tcp::socket socket_;
  boost::beast::flat_buffer buffer_;
};

// Sends `bytes` on a fresh connection and returns everything the server answers until it closes.
std::string send_raw(std::uint16_t port, const std::string& bytes);

}  // namespace hotline::http::testing_support
