// Listener: the bound acceptor. Each accepted connection gets its own strand and HttpSession.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <cstdint>
#include <memory>

#include "common/result.hpp"
#include "http/api_dispatcher.hpp"
#include "http/web_app_files.hpp"
#include "http/websocket_session.hpp"

namespace hotline::http {

// Thread: its acceptor's strand, after open() on the thread that starts the server.
class Listener : public std::enable_shared_from_this<Listener> {
 public:
  // Opens, binds and listens; port 0 picks a free port.
  static Result<std::shared_ptr<Listener>> open(boost::asio::io_context& io,
                                                const boost::asio::ip::tcp::endpoint& at,
                                                const ApiDispatcher& dispatcher, const WebAppFiles& web_files,
                                                boost::asio::thread_pool& handlers,
                                                const WebSocketEndpoint* websocket = nullptr);

  Listener(boost::asio::io_context& io, boost::asio::ip::tcp::acceptor&& acceptor,
           const ApiDispatcher& dispatcher, const WebAppFiles& web_files, boost::asio::thread_pool& handlers,
           const WebSocketEndpoint* websocket = nullptr);

  void start();
  std::uint16_t port() const { return port_; }

 private:
  void accept();
  void on_accept(boost::system::error_code ec, boost::asio::ip::tcp::socket socket);

  boost::asio::io_context& io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer retry_timer_;
  std::uint16_t port_;
  const ApiDispatcher& dispatcher_;
  const WebAppFiles& web_files_;
  boost::asio::thread_pool& handlers_;
  const WebSocketEndpoint* websocket_;
};

}  // namespace hotline::http
