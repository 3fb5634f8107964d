// HttpExchange: one request's life on the client's io_context — resolve, connect, TLS handshake
// (https), send, receive — under a single deadline. It reports exactly once through `done`, then
// calls `finished` so the client can count it out. Internal to http_client.
//
// Thread: the client's io thread only.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <functional>
#include <memory>

#include "http/client/client_url.hpp"
#include "http/client/http_client.hpp"

namespace hotline::http_client {

struct ExchangeSettings {
  std::size_t max_response_bytes = 0;
  std::string user_agent;
};

// Starts the exchange; it keeps itself alive through its pending operations.
void start_exchange(boost::asio::io_context& io, boost::asio::ssl::context& tls,
                    const ExchangeSettings& settings, const ClientUrl& url, const ClientRequest& request,
                    HttpClient::Done done, std::function<void()> finished);

}  // namespace hotline::http_client
